//go:build windows

package shobjidl

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// folderIDWindows is FOLDERID_Windows (knownfolders.h), the Windows
// directory.
var folderIDWindows = GUID{0xF38BF404, 0x1D43, 0x42F2, [8]byte{0x93, 0x05, 0x67, 0xDE, 0x0B, 0x28, 0xFC, 0x23}}

// TestFindData: IShellLinkW.GetPath fills a WIN32_FIND_DATAW (the C
// layout, 592 bytes) for the file SetPath named: shell32's ShellLink reads
// the file's name and size.
func TestFindData(t *testing.T) {
	// Not t.TempDir: Wine fails its cleanup (unlinkat: Invalid function).
	dir, err := os.MkdirTemp("", "calleemem")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "target.txt")
	const size = 1234
	if err := os.WriteFile(path, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	err = WithCOM(func() error {
		link, err := NewShellLink()
		if err != nil {
			return err
		}
		defer link.Release()
		if _, err := link.SetPath(path); err != nil {
			return err
		}
		buf := make([]uint16, 260)
		var fd WIN32_FIND_DATAW
		if _, err := link.GetPath(buf, &fd, 0); err != nil {
			return err
		}
		got := syscall.UTF16ToString(buf)
		name := syscall.UTF16ToString(fd.CFileName[:])
		t.Logf("GetPath = %q; WIN32_FIND_DATAW: cFileName %q, size %d:%d, attributes %#x", got, name, fd.NFileSizeHigh, fd.NFileSizeLow, fd.DwFileAttributes)
		if !strings.EqualFold(got, path) {
			t.Errorf("GetPath = %q, want %q", got, path)
		}
		if !strings.EqualFold(name, "target.txt") && !strings.EqualFold(name, path) {
			t.Errorf("cFileName = %q, want target.txt", name)
		}
		if fd.NFileSizeLow != size || fd.NFileSizeHigh != 0 {
			t.Errorf("file size %d:%d, want %d", fd.NFileSizeHigh, fd.NFileSizeLow, size)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPIDL: a PIDL is a *ITEMIDLIST both ways. The known folder manager
// gives the Windows directory's; ShellLink takes it (SetIDList), gives a
// copy back (GetIDList) and resolves it to the directory's path, which the
// known folder names too. (Wine's FindFolderFromIDList is E_NOTIMPL.) Each
// PIDL is freed with FreeCoTaskMem.
func TestPIDL(t *testing.T) {
	err := WithCOM(func() error {
		kfm, err := NewKnownFolderManager()
		if err != nil {
			return err
		}
		defer kfm.Release()
		kf, _, err := kfm.GetFolder(&folderIDWindows)
		if err != nil {
			return err
		}
		defer kf.Release()
		pidl, _, err := kf.GetIDList(0)
		if err != nil {
			return err
		}
		defer FreeCoTaskMem(pidl)
		if pidl == nil || pidl.Mkid.Cb == 0 {
			t.Fatalf("GetIDList = %v: want a PIDL with an item", pidl)
		}
		link, err := NewShellLink()
		if err != nil {
			return err
		}
		defer link.Release()
		if _, err := link.SetIDList(pidl); err != nil {
			return err
		}
		back, _, err := link.GetIDList()
		if err != nil {
			return err
		}
		defer FreeCoTaskMem(back)
		if back == nil || back == pidl || back.Mkid.Cb != pidl.Mkid.Cb {
			t.Errorf("GetIDList = %p (first item %d bytes), want a copy of %p (%d bytes)", back, back.Mkid.Cb, pidl, pidl.Mkid.Cb)
		}
		want, _, err := kf.GetPath(0)
		if err != nil {
			return err
		}
		buf := make([]uint16, 260)
		if _, err := link.GetPath(buf, nil, 0); err != nil {
			return err
		}
		got := syscall.UTF16ToString(buf)
		t.Logf("the PIDL's first item is %d bytes; the link resolves it to %q; the known folder's path is %q", pidl.Mkid.Cb, got, want)
		if want == "" || !strings.EqualFold(got, want) {
			t.Errorf("the link's path from the PIDL = %q, want the known folder's %q", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFolderDefinition: IKnownFolder.GetFolderDefinition fills a
// KNOWNFOLDER_DEFINITION with strings the caller frees: FreeStrings frees
// them and clears the fields.
func TestFolderDefinition(t *testing.T) {
	err := WithCOM(func() error {
		kfm, err := NewKnownFolderManager()
		if err != nil {
			return err
		}
		defer kfm.Release()
		kf, _, err := kfm.GetFolder(&folderIDWindows)
		if err != nil {
			return err
		}
		defer kf.Release()
		def, _, err := kf.GetFolderDefinition()
		if err != nil {
			return err
		}
		name := UTF16PtrToString(def.PszName)
		t.Logf("KNOWNFOLDER_DEFINITION: category %d, name %q, relative path %q, parsing name %q", def.Category, name, UTF16PtrToString(def.PszRelativePath), UTF16PtrToString(def.PszParsingName))
		if name != "Windows" {
			t.Errorf("pszName = %q, want Windows", name)
		}
		if def.Category != KF_CATEGORY_FIXED {
			t.Errorf("category = %d, want KF_CATEGORY_FIXED", def.Category)
		}
		def.FreeStrings()
		if def.PszName != nil || def.PszDescription != nil || def.PszRelativePath != nil || def.PszParsingName != nil ||
			def.PszTooltip != nil || def.PszLocalizedName != nil || def.PszIcon != nil || def.PszSecurity != nil {
			t.Errorf("FreeStrings left a field set: %+v", def)
		}
		def.FreeStrings() // a second call frees nothing
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
