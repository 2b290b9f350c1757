// Package fuzz is the table of the module's fuzz targets (Targets): each
// target, the decoder or encoder it tests, and the property it checks
// beyond "no panic". Its tests fail when a Fuzz function is missing from
// the table or a row names none, and when a codec schema is left out of
// the list FuzzMsgDecode decodes with. The targets themselves live beside
// the code they test (wire/fuzz_test.go, codec/fuzz_test.go, tc/…);
// corpora and regression seeds in each package's testdata/fuzz/.
// `make fuzz` runs every target (FUZZTIME_LONG each, default a minute);
// `make test` runs each for a few seconds.
package fuzz
