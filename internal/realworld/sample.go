package realworld

import (
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
)

// Pick draws n specs with a fixed seed, the same n for the same list
// and seed whatever machine runs it; all of them when n ≤ 0 or n ≥ len.
func Pick(specs []Spec, n int, seed uint64) []Spec {
	if n <= 0 || n >= len(specs) {
		return specs
	}
	s := slices.Clone(specs)
	rand.New(rand.NewPCG(seed, 0x6f727967656e)).Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	s = s[:n]
	slices.SortFunc(s, func(a, b Spec) int { return strings.Compare(a.ID, b.ID) })
	return s
}

// Commit is orygen's commit in dir, with "+dirty" when the tree has
// changes; "unknown" outside a git checkout.
func Commit(dir string) string {
	out, err := exec.Command("git", "-C", dir, "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		c += "+dirty"
	}
	return c
}
