package rtnl

import (
	"errors"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
)

// A string that cannot be an integer, for an integer field or attribute,
// is refused before anything is sent, naming the keyword and the value.
func TestMatchTypeMismatch(t *testing.T) {
	// (A path through a kind-selected table, such as linkinfo.data.vxlan_id,
	// has its kind only per message, so it is not checked here.)
	for _, tc := range []struct {
		s *codec.Schema
		m Match
	}{{codec.Link, Match{"index": "abc"}}, {codec.Link, Match{"mtu": "big"}}, {codec.Route, Match{"table": "nosuchtable"}}, {codec.Route, Match{"proto": "nosuchproto"}}} {
		m := tc.m
		_, err := compileFilters(tc.s, []Matcher{m})
		var se *codec.SpecError
		if !errors.As(err, &se) {
			t.Errorf("%v: err = %v, want a SpecError", m, err)
			continue
		}
		for k, v := range m {
			if !strings.Contains(err.Error(), k[strings.LastIndex(k, ".")+1:]) || !strings.Contains(err.Error(), v.(string)) {
				t.Errorf("%v: error %q does not name the keyword and value", m, err)
			}
		}
	}
	// Strings that are integers, names of numbers, and non-integer
	// keywords, still compile.
	for _, m := range []Match{{"index": "2"}, {"ifname": "lo"}, {"address": "00:11:22:33:44:55"}, {"operstate": "UP"}, {"family": "AF_INET"}} {
		if _, err := compileFilters(codec.Link, []Matcher{m}); err != nil {
			t.Errorf("%v: %v", m, err)
		}
	}
}
