module github.com/comgen/comgen

go 1.26.8

require github.com/dave/jennifer v1.7.1

require golang.org/x/sys v0.50.0
