package main

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// sdkDirs finds the directories where this machine keeps Windows IDL files,
// searched for imports when no -I is given:
//   - on Windows, the newest Windows Kit: %WindowsSdkDir%\Include\<version>\{um,shared,winrt}
//     (default C:\Program Files (x86)\Windows Kits\10);
//   - Wine's IDL (Debian's libwine-dev) and mingw-w64's (mingw-w64-*-dev).
func sdkDirs() []string {
	var dirs []string
	if runtime.GOOS == "windows" {
		root := os.Getenv("WindowsSdkDir")
		if root == "" {
			root = filepath.Join(os.Getenv("ProgramFiles(x86)"), "Windows Kits", "10")
		}
		inc := filepath.Join(root, "Include")
		if ents, err := os.ReadDir(inc); err == nil {
			var versions []string
			for _, e := range ents {
				if e.IsDir() && strings.HasPrefix(e.Name(), "10.") {
					versions = append(versions, e.Name())
				}
			}
			sort.Slice(versions, func(i, j int) bool { return versionLess(versions[i], versions[j]) })
			if len(versions) > 0 {
				for _, sub := range []string{"um", "shared", "winrt"} {
					dirs = append(dirs, filepath.Join(inc, versions[len(versions)-1], sub))
				}
			}
		}
	}
	dirs = append(dirs, "/usr/include/wine/wine/windows", "/usr/include/wine/wine",
		"/usr/share/mingw-w64/include", "/usr/x86_64-w64-mingw32/include")
	var found []string
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			found = append(found, d)
		}
	}
	return found
}

// versionLess orders SDK versions such as 10.0.19041.0 numerically.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if len(pa[i]) != len(pb[i]) {
			return len(pa[i]) < len(pb[i])
		}
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return len(pa) < len(pb)
}

// importPath returns the import path of the package in dir, from the
// nearest go.mod above it, or "" when dir is not inside a module.
func importPath(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if src, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			for _, line := range strings.Split(string(src), "\n") {
				f := strings.Fields(line)
				if len(f) >= 2 && f[0] == "module" {
					rel, err := filepath.Rel(d, abs)
					if err != nil {
						return ""
					}
					mod := strings.Trim(f[1], `"`)
					if rel == "." {
						return mod
					}
					return mod + "/" + filepath.ToSlash(rel)
				}
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
