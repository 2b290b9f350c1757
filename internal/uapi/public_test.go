package uapi

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// publicPackages are the module's importable packages, relative to its
// root.
var publicPackages = []string{
	"wire", "codec", "ring", "ring/chaos", "rtnl", "tc", "bpf", "netns",
	"remote", "nltest",
}

// TestPublicDocsAvoidUAPI checks that users never need internal/uapi: no
// doc comment of a public package (package clause or declaration) and no
// example (example_test.go) mentions uapi.NAME. They name unix.NAME
// (golang.org/x/sys/unix) or the packages' own constants instead.
func TestPublicDocsAvoidUAPI(t *testing.T) {
	for _, dir := range publicPackages {
		paths, err := filepath.Glob(filepath.Join("..", "..", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) == 0 {
			t.Errorf("package %s has no Go files: update publicPackages", dir)
		}
		for _, p := range paths {
			name := filepath.ToSlash(strings.TrimPrefix(p, filepath.Join("..", "..")+string(filepath.Separator)))
			if strings.HasSuffix(p, "example_test.go") {
				src, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				for i, line := range strings.Split(string(src), "\n") {
					if strings.Contains(line, "uapi.") || strings.Contains(line, "internal/uapi") {
						t.Errorf("%s:%d: an example uses internal/uapi: %s", name, i+1, strings.TrimSpace(line))
					}
				}
				continue
			}
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, p, nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range docComments(f) {
				for _, c := range g.List {
					if strings.Contains(c.Text, "uapi.") {
						t.Errorf("%s: a doc comment tells users to use internal/uapi: %s", fset.Position(c.Pos()), strings.TrimSpace(c.Text))
					}
				}
			}
		}
	}
}

// docComments returns the doc comments go doc shows for f: the package's
// and those of its exported declarations, specs, fields and methods.
func docComments(f *ast.File) []*ast.CommentGroup {
	docs := []*ast.CommentGroup{f.Doc}
	add := func(exported bool, groups ...*ast.CommentGroup) {
		if exported {
			docs = append(docs, groups...)
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			add(d.Name.IsExported(), d.Doc)
		case *ast.GenDecl:
			exported := false
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					add(s.Name.IsExported(), s.Doc, s.Comment)
					if s.Name.IsExported() {
						exported = true
						ast.Inspect(s.Type, func(n ast.Node) bool {
							if fd, ok := n.(*ast.Field); ok {
								add(true, fd.Doc, fd.Comment)
							}
							return true
						})
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							add(true, s.Doc, s.Comment)
							exported = true
							break
						}
					}
				}
			}
			add(exported, d.Doc)
		}
	}
	var out []*ast.CommentGroup
	for _, g := range docs {
		if g != nil {
			out = append(out, g)
		}
	}
	return out
}
