package srcsize

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const (
	maxFileLines = 600
	maxFuncLines = 80
)

// root is the repository root, two levels above this package. The walk
// covers the nested bench module and cmd/ as well as the library.
const root = "../.."

// generated matches the standard marker (https://go.dev/s/generatedcode).
var generated = regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)

func TestSourceSize(t *testing.T) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 100 {
		t.Fatalf("found only %d Go files under %s: is the walk rooted right?", len(files), root)
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if isGenerated(src) {
			continue
		}
		rel, _ := filepath.Rel(root, path)
		for _, p := range check(t, rel, src) {
			t.Error(p)
		}
	}
}

// check returns one message for each limit the file breaks.
func check(t *testing.T, name string, src []byte) []string {
	var out []string
	if n := bytes.Count(src, []byte("\n")); n > maxFileLines {
		out = append(out, fmt.Sprintf("%s: %d lines, over %d: split it along concept lines", name, n, maxFileLines))
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	long := func(what string, node ast.Node, doc *ast.CommentGroup) {
		start := fset.Position(node.Pos())
		n := fset.Position(node.End()).Line - start.Line + 1
		if n <= maxFuncLines || hasLongReason(fset, f, start.Line, doc) {
			return
		}
		out = append(out, fmt.Sprintf("%s:%d: %s is %d lines, over %d: split it, or state why not in a \"// long: <reason>\" comment above it",
			name, start.Line, what, n, maxFuncLines))
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Body != nil {
				long(funcName(d), d, d.Doc)
			}
		case *ast.GenDecl:
			// A function literal at package level (var f = func …) is a
			// function too; one inside a function counts in that one.
			ast.Inspect(d, func(n ast.Node) bool {
				if lit, ok := n.(*ast.FuncLit); ok {
					long("func literal", lit, d.Doc)
					return false
				}
				return true
			})
		}
	}
	return out
}

// hasLongReason reports whether a "// long: <reason>" line with a non-empty
// reason sits in the doc comment or in a comment group ending on the line
// just above the function's first line.
func hasLongReason(fset *token.FileSet, f *ast.File, line int, doc *ast.CommentGroup) bool {
	groups := []*ast.CommentGroup{doc}
	for _, cg := range f.Comments {
		if fset.Position(cg.End()).Line == line-1 {
			groups = append(groups, cg)
		}
	}
	for _, cg := range groups {
		if cg == nil {
			continue
		}
		for _, c := range cg.List {
			text, ok := strings.CutPrefix(c.Text, "// long:")
			if ok && strings.TrimSpace(text) != "" {
				return true
			}
		}
	}
	return false
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	switch x := typ.(type) {
	case *ast.IndexExpr:
		typ = x.X
	case *ast.IndexListExpr:
		typ = x.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name + "." + fn.Name.Name
	}
	return fn.Name.Name
}

// isGenerated reports whether a line before the package clause carries the
// standard generated-code marker.
func isGenerated(src []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "package ") {
			return false
		}
		if generated.MatchString(line) {
			return true
		}
	}
	return false
}

// TestCheck keeps the checker honest on small sources of its own.
func TestCheck(t *testing.T) {
	body := strings.Repeat("\tx++\n", maxFuncLines-2)
	long := "func f() {\n" + body + "\tx++\n}\n" // maxFuncLines+1 lines
	short := "func f() {\n" + body + "}\n"       // maxFuncLines lines
	for _, c := range []struct {
		name, src string
		fails     int
	}{
		{"short", "package p\n\nvar x int\n\n" + short, 0},
		{"long", "package p\n\nvar x int\n\n" + long, 1},
		{"doc reason", "package p\n\nvar x int\n\n// f does.\n//\n// long: a flat table.\n" + long, 0},
		{"empty reason", "package p\n\nvar x int\n\n// long:\n" + long, 1},
		{"reason not adjacent", "package p\n\nvar x int\n\n// long: a flat table.\n\n" + long, 1},
		{"literal", "package p\n\nvar x int\n\nvar f = func" + long[len("func f"):], 1},
		{"method", "package p\n\ntype T int\n\nvar x int\n\n" + strings.Replace(long, "func f", "func (T) f", 1), 1},
		{"file", "package p\n" + strings.Repeat("\n", maxFileLines), 1},
	} {
		if got := check(t, c.name+".go", []byte(c.src)); len(got) != c.fails {
			t.Errorf("%s: %d problems, want %d: %q", c.name, len(got), c.fails, got)
		}
	}
	for src, want := range map[string]bool{
		"// Code generated by x. DO NOT EDIT.\n\npackage p\n":                  true,
		"// Package p.\n//\n// Code generated by x. DO NOT EDIT.\npackage p\n": true,
		"package p\n\n// Code generated by x. DO NOT EDIT.\n":                  false,
		"// Code generated by x.\npackage p\n":                                 false,
	} {
		if got := isGenerated([]byte(src)); got != want {
			t.Errorf("isGenerated(%q) = %v, want %v", src, got, want)
		}
	}
}
