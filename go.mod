module github.com/comgen/comgen

go 1.26.8

require github.com/dave/jennifer v1.7.1

require golang.org/x/sys v0.50.0

require (
	golang.org/x/mod v0.42.0
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0
)
