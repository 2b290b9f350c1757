package rtnl_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/rtnl"
)

// TestGetterForms: every dump of IPRoute that returns an Iterator[V] has
// a Get form with the same parameters returning ([]V, error), and there
// is no third form.
func TestGetterForms(t *testing.T) {
	typ := reflect.TypeFor[*rtnl.IPRoute]()
	iters := 0
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		out := m.Type.NumOut()
		if out != 1 || !strings.HasPrefix(m.Type.Out(0).Name(), "Iterator[") {
			continue
		}
		iters++
		get, ok := typ.MethodByName("Get" + m.Name)
		if !ok {
			t.Errorf("IPRoute.%s returns an %s but there is no IPRoute.Get%s", m.Name, m.Type.Out(0).Name(), m.Name)
			continue
		}
		if get.Type.NumIn() != m.Type.NumIn() || get.Type.NumOut() != 2 || get.Type.Out(0).Kind() != reflect.Slice ||
			get.Type.Out(1) != reflect.TypeFor[error]() {
			t.Errorf("IPRoute.Get%s has type %v, want the parameters of %s returning ([]V, error)", m.Name, get.Type, m.Name)
			continue
		}
		for j := 1; j < m.Type.NumIn(); j++ {
			if get.Type.In(j) != m.Type.In(j) {
				t.Errorf("IPRoute.Get%s parameter %d is %v, %s's is %v", m.Name, j, get.Type.In(j), m.Name, m.Type.In(j))
			}
		}
	}
	if iters < 15 {
		t.Errorf("found %d iterator methods: the test does not recognise Iterator any more", iters)
	}
}
