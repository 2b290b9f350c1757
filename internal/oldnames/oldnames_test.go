// Package oldnames holds the test that keeps renamed API names from coming
// back: issue 19 gave every idea one name (ARCHITECTURE.md, "Naming"), and
// nothing is released, so no deprecated alias is kept either.
package oldnames

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// oldNames are patterns of names that were renamed or removed, each with
// what replaced it. A pattern matches Go source and Markdown alike.
var oldNames = []struct{ pattern, now string }{
	{`\.BindConfig\(`, "IPRoute.Bind(ctx, MonitorConfig{…})"},
	{`rtnl\.Listen\(`, "IPRoute.Bind(ctx, MonitorConfig{NetNS: …})"},
	{`\bNewCacheConfig\b`, "NewCache(ctx, r, CacheConfig{Kinds: …})"},
	{`\.Bind\(ctx, "`, "IPRoute.Bind(ctx, MonitorConfig{Groups: …})"},
	{`\bVLANPorts\b`, "IPRoute.VLANs / GetVLANs"},
	{`\bFilterMessages\b`, "MatchMessages"},
	{`rtnl\.Filter\b`, "rtnl.Matcher"},
	{`\bc\.(Links|Addrs|Routes|Rules|Neighbours|Nexthops)\(\)`, "Cache.Get<Plural>()"},
	{`\b(DialNetNS|NetNSFlag|NetNSCreate)\b`, "rtnl.Dial(rtnl.Config{NetNS: …}) (created when missing)"},
	{`\bCreateNetNS:`, "rtnl.Config{NetNS: …} creates by default; NoCreateNetNS: true to fail instead"},
	{`\bDialChaos\b|\bNewChaosTransport\b|rtnl\.ChaosConfig\b`, "rtnl.Config{Chaos: &chaos.Config{…}}, chaos.Wrap"},
	{`\b(DialShell|DialSSH|DialSSHWith|DialSSHOptions)\b`, "remote.Dial(ctx, remote.Options{…})"},
	{`\b(ServeAgent|MaybeServeAgent|DefaultAgentTimeout)\b`, "remote.Serve, remote.MaybeServe, remote.DefaultTimeout"},
	{`rtnl\.(CreateNetNS|EnsureNetNS|RemoveNetNS|ListNetNS|NetNSDir)\b`, "netns.Create, Ensure, Remove, List, Dir"},
	{`ring\.NetNS(Name|Path|FD|PID)?\b`, "netns.NS, netns.Named, Path, FD, PID"},
	{`rtnl\.(Verbs|Groups|DefaultGroups|DumpGroups|Objects|CacheKinds|AddrFlags|RouteFlags|RegisterObject)\b`, "the accessor functions (VerbNames/LookupVerb, GroupNames/LookupGroup …)"},
	{`tc\.(Commands|AppendQdisc|AppendClass|AppendFilter|Qdiscs|Classes|Filters)\b`, "tc.CommandNames/LookupCommand, Qdisc.Encode …, tc.GetQdiscs/GetClasses/GetFilters"},
	{`tc\.DefaultPriomap\b[^(]|codec\.Schemas\b[^(]`, "tc.DefaultPriomap(), codec.Schemas()"},
	{`"github\.com/nlroute/nlroute/fuzz"`, "internal/fuzz"},
	{`\b(AppendQdisc|AppendClass|AppendFilter)\(`, "Qdisc/Class/Filter.Encode(b, command, seq)"},
}

// TestNoOldNames fails when a renamed name reappears in the module's Go
// files or Markdown, outside ARCHITECTURE.md (whose naming table lists
// them) and this file.
func TestNoOldNames(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	res := make([]*regexp.Regexp, len(oldNames))
	for i, o := range oldNames {
		res[i] = regexp.MustCompile(o.pattern)
	}
	self, _ := filepath.Abs("oldnames_test.go")
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if path == self || filepath.Base(path) == "ARCHITECTURE.md" ||
			!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".md")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for i, re := range res {
			for _, loc := range re.FindAllIndex(b, -1) {
				line := 1 + strings.Count(string(b[:loc[0]]), "\n")
				rel, _ := filepath.Rel(root, path)
				t.Errorf("%s:%d: old name %q: use %s", rel, line, b[loc[0]:loc[1]], oldNames[i].now)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("read %d files under %s: the walk missed the module", files, root)
	}
}
