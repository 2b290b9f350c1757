// Package depcheck holds no code: its tests check the module's dependency
// graph as an importer sees it. A program that imports rtnl must not
// download the tools' dependencies (issue 19): nlbench draws its plots
// without a plotting library and reads /proc itself, so gonum (with the
// font, PDF and LaTeX modules it pulls in) and procfs are nowhere in
// go.mod.
package depcheck
