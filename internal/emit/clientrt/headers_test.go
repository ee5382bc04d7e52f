package clientrt

import (
	"errors"
	"net/http"
	"reflect"
	"testing"
)

func TestListHeaderJoinsLines(t *testing.T) {
	h := http.Header{"X-Ids": {"1, 2", " 3 ,", "4"}}
	got, err := listHeader(h, "X-Ids", headerInt32)
	if err != nil || !reflect.DeepEqual(got, []int32{1, 2, 3, 4}) {
		t.Fatalf("%v %v", got, err)
	}
	if got, err := listHeader(http.Header{}, "X-Ids", headerInt32); got != nil || err != nil {
		t.Fatalf("absent: %v %v", got, err)
	}
}

func TestRequiredAndOptionalHeader(t *testing.T) {
	h := http.Header{"X-N": {"12"}, "X-Bad": {"1.5"}}
	if n, err := requiredHeader(h, "x-n", headerInt64); err != nil || n != 12 {
		t.Fatalf("%v %v", n, err)
	}
	_, err := requiredHeader(h, "X-Gone", headerInt64)
	var he *HeaderError
	if !errors.As(err, &he) || err.Error() != "response header X-Gone is missing" {
		t.Fatalf("missing: %v", err)
	}
	if p, err := optionalHeader(h, "X-Gone", headerInt64); p != nil || err != nil {
		t.Fatalf("absent optional: %v %v", p, err)
	}
	if _, err := optionalHeader(h, "X-Bad", headerInt64); err == nil || err.Error() != `response header X-Bad: "1.5": strconv.ParseInt: parsing "1.5": invalid syntax` {
		t.Fatalf("bad: %v", err)
	}
	if f, err := optionalHeader(h, "X-Bad", headerFloat64); err != nil || *f != 1.5 {
		t.Fatalf("float: %v %v", f, err)
	}
	// A string header sent on several lines is one value, as HTTP joins
	// them.
	two := http.Header{"Link": {"<a>; rel=\"next\"", "<b>; rel=\"prev\""}}
	if s, err := optionalHeader(two, "Link", headerString); err != nil || *s != "<a>; rel=\"next\", <b>; rel=\"prev\"" {
		t.Fatalf("link: %q %v", *s, err)
	}
}
