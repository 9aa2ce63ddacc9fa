package typelib

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Resolve finds the libraries l imports (stdole2.tlb and others) in dirs,
// as the -I directories are searched for IDL imports: the first file of the
// import's name (matched without regard to case) whose library has the
// import's GUID. References to their types then name them (Ref.Type). It
// returns an error naming each library it could not find or read; the
// references into those keep their GUID or index (and Ref.Name still names
// the stdole types everyone uses).
func (l *Library) Resolve(dirs []string) error {
	var errs []error
	for _, imp := range l.Imports {
		if imp.Lib != nil {
			continue
		}
		if imp.GUID == l.GUID {
			imp.Lib = l // a library that imports itself (stdole2.tlb does)
			continue
		}
		lib, err := findImport(imp, dirs)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		imp.Lib = lib
	}
	for _, t := range l.Types {
		for _, r := range l.refsOf(t) {
			if r.Import == nil || r.Import.Lib == nil || r.Type != nil {
				continue
			}
			lib := r.Import.Lib
			if r.ByGUID {
				for _, u := range lib.Types {
					if u.GUID == r.GUID {
						r.Type = u
						break
					}
				}
			} else if r.Index >= 0 && r.Index < len(lib.Types) {
				r.Type = lib.Types[r.Index]
			}
		}
	}
	if l.Dispatch != nil && l.Dispatch.Import != nil && l.Dispatch.Import.Lib != nil && l.Dispatch.Type == nil {
		for _, u := range l.Dispatch.Import.Lib.Types {
			if u.GUID == l.Dispatch.GUID {
				l.Dispatch.Type = u
			}
		}
	}
	return errors.Join(errs...)
}

func findImport(imp *Import, dirs []string) (*Library, error) {
	want := strings.ToLower(filepath.Base(strings.ReplaceAll(imp.Name, `\`, "/")))
	var tried []string
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range ents {
			if strings.ToLower(e.Name()) != want {
				continue
			}
			p := filepath.Join(d, e.Name())
			lib, err := Open(p)
			if err != nil {
				tried = append(tried, err.Error())
				continue
			}
			if lib.GUID != imp.GUID {
				tried = append(tried, fmt.Sprintf("%s is library %s, not %s", p, lib.GUID, imp.GUID))
				continue
			}
			return lib, nil
		}
	}
	msg := fmt.Sprintf("cannot find the imported type library %s (%s, version %d.%d) in %s", imp.Name, imp.GUID, imp.Major, imp.Minor, strings.Join(dirs, string(os.PathListSeparator)))
	if len(tried) > 0 {
		msg += " (" + strings.Join(tried, "; ") + ")"
	}
	return nil, errors.New(msg)
}

// refsOf returns every reference t holds.
func (l *Library) refsOf(t *TypeInfo) []*Ref {
	var out []*Ref
	var td func(*TypeDesc)
	td = func(d *TypeDesc) {
		for ; d != nil; d = d.Elem {
			if d.Ref != nil {
				out = append(out, d.Ref)
			}
		}
	}
	for _, i := range t.Impls {
		out = append(out, i.Ref)
	}
	td(t.Alias)
	for _, f := range t.Funcs {
		td(f.Ret)
		for _, p := range f.Params {
			td(p.Type)
		}
	}
	for _, v := range t.Vars {
		td(v.Type)
	}
	return out
}
