package depcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// forbidden are module path prefixes no importer of the library may find
// in its module graph: nlbench's former dependencies, gonum's plot package
// with the modules it requires, and procfs.
var forbidden = []string{
	"github.com/prometheus/procfs",
	"gonum.org/",
	"codeberg.org/go-fonts/",
	"codeberg.org/go-latex/",
	"codeberg.org/go-pdf/",
	"git.sr.ht/~sbinet/",
	"github.com/ajstarks/svgo",
	"github.com/golang/freetype",
}

// TestImporterGraph writes a program that imports only rtnl, in a module
// of its own that requires this one (replaced by this checkout), and
// fails when `go mod graph` or `go list -deps` for it names a forbidden
// module: what an importer of rtnl would download and build. It needs the
// go command and the module cache, so the host lane runs it and -short
// (the VM lane) skips it; TestModFile runs everywhere.
func TestImporterGraph(t *testing.T) {
	if testing.Short() {
		t.Skip("depcheck: runs the go command; the host lane checks the graph")
	}
	goBin := goTool(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/rtnluser\n\ngo 1.26.0\n\n"+
		"require github.com/nlroute/nlroute v0.0.0\n\n"+
		"replace github.com/nlroute/nlroute => "+root+"\n")
	write(t, filepath.Join(dir, "main.go"), "package main\n\n"+
		"import \"github.com/nlroute/nlroute/rtnl\"\n\n"+
		"func main() { _ = rtnl.Config{} }\n")
	// This module's sums cover the importer's: it requires nothing else.
	sums, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.sum"), string(sums))

	graph := run(t, dir, goBin, "mod", "graph")
	if !strings.Contains(graph, "github.com/nlroute/nlroute") {
		t.Fatalf("go mod graph does not name this module; is the replace right?\n%s", graph)
	}
	checkForbidden(t, "go mod graph", graph)
	mods := run(t, dir, goBin, "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", ".")
	checkForbidden(t, "go list -deps", mods)
}

// TestModFile reads go.mod itself, so that a forbidden requirement fails
// here with the line to remove even where the go command cannot run.
func TestModFile(t *testing.T) {
	b, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	checkForbidden(t, "go.mod", string(b))
}

func checkForbidden(t *testing.T, what, text string) {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		for _, f := range forbidden {
			if strings.Contains(line, f) {
				t.Errorf("%s names %s, which an importer of rtnl must not carry (keep tools' dependencies out of the library module): %q",
					what, f, strings.TrimSpace(line))
			}
		}
	}
}

// goTool is the go command that runs this test, or a skip without one.
func goTool(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	t.Skip("depcheck: no go command in PATH")
	return ""
}

// run runs the go command in dir, offline-safe (modules come from the
// cache `make deps` fills) and outside any workspace, and returns its
// output.
func run(t *testing.T, dir, goBin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
