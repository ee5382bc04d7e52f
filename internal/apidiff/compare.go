package apidiff

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// ChangeKind is what happened to an object.
type ChangeKind int

const (
	Added ChangeKind = iota
	Removed
	Changed
)

func (k ChangeKind) String() string { return [...]string{"added", "removed", "changed"}[k] }

// Change is one difference between two APIs.
type Change struct {
	Kind     ChangeKind
	Object   Object // the new object, or the old one when it was removed
	Old, New string // the descriptions before and after; "" where absent
	Breaking bool
	Note     string // why an addition breaks code, when it does
}

func (c Change) String() string {
	sign := map[ChangeKind]string{Added: "+", Removed: "-", Changed: "~"}[c.Kind]
	s := fmt.Sprintf("%s %s %s", sign, c.Object.Kind, c.Object.Name)
	switch c.Kind {
	case Added:
		s += "  " + c.New
	case Removed:
		s += "  " + c.Old
	case Changed:
		s += "  " + c.Old + " → " + c.New
	}
	if c.Note != "" {
		s += "  [" + c.Note + "]"
	}
	return s
}

// Report is the result of Compare.
type Report struct {
	Changes []Change // breaking ones first, then by name and kind
	// Behavior says whether behaviour was compared: both sides were
	// generated from specs.
	Behavior bool
}

// Compare lists the changes from old to new. Removing or changing an
// object breaks code that uses it; adding one does not, except a method
// of an interface that code outside the package can implement. Fields and
// methods of a type that was added, removed or changed as a whole are not
// listed separately. When both APIs carry their Behavior, its changes are
// listed too: a status whose error type changed breaks code matching the
// old one with errors.As; an added enum value is wire-compatible.
func Compare(old, new *API) *Report {
	r := &Report{}
	wholesale := map[string]bool{} // types added, removed or changed
	for k, o := range old.Objects {
		if o.Kind != KindType {
			continue
		}
		if n, ok := new.Objects[k]; !ok || n.Desc != o.Desc {
			wholesale[o.Name] = true
		}
	}
	for k, n := range new.Objects {
		if _, ok := old.Objects[k]; !ok && n.Kind == KindType {
			wholesale[n.Name] = true
		}
	}
	for k, o := range old.Objects {
		if wholesale[o.Parent] {
			continue
		}
		n, ok := new.Objects[k]
		switch {
		case !ok:
			r.Changes = append(r.Changes, Change{Kind: Removed, Object: o, Old: o.Desc, Breaking: true})
		case n.Desc != o.Desc:
			r.Changes = append(r.Changes, Change{Kind: Changed, Object: n, Old: o.Desc, New: n.Desc, Breaking: true})
		}
	}
	for k, n := range new.Objects {
		if _, ok := old.Objects[k]; ok || wholesale[n.Parent] {
			continue
		}
		c := Change{Kind: Added, Object: n, New: n.Desc}
		if n.Kind == KindMethod && n.Open {
			c.Breaking = true
			c.Note = "breaks implementations of " + n.Parent + " that do not embed it"
		}
		r.Changes = append(r.Changes, c)
	}
	if old.Behavior != nil && new.Behavior != nil {
		r.Behavior = true
		r.Changes = append(r.Changes, compareBehavior(old.Behavior, new.Behavior)...)
	}
	sort.Slice(r.Changes, func(i, j int) bool {
		a, b := r.Changes[i], r.Changes[j]
		if a.Breaking != b.Breaking {
			return a.Breaking
		}
		if a.Object.Name != b.Object.Name {
			return a.Object.Name < b.Object.Name
		}
		if a.Object.Kind != b.Object.Kind {
			return a.Object.Kind < b.Object.Kind
		}
		// Several values added to one enum.
		return a.New < b.New
	})
	return r
}

// Breaking counts the breaking changes.
func (r *Report) Breaking() int {
	n := 0
	for _, c := range r.Changes {
		if c.Breaking {
			n++
		}
	}
	return n
}

// Count counts the changes of one kind.
func (r *Report) Count(k ChangeKind) int {
	n := 0
	for _, c := range r.Changes {
		if c.Kind == k {
			n++
		}
	}
	return n
}

// Summary is one line: how many changes, how many of them breaking.
func (r *Report) Summary() string {
	b := r.Breaking()
	return fmt.Sprintf("%d breaking, %d non-breaking changes (%d added, %d removed, %d changed)",
		b, len(r.Changes)-b, r.Count(Added), r.Count(Removed), r.Count(Changed))
}

// String lists the changes, breaking ones first, and ends with Summary.
func (r *Report) String() string {
	var s strings.Builder
	b := r.Breaking()
	for i, c := range r.Changes {
		if i == 0 && b > 0 {
			fmt.Fprintf(&s, "breaking (%d):\n", b)
		}
		if i == b {
			fmt.Fprintf(&s, "non-breaking (%d):\n", len(r.Changes)-b)
		}
		fmt.Fprintf(&s, "  %s\n", c)
	}
	if len(r.Changes) == 0 {
		s.WriteString("no changes to the Go API\n")
		return s.String()
	}
	s.WriteString(r.Summary() + "\n")
	return s.String()
}

// JSON is the report for programs (orygen diff -json): every change with
// the counts of Summary, in the order String lists them. The field names
// are stable; a CI step can fail on "breaking" or pick the changes it
// cares about by "kind".
func (r *Report) JSON() ([]byte, error) {
	type change struct {
		Change   string `json:"change"` // added, removed, changed
		Kind     string `json:"kind"`   // type, field, method, func, const, var, status, enum value
		Name     string `json:"name"`
		Parent   string `json:"parent,omitempty"`
		Old      string `json:"old,omitempty"`
		New      string `json:"new,omitempty"`
		Breaking bool   `json:"breaking"`
		Note     string `json:"note,omitempty"`
	}
	out := struct {
		Breaking    int      `json:"breaking"`
		NonBreaking int      `json:"non_breaking"`
		Added       int      `json:"added"`
		Removed     int      `json:"removed"`
		Changed     int      `json:"changed"`
		Behavior    bool     `json:"behavior_compared"`
		Changes     []change `json:"changes"`
	}{Breaking: r.Breaking(), Added: r.Count(Added), Removed: r.Count(Removed), Changed: r.Count(Changed), Behavior: r.Behavior, Changes: []change{}}
	out.NonBreaking = len(r.Changes) - out.Breaking
	for _, c := range r.Changes {
		out.Changes = append(out.Changes, change{Change: c.Kind.String(), Kind: c.Object.Kind.String(), Name: c.Object.Name,
			Parent: c.Object.Parent, Old: c.Old, New: c.New, Breaking: c.Breaking, Note: c.Note})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	return append(data, '\n'), err
}
