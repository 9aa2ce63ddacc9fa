//go:build unix

package idl

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestDiskCacheHostileEntries: an entry replaced by a link (to /dev/zero:
// reading it never ends), by a FIFO (opening it blocks), or by another
// file's entry is no entry: the load preprocesses the file itself, in
// bounded time and memory, and gives the right value.
func TestDiskCacheHostileEntries(t *testing.T) {
	tmp := t.TempDir()
	a := filepath.Join(tmp, "a.idl")
	c := &DiskCache{Dir: filepath.Join(tmp, "cache"), Version: "test"}
	// The entry of another text of a.idl, to put where this text's goes.
	write(t, a, "const long A = 2;\n")
	diskLoad(t, c, nil, a)
	entries, _ := filepath.Glob(filepath.Join(c.Dir, "*", "*"))
	if len(entries) != 1 {
		t.Fatalf("%d entries after one load, want 1", len(entries))
	}
	other := entries[0]
	write(t, a, "const long A = 1;\n")
	diskLoad(t, c, nil, a)
	entries, _ = filepath.Glob(filepath.Join(c.Dir, "*", "*"))
	var entry string
	for _, p := range entries {
		if p != other {
			entry = p
		}
	}
	if entry == "" {
		t.Fatal("the second text of a.idl made no entry of its own")
	}
	for _, tc := range []struct {
		name  string
		setup func() error
	}{
		{"link to /dev/zero", func() error { return os.Symlink("/dev/zero", entry) }},
		{"FIFO", func() error { return syscall.Mkfifo(entry, 0o644) }},
		{"the entry of another text", func() error {
			data, err := os.ReadFile(other)
			if err != nil {
				return err
			}
			return os.WriteFile(entry, data, 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(entry)
			if err := tc.setup(); err != nil {
				t.Skip(err)
			}
			before := c.hits.Load()
			done := make(chan *Program, 1)
			go func() {
				p, _ := Load(Config{Disk: c}, a)
				done <- p
			}()
			select {
			case p := <-done:
				if p == nil {
					t.Fatal("a.idl did not load")
				}
				if v := constValue(t, p, "A"); v != 1 || c.hits.Load() != before {
					t.Errorf("A = %d (want 1), %d entries used (want none)", v, c.hits.Load()-before)
				}
			case <-time.After(time.Minute): // a bound on a hang, not a speed check
				t.Fatal("the load did not finish")
			}
		})
	}
}
