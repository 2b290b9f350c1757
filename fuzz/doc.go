// Package fuzz holds cross-package fuzz targets and structured generators
// over codec, rtnl and tc. Targets that exercise one package's decoder
// live beside it (wire/fuzz_test.go, codec/fuzz_test.go); this package
// grows the ones that span packages. Corpora live in testdata/fuzz/.
package fuzz
