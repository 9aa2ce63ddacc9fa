package idl

import "embed"

//go:embed builtin/*.idl
var builtinFS embed.FS

// Builtin is the directory of IDL files that comgen carries: its own wbemcli.idl
// and the few base types it imports. It is searched after the -I directories,
// so a real SDK directory takes precedence.
var Builtin = Dir{Name: "<builtin>", FS: mustSub(builtinFS, "builtin")}
