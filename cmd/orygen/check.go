package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/outdir"
	"github.com/orygen/orygen/internal/pipeline"
	"github.com/orygen/orygen/internal/udiff"
)

// checkTargets compares each target's output directory with the files
// built for it: a unified diff of every difference goes to stdout and a
// line per stale directory to stderr. It returns 1 if any is stale.
func checkTargets(targets []target, built [][]emit.File, stdout, stderr io.Writer) int {
	code := 0
	for i, t := range targets {
		st, err := staleness(t.Out, built[i])
		if err != nil {
			fmt.Fprintln(stderr, "orygen: error:", err)
			code = 1
			continue
		}
		if st.current() {
			continue
		}
		io.WriteString(stdout, st.diff)
		fmt.Fprintf(stderr, "orygen: %s is stale: %d changed, %d missing, %d extra file(s)\n",
			t.Out, len(st.changed), len(st.missing), len(st.extra))
		code = 1
	}
	return code
}

// staleReport is how a directory differs from what a run would leave in it.
type staleReport struct {
	changed, missing, extra []string // file names
	diff                    string   // unified diffs, file by file
}

func (s *staleReport) current() bool {
	return len(s.changed)+len(s.missing)+len(s.extra) == 0
}

// staleness compares dir with what outdir.Write would make of it, by
// letting outdir.Write update a copy of dir's files in a temporary
// directory: -check then agrees with a real run by construction (the
// same stale-file removal, the same refusal to overwrite files orygen
// did not generate), and dir itself is never written.
func staleness(dir string, files []emit.File) (*staleReport, error) {
	before, err := readDirFiles(dir)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "orygen-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	for name, data := range before {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	if err := outdir.Write(tmp, pipeline.OutFiles(files)); err != nil {
		// The error names the temporary copy; name dir instead.
		return nil, errors.New(strings.ReplaceAll(err.Error(), tmp, dir))
	}
	after, err := readDirFiles(tmp)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for n := range before {
		names[n] = true
	}
	for n := range after {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	st := &staleReport{}
	var diff bytes.Buffer
	for _, n := range sorted {
		old, inBefore := before[n]
		cur, inAfter := after[n]
		path := filepath.ToSlash(filepath.Join(dir, n))
		switch {
		case !inBefore:
			st.missing = append(st.missing, n)
			diff.WriteString(udiff.Diff("/dev/null", path, "", string(cur)))
		case !inAfter:
			st.extra = append(st.extra, n)
			diff.WriteString(udiff.Diff(path, "/dev/null", string(old), ""))
		case !bytes.Equal(old, cur):
			st.changed = append(st.changed, n)
			diff.WriteString(udiff.Diff(path, path+" (generated)", string(old), string(cur)))
		}
	}
	st.diff = diff.String()
	return st, nil
}

// readDirFiles reads the regular files directly in dir (outdir.Write looks no
// deeper); a directory that does not exist has none.
func readDirFiles(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return map[string][]byte{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
			continue // a directory, or a link to one or to nothing
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out[e.Name()] = data
	}
	return out, nil
}
