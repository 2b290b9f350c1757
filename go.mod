module github.com/nlroute/nlroute

go 1.26.0

require golang.org/x/sys v0.50.0
