// Package comgen is the root of the comgen module: a generator of Go COM
// bindings from Microsoft IDL. The command is in cmd/comgen; the committed
// output for WMI's wbemcli interfaces is in out/wbemcli.
package comgen

//go:generate go run ./cmd/comgen -o out/wbemcli -pkg wbemcli
