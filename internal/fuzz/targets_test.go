package fuzz

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/codec"
)

// TestTargetTable: the table and the code agree — every Fuzz function of
// the module is a row, and every row names an existing function.
func TestTargetTable(t *testing.T) {
	found := map[string]bool{} // "pkg FuzzName"
	root := "../.."
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
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pkg, _ := filepath.Rel(root, filepath.Dir(path))
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Fuzz") {
				found[filepath.ToSlash(pkg)+" "+fn.Name.Name] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, tg := range Targets() {
		k := tg.Package + " " + tg.Name
		if listed[k] {
			t.Errorf("%s listed twice", k)
		}
		listed[k] = true
		if !found[k] {
			t.Errorf("Targets lists %s, which does not exist", k)
		}
		if tg.Tests == "" || tg.Property == "" {
			t.Errorf("%s: name the decoder it tests and the property it checks", k)
		}
	}
	var missing []string
	for k := range found {
		if !listed[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	for _, k := range missing {
		t.Errorf("fuzz target %s is not in internal/fuzz.Targets: add a row naming the decoder it tests", k)
	}
}

// TestEverySchemaFuzzed: FuzzMsgDecode decodes with every schema of
// codec.Schemas(), so every exported schema of package codec must be in
// that list — a schema declared and left out would have no fuzz target.
func TestEverySchemaFuzzed(t *testing.T) {
	inList := map[*codec.Schema]bool{}
	for _, s := range codec.Schemas() {
		inList[s] = true
	}
	fset := token.NewFileSet()
	files, err := filepath.Glob("../../codec/*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !name.IsExported() || i >= len(vs.Values) {
						continue
					}
					u, ok := vs.Values[i].(*ast.UnaryExpr)
					if !ok {
						continue
					}
					if cl, ok := u.X.(*ast.CompositeLit); ok {
						if id, ok := cl.Type.(*ast.Ident); ok && id.Name == "Schema" {
							declared++
							if s := schemaByName(name.Name); s == nil || !inList[s] {
								t.Errorf("codec.%s is a schema this test does not see in codec.Schemas(): add it there (FuzzMsgDecode decodes with that list) and to schemaByName", name.Name)
							}
						}
					}
				}
			}
		}
	}
	if declared != len(codec.Schemas()) {
		t.Errorf("%d schemas declared, %d in codec.Schemas()", declared, len(codec.Schemas()))
	}
}

// schemaByName maps the exported schema variables to their values.
func schemaByName(name string) *codec.Schema {
	return map[string]*codec.Schema{
		"Link": codec.Link, "Addr": codec.Addr, "Route": codec.Route, "Neigh": codec.Neigh,
		"Rule": codec.Rule, "NeighTable": codec.NeighTable, "Nexthop": codec.Nexthop,
		"NSID": codec.NSID, "TC": codec.TC, "BridgeVLAN": codec.BridgeVLAN, "Stats": codec.Stats,
	}[name]
}
