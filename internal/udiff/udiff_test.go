package udiff

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
	b := "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n"
	got := Diff("x", "y", a, b)
	want := `--- x
+++ y
@@ -2,9 +2,10 @@
 b
 c
 d
-e
+E
 f
 g
 h
 i
 j
+k
`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if Diff("x", "y", a, a) != "" {
		t.Fatal("equal inputs must give no diff")
	}
}

// TestDiffApplies checks, on many edits, that the - and context lines
// rebuild a and the + and context lines rebuild b.
func TestDiffApplies(t *testing.T) {
	cases := [][2]string{
		{"", "x\n"}, {"x\n", ""}, {"a\nb\n", "b\na\n"},
		{strings.Repeat("l\n", 50), strings.Repeat("l\n", 20) + "m\n" + strings.Repeat("l\n", 30)},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "0\n1\n2\n3\n4\n5\n7\n8\n9\n10\n11\n13\n"},
	}
	for _, c := range cases {
		ops := myers(splitLines(c[0]), splitLines(c[1]))
		var ra, rb []string
		for _, o := range ops {
			if o.kind != '+' {
				ra = append(ra, o.text)
			}
			if o.kind != '-' {
				rb = append(rb, o.text)
			}
		}
		if strings.Join(ra, "\n") != strings.Join(splitLines(c[0]), "\n") || strings.Join(rb, "\n") != strings.Join(splitLines(c[1]), "\n") {
			t.Errorf("edit script for %q → %q does not rebuild its inputs", c[0], c[1])
		}
	}
}
