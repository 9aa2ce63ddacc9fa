package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// TestBatchSameAsOneAtATime: a batch (-batch file and -job) makes exactly
// the files its jobs make when run one at a time, with the flags outside
// the jobs applying to each, over Wine's IDL files that import each other
// (shared runtime, -M mappings, a -write-runtime job, several input files);
// every file the jobs read is parsed once, though the jobs run side by side.
func TestBatchSameAsOneAtATime(t *testing.T) {
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	w := idltest.WineIDLDir
	base := t.TempDir()
	one, batch := filepath.Join(base, "one"), filepath.Join(base, "batch")
	global := []string{"-I", w, "-runtime", "example.com/m/com"}
	jobs := [][]string{
		{"-o", "objidl", w + "/objidl.idl"},
		{"-o", "oaidl", "-M", "objidl.idl=example.com/m/objidl", w + "/oaidl.idl"},
		{"-o", "ocidl", "-M", "objidl.idl=example.com/m/objidl", "-M", "oaidl.idl=example.com/m/oaidl", "-split", "idl", w + "/ocidl.idl"},
		{"-o", "wbem", "-pkg", "wbem", "-no-tests", w + "/wbemcli.idl"},
		{"-o", "two", "-interfaces", "IPersist*", w + "/ocidl.idl", w + "/objidl.idl"},
		{"-o", "propidl", w + "/propidl.idl"},
	}
	for _, j := range jobs {
		args := append(append([]string{}, global...), j...)
		for i, a := range args {
			if i > 0 && args[i-1] == "-o" {
				args[i] = filepath.Join(one, a)
			}
		}
		if code, errs := comgen(t, args...); code != 0 {
			t.Fatalf("comgen %v: exit %d\n%s", args, code, errs)
		}
	}
	if code, errs := comgen(t, "-write-runtime", "-o", filepath.Join(one, "com")); code != 0 {
		t.Fatalf("-write-runtime: exit %d %s", code, errs)
	}

	var file bytes.Buffer
	fmt.Fprintf(&file, "# the packages of example.com/m\n\n")
	for _, j := range jobs[1:] {
		for i, a := range j {
			if i > 0 && j[i-1] == "-o" {
				a = filepath.Join(batch, a)
			}
			fmt.Fprintf(&file, "%q ", a)
		}
		file.WriteString("\n")
	}
	jobsFile := filepath.Join(base, "jobs.txt")
	if err := os.WriteFile(jobsFile, file.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var cache *idl.Cache
	newBatchCache = func() *idl.Cache { cache = idl.NewCache(); return cache }
	defer func() { newBatchCache = idl.NewCache }()
	args := append(append([]string{}, global...), "-batch", jobsFile,
		"-job", "-o "+filepath.Join(batch, "objidl")+" "+w+"/objidl.idl",
		"-job", "-write-runtime -runtime= -o "+filepath.Join(batch, "com"))
	if code, errs := comgen(t, args...); code != 0 {
		t.Fatalf("batch: exit %d\n%s", code, errs)
	}
	for _, pkg := range []string{"objidl", "oaidl", "ocidl", "wbem", "two", "propidl", "com"} {
		sameFiles(t, pkg, snapshot(t, filepath.Join(batch, pkg)), snapshot(t, filepath.Join(one, pkg)))
	}
	// Once each: the -write-runtime job reads the embedded files with
	// other directories (the embedded ones alone), which makes another
	// cache key, so those it reads are parsed once for it and once for
	// the others.
	parses := cache.Parses()
	for _, f := range []string{"objidl.idl", "oaidl.idl", "ocidl.idl", "unknwn.idl", "wtypes.idl", "propidl.idl", "wbemcli.idl"} {
		if parses[filepath.Join(w, f)] != 1 {
			t.Errorf("%s parsed %d times, want once", f, parses[filepath.Join(w, f)])
		}
	}
	runtimeJob := map[string]bool{"<builtin>/unknwn.idl": true, "<builtin>/wtypes.idl": true, "<builtin>/exports.idl": true}
	for name, k := range parses {
		if want := 1; k != want && !(runtimeJob[name] && k == 2) {
			t.Errorf("%s parsed %d times, want once", name, k)
		}
	}
}

// TestBatchFailingJob: a job whose IDL has an error is reported at its
// position with exit status 1 and leaves its package as it was; the other
// jobs are written. A usage error in any job stops the batch before
// anything is read or written.
func TestBatchFailingJob(t *testing.T) {
	base := t.TempDir()
	bad := filepath.Join(base, "bad.idl")
	if err := os.WriteFile(bad, []byte("import \"unknwn.idl\";\ntypedef NOPE X;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(base, "good.idl")
	if err := os.WriteFile(good, []byte("import \"unknwn.idl\";\n[object, uuid(12345678-1234-1234-1234-123456789012)]\ninterface IThing : IUnknown { HRESULT Do([in] long n, [out] long *res); }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pkgBad, pkgGood, pkgWMI := filepath.Join(base, "bad"), filepath.Join(base, "good"), filepath.Join(base, "wmi")
	if code, errs := comgen(t, "-I", base, "-o", pkgBad, good); code != 0 {
		t.Fatalf("first run: %d %s", code, errs)
	}
	before := snapshot(t, pkgBad)
	code, errs := comgen(t, "-I", base, "-job", "-o "+pkgBad+" "+bad, "-job", "-o "+pkgGood+" "+good, "-job", "-o "+pkgWMI)
	if code != 1 || !strings.Contains(errs, bad+":2:9: ") {
		t.Errorf("batch with a bad job: exit %d, stderr %q; want 1 and the error at %s:2:9", code, errs, bad)
	}
	sameFiles(t, "the failed job's package", snapshot(t, pkgBad), before)
	for _, dir := range []string{pkgGood, pkgWMI} {
		if len(snapshot(t, dir)) < 5 {
			t.Errorf("%s: the good job's package was not written", dir)
		}
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-job", "-o " + filepath.Join(base, "x1"), "-job", "-o " + filepath.Join(base, "x2") + " -pkg 1x"}, "job -job 2: package name \"1x\""},
		{[]string{"-job", "-o " + filepath.Join(base, "x1"), "-job", "-o " + filepath.Join(base, "x1") + " " + good}, "is the output directory of job -job 1 too"},
		{[]string{"-job", "-version"}, "a job generates a package"},
		{[]string{"-job", "-o \"unterminated"}, "unterminated quoted string"},
		{[]string{"-job", "-o " + filepath.Join(base, "x1"), good}, "input files go in the jobs"},
		{[]string{"-batch", filepath.Join(base, "none.txt")}, "-batch: open"},
	} {
		code, errs := comgen(t, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("comgen %q: exit %d, stderr %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
		if _, err := os.Stat(filepath.Join(base, "x1")); err == nil {
			t.Errorf("comgen %q wrote a package", tc.args)
		}
	}
}

func TestSplitArgs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  -o  out\tfile.idl ", []string{"-o", "out", "file.idl"}},
		{`-o "a b" "c\"d" -pkg x`, []string{"-o", "a b", `c"d`, "-pkg", "x"}},
	} {
		got, err := splitArgs(tc.in)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(tc.want) || len(got) != len(tc.want) {
			t.Errorf("splitArgs(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
