// Package fuzz is the table of the module's fuzz targets (Targets): each
// target, the decoder or encoder it tests, and the property it checks
// beyond "no panic". It is internal: a record for the module's
// maintainers and its tests, not API. Its tests fail when a Fuzz function is missing from
// the table or a row names none, and when a codec schema is left out of
// the list FuzzMsgDecode decodes with.
//
// The targets live beside the code they test (wire/fuzz_test.go,
// codec/fuzz_test.go, rtnl/fuzz_views_test.go, tc/…). Two kinds:
//
//   - byte-level targets feed arbitrary bytes to a decoder and check it
//     against a slow reference decoder (wire), against a re-encode
//     (codec: decode → encode → decode gives the same bytes), against
//     other readers of the same bytes (rtnl views against codec
//     lookups), and against a copy (clones and the event cache must
//     not alias the input);
//   - structured targets (rtnl FuzzTypedSpecs, tc FuzzTCGenerated) turn
//     the fuzzer's bytes into random but valid typed specs with
//     github.com/google/gofuzz, encode them, decode them and compare
//     with the spec; their unit tests run every generator a few hundred
//     times and count how many specs the encoders accept, and their
//     kernel tests (TestTypedSpecsKernel, TestTCGeneratedKernel) send a
//     bounded sample to the kernel in a throwaway namespace and tabulate
//     the answers (success or a clean error, never a hang).
//
// Seed corpora: the golden kernel captures (testdata/kernel) are cut
// into committed seed files, testdata/fuzz/<Target>/capture-*, by
// `go run ./internal/cmd/fuzzseeds` (its test fails when they drift);
// regression inputs of fixed crashers sit beside them under other names.
//
// `make fuzz` runs every target (FUZZTIME_LONG each, default a minute)
// and prints executions per second; `make test` runs each for 3,000
// executions (a count, not a time: Go 1.26's fuzz coordinator can fail a
// time-bounded run at its deadline, golang/go#75804; scripts/fuzz-all
// runs such a failure once more when it wrote no input).
package fuzz
