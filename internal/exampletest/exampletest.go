// Package exampletest runs the Example functions that need the kernel.
//
// go test runs an Example only when it ends with an "// Output:" comment,
// and then always, root or not, with no way to skip. The examples that
// change kernel state therefore end with an "// Output as root:" comment
// instead: go test compiles them everywhere but does not run them, and
// each package's TestExamplesAsRoot hands them to Run, which runs them as
// root (skipping otherwise; failing under NLTEST_PRIVILEGED=1, as CI runs)
// and compares what each prints with the text of that comment.
//
// Each such example makes and removes its own network namespace, named
// after its package ("nlroute-ex-rtnl"), so examples of different packages
// can run at once; Run checks that the namespace is absent before and
// after every example.
//
// Run also reads the package's example_test.go and fails when an Example
// there has no output comment at all (it would never run), or when the
// kernel examples it finds and the ones it is given differ — on every
// machine, root or not.
package exampletest

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// Marker starts the comment that holds a kernel example's expected output.
const Marker = "Output as root:"

// File is the file of each package that holds its examples.
const File = "example_test.go"

// Example is a kernel example: the function and the kernel features it
// needs (testutil.RequireKernel's names).
type Example struct {
	F        func()
	Features []string
}

// E returns the Example of f, needing features.
func E(f func(), features ...string) Example { return Example{F: f, Features: features} }

// Run runs the kernel examples of the package in the current directory,
// each as a subtest, in the network namespace netns (which each example
// creates and removes itself).
func Run(t *testing.T, netns string, examples ...Example) {
	want, err := parse(File)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Example{}
	for _, e := range examples {
		byName[funcName(e.F)] = e
	}
	for name := range want {
		if _, ok := byName[name]; !ok {
			t.Errorf("%s: %s ends with %q but is not given to exampletest.Run", File, name, Marker)
		}
	}
	for name := range byName {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is given to exampletest.Run but %s has no such example ending with %q", name, File, Marker)
		}
	}
	if t.Failed() {
		return
	}
	testutil.RequireRoot(t)
	names := make([]string, 0, len(byName))
	for name := range byName {
		names = append(names, name)
	}
	slices.Sort(names)
	path := "/var/run/netns/" + netns
	for _, name := range names {
		e := byName[name]
		t.Run(name, func(t *testing.T) {
			testutil.RequireKernel(t, e.Features...)
			if _, err := os.Stat(path); err == nil {
				t.Fatalf("namespace %s exists before the example: remove it (ip netns del %s)", netns, netns)
			}
			got := capture(t, e.F)
			if _, err := os.Stat(path); err == nil {
				t.Errorf("the example left namespace %s behind", netns)
			}
			if g, w := normalize(got), normalize(want[name]); g != w {
				t.Errorf("got:\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

// parse returns the expected output of every Example in file that ends
// with a Marker comment, and fails for an Example with no output comment.
func parse(file string) (map[string]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	var errs []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Body == nil {
			continue
		}
		var last *ast.CommentGroup
		for _, c := range f.Comments {
			if c.Pos() > fn.Body.Lbrace && c.End() < fn.Body.Rbrace {
				last = c
			}
		}
		text := ""
		if last != nil {
			text = last.Text()
		}
		lower := strings.ToLower(strings.TrimSpace(text))
		switch {
		case strings.HasPrefix(text, Marker):
			out[fn.Name.Name] = strings.TrimPrefix(text, Marker)
		case strings.HasPrefix(lower, "output:"), strings.HasPrefix(lower, "unordered output:"):
			// go test runs it.
		default:
			errs = append(errs, fset.Position(fn.Pos()).String()+": "+fn.Name.Name+
				" ends with neither \"// Output:\" nor \"// "+Marker+"\": it would never run")
		}
	}
	if len(errs) > 0 {
		return nil, &parseError{errs}
	}
	return out, nil
}

type parseError struct{ lines []string }

func (e *parseError) Error() string { return strings.Join(e.lines, "\n") }

// funcName is f's name without its package path.
func funcName(f func()) string {
	name := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
	return name[strings.LastIndexByte(name, '.')+1:]
}

// capture runs f with os.Stdout going to a pipe and returns what it wrote.
func capture(t *testing.T, f func()) string {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&buf, r)
		r.Close()
		close(done)
	}()
	stdout := os.Stdout
	os.Stdout = w
	func() {
		defer func() {
			os.Stdout = stdout
			w.Close()
			if p := recover(); p != nil {
				<-done
				t.Fatalf("panic: %v\noutput so far:\n%s", p, buf.String())
			}
		}()
		f()
	}()
	<-done
	return buf.String()
}

// normalize trims the text and the end of each line, as go test compares
// example output.
func normalize(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Join(lines, "\n")
}
