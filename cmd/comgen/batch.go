package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
)

// Batch regeneration: -job and -batch run several packages' generation in
// one process (the SDK-update case: one go:generate line regenerating ten or
// a hundred packages). Each job is one run's arguments, after the flags
// given outside -job and -batch, so it makes exactly the files the run
// `comgen <those flags> <the job's arguments>` makes. The jobs share one
// cache of parsed IDL files (the imports they have in common are parsed
// once) and run on GOMAXPROCS workers; each job's writes are those of a run
// of its own (see writeFiles), and its messages are printed together, in
// the jobs' order.

// batchJobs is setup for a command line with -job or -batch: the jobs'
// arguments, or a usage error.
func batchJobs(fs *flag.FlagSet, jobs []string, batchFile string, stderr io.Writer) (*job, int) {
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "comgen: with -job or -batch, input files go in the jobs, not after the flags (%s)\n", fs.Arg(0))
		return nil, 2
	}
	// The flags given outside the jobs, as they were given.
	var global []string
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "job", "batch":
		case "I", "D", "M":
			for _, v := range *f.Value.(*multiFlag) {
				global = append(global, "-"+f.Name+"="+v)
			}
		default:
			global = append(global, "-"+f.Name+"="+f.Value.String())
		}
	})
	type line struct {
		where string
		text  string
	}
	var lines []line
	for i, j := range jobs {
		lines = append(lines, line{fmt.Sprintf("-job %d", i+1), j})
	}
	if batchFile != "" {
		b, err := os.ReadFile(batchFile)
		if err != nil {
			fmt.Fprintf(stderr, "comgen: -batch: %v\n", err)
			return nil, 2
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, len(b)+1)
		for n := 1; sc.Scan(); n++ {
			if t := strings.TrimSpace(sc.Text()); t != "" && !strings.HasPrefix(t, "#") {
				lines = append(lines, line{fmt.Sprintf("%s:%d", batchFile, n), t})
			}
		}
	}
	if len(lines) == 0 {
		fmt.Fprintf(stderr, "comgen: -batch %s has no job\n", batchFile)
		return nil, 2
	}
	b := &job{}
	for _, l := range lines {
		args, err := splitArgs(l.text)
		if err != nil {
			fmt.Fprintf(stderr, "comgen: %s: %v\n", l.where, err)
			return nil, 2
		}
		b.batch = append(b.batch, batchJob{l.where, append(slices.Clip(global), args...)})
	}
	return b, 0
}

// newBatchCache makes the jobs' cache of parsed IDL; tests replace it to
// count the parses.
var newBatchCache = idl.NewCache

// batchJob is one job's arguments, the flags outside the jobs first, and
// where it was given, for messages: "-job 2", "jobs.txt:7".
type batchJob struct {
	where string
	args  []string
}

// splitArgs splits a job into its arguments as go generate splits a
// directive: at white space, with a double-quoted Go string one argument.
func splitArgs(s string) ([]string, error) {
	var args []string
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			return args, nil
		}
		if s[0] == '"' {
			end := 1
			for ; end < len(s) && s[end] != '"'; end++ {
				if s[end] == '\\' {
					end++
				}
			}
			if end >= len(s) {
				return nil, fmt.Errorf("unterminated quoted string")
			}
			a, err := strconv.Unquote(s[:end+1])
			if err != nil {
				return nil, fmt.Errorf("bad quoted string %s", s[:end+1])
			}
			args = append(args, a)
			s = s[end+1:]
			continue
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		args = append(args, s[:end])
		s = s[end:]
	}
}

// runBatch runs the jobs (see batchJobs) and returns the exit status: the
// worst of the jobs'. Every job is set up before any runs, so that a usage
// error in one stops all of them before anything is read or written.
func runBatch(batch []batchJob, stdout, stderr io.Writer) int {
	jobs := make([]*job, len(batch))
	outs := map[string]string{}
	for i, b := range batch {
		where := b.where
		var errBuf bytes.Buffer
		j, code := setup(b.args, io.Discard, &errBuf)
		if j == nil || len(j.batch) > 0 {
			if code == 0 {
				fmt.Fprintf(&errBuf, "comgen: a job generates a package: no -job, -batch, -h, -version, -sdk or -idl in it\n")
			}
			fmt.Fprintf(stderr, "comgen: job %s: %s", where, strings.TrimPrefix(errBuf.String(), "comgen: "))
			return 2
		}
		abs, err := filepath.Abs(j.out)
		if err != nil {
			fmt.Fprintf(stderr, "comgen: job %s: %v\n", where, err)
			return 2
		}
		if prev, dup := outs[abs]; dup {
			fmt.Fprintf(stderr, "comgen: job %s: -o %s is the output directory of job %s too\n", where, j.out, prev)
			return 2
		}
		outs[abs] = where
		jobs[i] = j
	}
	go gen.Prepare()
	cache := newBatchCache()
	type result struct {
		code           int
		stdout, stderr bytes.Buffer
	}
	results := make([]result, len(jobs))
	// GOMAXPROCS jobs load and generate at a time; a job that has done so
	// (its type check running, its files being written and synced) makes
	// way for the next, up to a bound on what is held in memory.
	building := make(chan struct{}, runtime.GOMAXPROCS(0))
	held := make(chan struct{}, 2*runtime.GOMAXPROCS(0)+2)
	var wg sync.WaitGroup
	for i, j := range jobs {
		held <- struct{}{}
		building <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-held }()
			r := &results[i]
			j.cfg.Cache = cache
			r.code = j.run(&progress{}, &r.stdout, &r.stderr, func() { <-building })
		}()
	}
	wg.Wait()
	code := 0
	for i := range results {
		stdout.Write(results[i].stdout.Bytes())
		stderr.Write(results[i].stderr.Bytes())
		code = max(code, results[i].code)
	}
	return code
}
