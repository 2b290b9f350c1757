package exampletest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	const src = `package x_test

import "fmt"

func ExampleA() {
	fmt.Println("a")
	// Output: a
}

func ExampleB() {
	fmt.Println("b") // a comment inside
	// Output as root:
	// b
	// c
}

func ExampleC() {
	fmt.Println("c")
	// unordered output:
	// c
}

func helper() {}
`
	got, err := parse(write(t, src))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || normalize(got["ExampleB"]) != "b\nc" {
		t.Errorf("parse = %q, want only ExampleB with \"b\\nc\"", got)
	}

	_, err = parse(write(t, src+"\nfunc ExampleD() {\n\tfmt.Println(\"d\") // Output as root: d\n\t// prints d\n}\n"))
	if err == nil || !strings.Contains(err.Error(), "ExampleD ends with neither") {
		t.Errorf("an example without an output comment: err = %v", err)
	}
}

func TestNormalize(t *testing.T) {
	if got := normalize("\n a  \nb\t\n\n"); got != "a\nb" {
		t.Errorf("normalize = %q", got)
	}
}

func TestFuncName(t *testing.T) {
	if got := funcName(helperExample); got != "helperExample" {
		t.Errorf("funcName = %q", got)
	}
}

func helperExample() {}

func write(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), File)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
