package main

import (
	"runtime/debug"

	"github.com/comgen/comgen/gen"
)

// modulePath is comgen's module.
const modulePath = "github.com/comgen/comgen"

// version is comgen's version, as -version prints it and the versions line
// of every generated file records it (see moduleVersion).
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return gen.Devel
	}
	return moduleVersion(bi)
}

// moduleVersion is the version of the comgen module the program was built
// from: the module version a go.mod requires (go get -tool, go run
// github.com/comgen/comgen/cmd/comgen@v0.1.0) or go install installed, a
// pseudo-version for a commit required so, and "(devel)" for a build of a
// working tree (a replace to a directory, or a build in comgen's own
// checkout: go run ./cmd/comgen, go build, go test). A checkout's build is
// "(devel)" even where the go command stamps a version from version control
// (a tag, or a pseudo-version with +dirty): the repository's generated files
// must not change with every commit, nor between a tagged checkout and the
// one before. The VCS revision is never part of it (-version shows it).
func moduleVersion(bi *debug.BuildInfo) string {
	orDevel := func(v string) string {
		if v == "" {
			return gen.Devel
		}
		return v
	}
	if bi.Main.Path == modulePath {
		if vcsRevision(bi) != "" {
			return gen.Devel
		}
		return orDevel(bi.Main.Version)
	}
	for _, d := range bi.Deps {
		if d.Path != modulePath {
			continue
		}
		if r := d.Replace; r != nil {
			if r.Path != modulePath {
				return gen.Devel // a directory, or a fork: no version of comgen
			}
			return orDevel(r.Version) // another version of comgen
		}
		return orDevel(d.Version)
	}
	return gen.Devel
}

// vcsRevision is the version control revision the program was built from,
// with "+modified" when the tree had changes, or "" when the go command
// stamped none.
func vcsRevision(bi *debug.BuildInfo) string {
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		}
	}
	if rev == "" {
		return ""
	}
	return rev + modified
}

// versionText is what -version prints: the version the generated files
// record, and the VCS revision of a build in comgen's checkout when the go
// command stamped one.
func versionText() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "comgen " + gen.Devel
	}
	text := "comgen " + moduleVersion(bi)
	if rev := vcsRevision(bi); rev != "" && bi.Main.Path == modulePath {
		text += " (" + rev + ")"
	}
	return text
}
