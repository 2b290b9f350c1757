// Package bpf puts eBPF programs on network interfaces: read it when a
// program loaded with cilium/ebpf must run at the tc hooks or as XDP.
// Start with [Attach] (TCX or clsact, whichever the kernel has),
// [AttachTC], [AttachXDP] and [List]. Loading programs and maps is
// cilium/ebpf's business; other tc filters and qdiscs are package tc.
//
// Package bpf attaches eBPF programs loaded with cilium/ebpf to a
// network interface: at the tc hooks (ingress and egress) and as XDP
// programs. It is nlroute's only importer of github.com/cilium/ebpf:
// programs are loaded (and their maps made) with cilium/ebpf, then this
// package hands their descriptors to the kernel through rtnl and tc, or
// through cilium/ebpf's link package for TCX and netkit.
//
// # Three ways onto the tc hooks
//
//   - AttachTC: the classic way, any kernel since 4.5. A clsact qdisc is
//     created on demand (an existing one is used; an ingress qdisc in its
//     place is an error), then a cls_bpf filter in direct-action mode at
//     parent ffff:fff2 (ingress) or ffff:fff3 (egress), with a name,
//     priority and handle. The filter lives in the kernel until DetachTC
//     (or the link goes): the process may exit. It is what
//     `tc filter add dev X ingress bpf da fd N name NAME` makes, and what
//     the keyword form below does through tc.Do.
//
//   - TCX (kernel 6.6 and later): a bpf_link from cilium/ebpf's
//     link.AttachTCX, made in the namespace of the IPRoute. No qdisc,
//     no priority: programs run in attach order. The attachment lasts as
//     long as its link descriptor: Close or Detach it, or the process's
//     exit, removes the program (pin the link to keep it).
//
//   - Attach picks one: with ModeAuto, TCX when the kernel has it and the
//     IPRoute's namespace is known (rtnl.Dial with Config.NetNS, or the
//     caller's own), clsact + cls_bpf otherwise. The returned *Attachment
//     says which (Attachment.Mode) and detaches, replaces and closes
//     either the same way. ModeTCX and ModeTC force one.
//
// The keyword form of AttachTC, pyroute2's clsact example:
//
//	tc.Do(ctx, r, "add", "clsact", idx, nil, nil)
//	tc.Do(ctx, r, "add-filter", "bpf", idx, ":1", rtnl.Spec{"fd": prog.FD(),
//		"name": "myprog", "parent": "ffff:fff2", "direct_action": true})
//
// List reports what a hook runs, from both worlds: the tc dump's bpf
// filters (program id, tag and name from TCA_BPF_*) and the TCX
// programs (BPF_PROG_QUERY, names and tags from the program info).
//
// AttachNetkit attaches to a netkit device's primary or peer side (kernel
// 6.7 and later).
//
// # XDP
//
// AttachXDP, DetachXDP and QueryXDP drive IFLA_XDP through rtnl's
// LinkSetXDP: generic, driver or offload mode, exclusive attach, and
// replace-only-if (expected_fd). The attachment stays in the kernel until
// detached.
//
// # Errors
//
// A program of the wrong type is refused before anything is sent, with an
// error matching ErrProgramType; a closed or nil program with
// ErrProgramClosed. The kernel's refusals (ENODEV for a missing
// interface, EEXIST for a filter already there …) come back wrapped,
// matching the errno with errors.Is. Every error names the operation and
// the interface index: "bpf: attach tc: link 7: …".
//
// Every function that talks to the kernel takes a context and an
// explicit *rtnl.IPRoute; all are safe for concurrent use as the IPRoute
// is.
//
// The package is Linux only (tc hooks, TCX and XDP are Linux kernel
// interfaces); on other platforms it is empty.
package bpf
