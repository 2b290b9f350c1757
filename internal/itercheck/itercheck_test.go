package itercheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// root is the module's root, from this package's directory.
const root = "../.."

// allowed lists loops over a Next whose value has no Err to read, as
// "path/to/file_test.go Func recv": keep it short and say why.
var allowed = map[string]string{}

// TestIteratorErrChecked: every loop of a test file over X.Next() is
// followed, in the same top-level function, by a read of X.Err() (or
// of X.Close()'s result, which is Err on rtnl's iterators): a test that
// stops at an iterator's first error without looking passes on a
// truncated or failed dump. The check is syntactic: X is matched as
// written, and a helper taking the iterator does not count.
func TestIteratorErrChecked(t *testing.T) {
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "testdata", "bench", ".git", ".notes":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		found = append(found, uncheckedLoops(filepath.ToSlash(rel), src)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(found)
	for _, f := range found {
		t.Error(f)
	}
}

// uncheckedLoops returns the loops over X.Next() in src with no later
// X.Err() in the same top-level function, each as "file:line: …",
// leaving out those allowed.
func uncheckedLoops(name string, src []byte) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", name, err)}
	}
	var out []string
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		type loop struct {
			recv string
			pos  token.Pos
		}
		var loops []loop
		errs := map[string][]token.Pos{} // receiver → positions of its Err() calls
		dropped := map[ast.Node]bool{}   // calls whose results are thrown away
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ExprStmt:
				dropped[n.X] = true
			case *ast.DeferStmt:
				dropped[n.Call] = true
			case *ast.GoStmt:
				dropped[n.Call] = true
			case *ast.ForStmt:
				if n.Cond != nil {
					ast.Inspect(n.Cond, func(c ast.Node) bool {
						if recv, ok := methodCall(c, "Next"); ok {
							loops = append(loops, loop{recv, n.Pos()})
						}
						return true
					})
				}
			case *ast.CallExpr:
				if recv, ok := methodCall(n, "Err"); ok {
					errs[recv] = append(errs[recv], n.Pos())
				}
				// Close returns Err on rtnl's iterators: its result read
				// is the check too.
				if recv, ok := methodCall(n, "Close"); ok && !dropped[n] {
					errs[recv] = append(errs[recv], n.Pos())
				}
			}
			return true
		})
		for _, l := range loops {
			checked := false
			for _, p := range errs[l.recv] {
				if p > l.pos {
					checked = true
				}
			}
			key := fmt.Sprintf("%s %s %s", name, fn.Name.Name, l.recv)
			if !checked && allowed[key] == "" {
				out = append(out, fmt.Sprintf("%s: %s loops over %s.Next() and never reads %s.Err() after it (add the check; allow-list %q only if it has no Err)",
					fset.Position(l.pos), fn.Name.Name, l.recv, l.recv, key))
			}
		}
	}
	return out
}

// methodCall reports whether n is a call of method name with no
// arguments, and on what (the receiver expression as written).
func methodCall(n ast.Node, name string) (string, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return "", false
	}
	return types.ExprString(sel.X), true
}

// TestUncheckedLoopsCatches: the check flags a loop with no Err after
// it, an Err before the loop, a Close whose result is dropped and an Err
// of another iterator; it passes an Err or a used Close after the loop.
func TestUncheckedLoopsCatches(t *testing.T) {
	src := `package p
func bad1(it *I) { for it.Next() {} }
func bad2(it *I) { _ = it.Err(); for it.Next() {} }
func bad3(it *I) { for it.Next() {}; it.Close() }
func bad4(it, o *I) { for i := 0; it.Next(); i++ {}; _ = o.Err() }
func good1(it *I) error { for it.Next() {}; return it.Err() }
func good2(it *I) { for it.Next() {}; if err := it.Close(); err != nil { panic(err) } }
func good3(x *X) { for x.it.Next() {}; _ = x.it.Err() }
`
	got := uncheckedLoops("p_test.go", []byte(src))
	var funcs []string
	for _, g := range got {
		funcs = append(funcs, strings.Fields(g)[1])
	}
	if want := []string{"bad1", "bad2", "bad3", "bad4"}; strings.Join(funcs, " ") != strings.Join(want, " ") {
		t.Errorf("flagged %q, want %q:\n%s", funcs, want, strings.Join(got, "\n"))
	}
}
