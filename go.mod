module github.com/nlroute/nlroute

go 1.26.0

require (
	github.com/cilium/ebpf v0.22.0
	github.com/google/gofuzz v1.2.0
	golang.org/x/sys v0.50.0
)

require golang.org/x/sync v0.24.0 // indirect
