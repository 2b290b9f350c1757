// Package srcsize holds only a test: it keeps every hand-written Go file in
// the repository under 600 lines and every function under 80 lines, unless
// the function carries a "// long: <reason>" comment directly above it.
//
// Test files, testdata and generated files (those marked "// Code generated
// ... DO NOT EDIT.") are exempt.
package srcsize
