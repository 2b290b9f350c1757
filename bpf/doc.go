// Package bpf attaches eBPF programs loaded with cilium/ebpf to tc hooks
// (clsact ingress/egress, direct-action bpf filters) and as XDP programs.
//
// This package is being built; see the BPF issue.
package bpf
