package rtnl

import (
	"reflect"
	"testing"
)

// TestRouteMetricsEmpty: empty, which names the fields for speed, is
// false when any one field of RouteMetrics is set, so a field added
// later cannot be missed.
func TestRouteMetricsEmpty(t *testing.T) {
	var m RouteMetrics
	if !m.empty() {
		t.Fatal("the zero RouteMetrics is not empty")
	}
	v := reflect.ValueOf(&m).Elem()
	for i := range v.NumField() {
		m = RouteMetrics{}
		switch f := v.Field(i); f.Kind() {
		case reflect.Uint32:
			f.SetUint(1)
		case reflect.String:
			f.SetString("cubic")
		default:
			t.Fatalf("field %s: kind %s: teach this test (and empty) about it", v.Type().Field(i).Name, f.Kind())
		}
		if m.empty() {
			t.Errorf("RouteMetrics with only %s set is empty", v.Type().Field(i).Name)
		}
	}
}
