package rtnl_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// referencePath is pyroute2's IPRoute documentation, kept beside the
// checkout (../shared/reference); NLROUTE_REFERENCE names another copy.
func referencePath() string {
	if p := os.Getenv("NLROUTE_REFERENCE"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "shared", "reference", "pyroute2-iproute.txt")
}

// refCall matches the first line of an example call on an IPRoute-like
// object (ipr, ip, iproute, ipb, IPRoute()), perhaps assigned or inside
// help(…)/print(…).
var refCall = regexp.MustCompile(`^\s*(?:(?:help|print)\()?(?:[\w\[\]]+\s*=\s*)?(?:ipr|ip|iproute|ipb|IPRoute\(\))\.\w+\(`)

// referenceExamples returns every example call of the reference text,
// each joined over its lines until its parentheses balance, whitespace
// collapsed, first occurrence only, in order.
func referenceExamples(text string) []string {
	lines := strings.Split(text, "\n")
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(strings.TrimSpace(l), ">>>") || !refCall.MatchString(l) {
			continue
		}
		call := strings.TrimSpace(l)
		depth := strings.Count(call, "(") - strings.Count(call, ")")
		for depth > 0 && i+1 < len(lines) {
			i++
			t := strings.TrimSpace(lines[i])
			call += " " + t
			depth += strings.Count(t, "(") - strings.Count(t, ")")
		}
		call = strings.Join(strings.Fields(call), " ")
		if !seen[call] {
			seen[call] = true
			out = append(out, call)
		}
	}
	return out
}

type refRow struct{ call, goTest, cliTest string }

func readRefTable(t *testing.T) []refRow {
	t.Helper()
	f, err := os.Open("testdata/reference_examples.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []refRow
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		fs := strings.Split(l, "\t")
		if len(fs) != 3 || fs[1] == "" || fs[2] == "" {
			t.Fatalf("reference_examples.txt:%d: want call, Go test and ipr test, tab-separated: %q", n, l)
		}
		rows = append(rows, refRow{fs[0], fs[1], fs[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// testSources maps each test file of the module to its text.
func testSources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "bench" || strings.HasPrefix(d.Name(), ".")) && p != ".." {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, "_test.go") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[p] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// testExists reports whether a test "Name" or "Name/sub" is defined:
// func Name( in some test file, and for a subtest the quoted "sub" in
// the same file.
func testExists(srcs map[string]string, name string) bool {
	fn, sub, _ := strings.Cut(name, "/")
	for _, src := range srcs {
		if strings.Contains(src, "func "+fn+"(") && (sub == "" || strings.Contains(src, `"`+sub+`"`)) {
			return true
		}
	}
	return false
}

// TestReferenceExamplesTable: every example of the reference has a row in
// testdata/reference_examples.txt naming the Go test that runs it and the
// ipr test that runs its command-line equivalent (or why there is none),
// every row is an example of the reference, and every test named exists.
func TestReferenceExamplesTable(t *testing.T) {
	rows := readRefTable(t)
	srcs := testSources(t)
	noCLI := 0
	for _, r := range rows {
		if !testExists(srcs, r.goTest) {
			t.Errorf("%s: Go test %s does not exist", r.call, r.goTest)
		}
		if why, ok := strings.CutPrefix(r.cliTest, "-"); ok {
			if !strings.HasPrefix(why, ": ") || len(why) < 10 {
				t.Errorf("%s: no ipr test and no reason (want \"-: why\")", r.call)
			}
			noCLI++
		} else if !testExists(srcs, r.cliTest) {
			t.Errorf("%s: ipr test %s does not exist", r.call, r.cliTest)
		}
	}
	t.Logf("%d examples; %d without an ipr equivalent, each with its reason", len(rows), noCLI)

	text, err := os.ReadFile(referencePath())
	if err != nil {
		t.Skipf("the reference is not here (%v): the table's tests were checked, not its completeness", err)
	}
	examples := referenceExamples(string(text))
	inTable := map[string]bool{}
	for _, r := range rows {
		inTable[r.call] = true
	}
	inRef := map[string]bool{}
	for _, e := range examples {
		inRef[e] = true
		if !inTable[e] {
			t.Errorf("example without a row in testdata/reference_examples.txt: %s", e)
		}
	}
	for _, r := range rows {
		if !inRef[r.call] {
			t.Errorf("row for no example of the reference: %s", r.call)
		}
	}
	if len(examples) < 100 {
		t.Errorf("only %d examples found in %s: the parser has lost its way", len(examples), referencePath())
	}
}
