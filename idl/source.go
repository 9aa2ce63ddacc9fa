package idl

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
)

// A Dir is one place where imported and included files are looked up.
type Dir struct {
	Name string // how file names from this directory are shown in positions ("" = the file name alone)
	FS   fs.FS
}

// OSDir returns a Dir for a directory on disk, shown by the path given.
func OSDir(dir string) Dir { return Dir{Name: dir, FS: os.DirFS(dir)} }

// display returns the name used in positions for file name in d.
func (d Dir) display(name string) string {
	if d.Name == "" || d.Name == "." {
		return name
	}
	if strings.HasPrefix(d.Name, "<") {
		return d.Name + "/" + name
	}
	return filepath.ToSlash(filepath.Join(d.Name, name))
}

// open finds name in d, first exactly, then ignoring case: Windows file systems
// are case-insensitive and SDK files import "wbemcli.idl" to mean "WbemCli.Idl".
// It returns the name as found.
func (d Dir) open(name string) (string, []byte, error) { return d.openIn(name, nil) }

// openIn is open, reading the directories it searches for a name of
// another case through c (nil: each time).
func (d Dir) openIn(name string, c *listings) (string, []byte, error) {
	name = path.Clean(filepath.ToSlash(name))
	if !fs.ValidPath(name) {
		return "", nil, fs.ErrNotExist
	}
	if b, err := readFS(d.FS, name); err == nil {
		return name, b, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", nil, err
	}
	dir, base := path.Split(name)
	real := ""
	cur := "."
	for _, elem := range append(strings.Split(strings.TrimSuffix(dir, "/"), "/"), base) {
		if elem == "" || elem == "." {
			continue
		}
		names, err := c.readDir(d.FS, cur)
		if err != nil {
			return "", nil, fs.ErrNotExist
		}
		found := ""
		for _, n := range names {
			if strings.EqualFold(n, elem) {
				found = n
				break
			}
		}
		if found == "" {
			return "", nil, fs.ErrNotExist
		}
		cur = path.Join(cur, found)
		real = cur
	}
	if real == "" {
		return "", nil, fs.ErrNotExist
	}
	b, err := readFS(d.FS, real)
	return real, b, err
}

// MaxFileSize is the largest IDL file comgen reads: the largest file of the
// Windows SDK is a few megabytes, and anything past this is not IDL (or is
// /dev/zero, which would otherwise be read forever).
const MaxFileSize = 64 << 20

// ErrFileTooLarge is the error for a file larger than MaxFileSize.
var ErrFileTooLarge = fmt.Errorf("file larger than %d MiB: not an IDL file comgen reads", MaxFileSize>>20)

// ReadFile reads a file from disk, refusing files larger than MaxFileSize
// before reading them (or, for devices and pipes, once that much was read).
func ReadFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f)
}

// listings holds the names in the directories Dir.openIn has read, for
// one Load: an SDK's um directory has over 2,000 files, and most of the
// SDK's imports and includes name their file in another case ("oaidl.idl"
// for OAIdl.idl), so reading it for each of them cost a sixth of a run's CPU
// time on d3d12.idl. Safe for concurrent use.
type listings struct {
	mu    sync.Mutex
	names map[listingKey][]string
}

type listingKey struct {
	fsys fs.FS
	dir  string
}

// readDir returns the names in dir of fsys, sorted (fs.ReadDir), read once
// per c when fsys can be a map key (os.DirFS and embed.FS can).
func (c *listings) readDir(fsys fs.FS, dir string) ([]string, error) {
	cached := c != nil && reflect.TypeOf(fsys).Comparable()
	k := listingKey{fsys, dir}
	if cached {
		c.mu.Lock()
		names, ok := c.names[k]
		c.mu.Unlock()
		if ok {
			return names, nil
		}
	}
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(ents))
	for i, e := range ents {
		names[i] = e.Name()
	}
	if cached {
		c.mu.Lock()
		if c.names == nil {
			c.names = map[listingKey][]string{}
		}
		c.names[k] = names
		c.mu.Unlock()
	}
	return names, nil
}

func readFS(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f)
}

func readLimited(f fs.File) ([]byte, error) {
	if fi, err := f.Stat(); err == nil {
		if fi.IsDir() {
			return nil, errors.New("is a directory")
		}
		if fi.Mode().IsRegular() && fi.Size() > MaxFileSize {
			return nil, ErrFileTooLarge
		}
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, ErrFileTooLarge
	}
	return b, nil
}

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}
