// Comgen generates Go bindings for COM interfaces from Microsoft IDL.
//
// It reads IDL files (the MIDL dialect of the Windows SDK and the widl dialect
// of Wine and mingw-w64), checks them, lays out each interface's vtable, and
// writes a Go package that calls the interfaces through their vtables with
// typed methods, and lets Go code implement them as COM objects.
//
// Usage:
//
//	comgen [flags] [file.idl ...]
//
// With no file, comgen generates from its embedded wbemcli.idl (WMI's client
// interfaces). An input ending in .tlb, .olb, .dll, .ocx or .exe, or with a
// #N suffix (TYPELIB resource N of a PE file; without it, resource 1), is
// read as a type library instead, on any OS: comgen -o scripting scrrun.dll.
// The libraries it imports (stdole2.tlb) are looked for in its directory,
// the -I directories and the system's. Errors are printed as file:line:col: message, at most ten.
//
// # Use from go generate
//
// comgen and the code it generates need Go 1.24 or later. Add comgen to a
// module as a tool:
//
//	go get -tool github.com/comgen/comgen/cmd/comgen
//
// and put a go:generate line in any Go file; go generate runs it in that
// file's directory, so -o and the input paths are relative to it:
//
//	//go:generate go tool comgen -o wmi -pkg wmi
//
// then run
//
//	go generate ./... && go mod tidy
//
// (go mod tidy once, for golang.org/x/sys/windows, which the generated code
// imports). To generate from the Windows SDK's IDL, or from Wine's:
//
//	//go:generate go tool comgen -o wmi -pkg wmi "C:/Program Files (x86)/Windows Kits/10/Include/10.0.22621.0/um/WbemCli.Idl"
//	//go:generate go tool comgen -I /usr/include/wine/wine/windows -o wmi -pkg wmi /usr/include/wine/wine/windows/wbemcli.idl
//
// Packages that work together share one runtime package, and refer to the
// declarations of the IDL files they import in the packages generated from
// them:
//
//	//go:generate go tool comgen -write-runtime -o com
//	//go:generate go tool comgen -runtime example.com/m/com -o objidl .../objidl.idl
//	//go:generate go tool comgen -runtime example.com/m/com -M objidl.idl=example.com/m/objidl -o oaidl .../oaidl.idl
//
// # Many packages in one run
//
// Regenerating many packages (the update of an SDK) is faster in one run:
// each -job is the arguments of one run, and -batch file holds one job a
// line (# starts a comment line; arguments are split at white space, a
// double-quoted Go string is one). The flags outside the jobs come first in
// each job, which may add to them (-I, -D, -M) or set them again, so that a
// job makes exactly the files the run `comgen <flags> <job>` makes:
//
//	//go:generate go tool comgen -I ../idl -runtime example.com/m/com -batch packages.txt
//
// with packages.txt:
//
//	-write-runtime -runtime= -o com
//	-o objidl ../idl/objidl.idl
//	-o oaidl -M objidl.idl=example.com/m/objidl ../idl/oaidl.idl
//
// The jobs run side by side on the machine's processors (GOMAXPROCS) and
// parse each IDL file they read once. Each job writes its package as a run
// of its own does (see Output); a job that fails leaves its package as it
// was, its errors are printed with the others' in the jobs' order, and the
// exit status is the worst of the jobs'. A usage error in any job (or two
// jobs with one -o) stops the batch before anything is read. Relative
// paths in a job are relative to the current directory, not the batch
// file's. -check with the jobs checks every package.
//
// In the CI of a repository that commits the generated files, check that
// they are current (the same flags as the go:generate line, and -check):
//
//	go tool comgen -check -o wmi -pkg wmi
//
// # Flags
//
//	-o dir
//		write the package to dir (default ".")
//	-pkg name
//		Go package name (default: the base name of -o, with - as _)
//	-I dir
//		add dir to the directories searched for imports (repeatable); the
//		directory of the file that imports is searched first and the
//		embedded base IDL files last; without -I, the directories -sdk
//		prints are searched
//	-D name[=value]
//		predefine a preprocessor macro (repeatable); __WIDL__, __midl=501,
//		MIDL_PASS and _WIN32 are predefined
//	-interfaces list
//		comma-separated glob patterns: generate only these interfaces (found
//		in the input files and the files they import) and what they refer to
//	-exclude list
//		comma-separated glob patterns: do not generate these interfaces, nor
//		coclasses whose default interface they are
//	-optional list
//		comma-separated Interface.Method.Parameter glob patterns (found in
//		the input files and their imports): parameters that may be NULL
//		where the IDL does not say so (with [unique], [ptr] or a SAL _opt_
//		annotation). An [in] string becomes a *string (nil passes NULL); an
//		[out] value becomes a *T parameter the callee fills (nil passes
//		NULL) instead of a result. A pattern that names no interface,
//		method or parameter, or a parameter that is not a pointer, is an
//		error
//	-no-tests
//		write no _test.go files into the package: generated_test.go (the
//		tests of the HRESULT mapping, and the layout checks, which go vet
//		and go test compile) and runtime_windows_test.go (the tests of the
//		runtime support: VARIANT, EXCEPINFO, Go COM objects); comgen then
//		checks the layouts itself, for 386 and amd64 (arm64 has amd64's),
//		before it writes
//	-split idl|interface
//		spread the declarations over one set of files per IDL file, or per
//		interface (default: one file each for types, wrappers and Go COM
//		objects)
//	-runtime importpath
//		use the shared runtime package at importpath (written by a
//		-write-runtime run) instead of writing the runtime support into the
//		package: packages generated with one runtime share its HRESULT,
//		GUID, BSTR, VARIANT and IUnknown; unknwn.idl's declarations come
//		from it
//	-write-runtime
//		write that shared runtime package to -o (takes no input file)
//	-M file.idl=importpath
//		the declarations of file.idl (an imported file, matched by base name
//		without regard to case) are those of the Go package at importpath,
//		generated from file.idl with the same -runtime: refer to them there
//		instead of declaring them again (repeatable; needs -runtime)
//	-job arguments
//		the arguments of one package's run, generated with the others of
//		-job and -batch side by side in one run (repeatable; see Many
//		packages in one run)
//	-batch file
//		a file of jobs, one run's arguments a line, as for -job
//	-check
//		write nothing; print a unified diff of each file in -o that differs
//		from what would be generated, name missing files and generated files
//		a run would remove, and exit 1 when there is any; a file whose
//		versions line alone differs (or that has none) is not counted
//	-check-version
//		with -check, count a difference in the versions line too
//	-sdk
//		print the IDL directories found on this machine and exit: the newest
//		Windows Kit's um, shared and winrt on Windows, Wine's and
//		mingw-w64's IDL on Linux
//	-idl
//		print the one type library given (file.tlb, file.dll, file.ocx,
//		file.exe, or file.dll#N for TYPELIB resource N) as IDL that widl
//		and MIDL compile, and exit
//	-version
//		print comgen's version and exit
//	-h
//		print the flags and exit
//
// # Output
//
// Every generated file starts with two comment lines: the generated-code
// line (ast.IsGenerated's), naming the input files by base name, and the
// versions that made it:
//
//	// Code generated by comgen from WbemCli.Idl. DO NOT EDIT.
//	// versions: comgen v0.1.0, Windows SDK 10.0.22621.0
//
// comgen's version is the module version it was built at ("(devel)" for a
// build of a working tree); the Windows SDK's is there when files were read
// from a Kit's Include/<version> directory. Nothing else depends on the
// machine or the time: one version of comgen writes the same bytes
// everywhere.
//
// comgen replaces only files it generated (those starting with
// "// Code generated by comgen"): a file without that header, a symbolic
// link or anything but a regular file where a generated file would go stops
// the run before anything is written. Each file is written to a temporary
// file in -o and renamed over its target once all were written; generated
// files of an earlier run that this one does not produce are removed; two
// runs into one directory wait for each other.
//
// # Environment
//
// comgen reads these environment variables:
//
//	WindowsSdkDir, ProgramFiles(x86)
//		on Windows, where the Windows Kits are: WindowsSdkDir, or else
//		%ProgramFiles(x86)%\Windows Kits\10 (for -sdk, and imports without -I)
//	XDG_CACHE_HOME, HOME (Unix), LocalAppData (Windows)
//		the user's cache directory (os.UserCacheDir), which holds the locks
//		of the output directories (without one, they are in the temporary
//		directory)
//
// # Exit status
//
//	0	success; also -check with nothing to report, -h, -sdk and -version
//	1	errors in the input (printed with their positions) or in what the
//		flags select from it (an -interfaces pattern that matches no
//		interface), a -check difference, or a failure to write the output
//	2	bad usage: an unknown flag, a -pkg that is not a valid Go package
//		name, an -I that is not a directory, a malformed -D, -M or -runtime,
//		a -split other than idl or interface, or flags that exclude each
//		other (in any job of a batch, or two jobs with one -o)
package main
