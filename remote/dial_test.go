package remote

import (
	"context"
	"strings"
	"testing"
)

// TestDialOptions: exactly one of Command and Host, and the ssh fields
// only with Host, refused before anything runs.
func TestDialOptions(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{}, "neither Command nor Host"},
		{Options{Command: []string{"true"}, Host: "h"}, "both Command and Host"},
		{Options{Command: []string{"true"}, NetNS: "blue"}, "are for Host"},
		{Options{Command: []string{"true"}, SSHArgs: []string{"-p", "2"}}, "are for Host"},
	} {
		r, err := Dial(context.Background(), tc.o)
		if err == nil {
			r.Close()
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Dial(%+v) = %v, want %q", tc.o, err, tc.want)
		}
	}
}
