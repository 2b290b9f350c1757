//go:build linux

package bpf

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
)

// ErrProgramType is matched (errors.Is) by the error for a program of a
// type the hook does not run: SchedCLS for tc filters and TCX, SchedACT
// for tc actions, XDP for XDP.
var ErrProgramType = errors.New("bpf: wrong program type")

// ErrProgramClosed is matched by the error for a nil program or one whose
// descriptor was closed.
var ErrProgramClosed = errors.New("bpf: program is closed")

// progError is an error about the program given to op on link.
type progError struct {
	op   string
	link int
	got  ebpf.ProgramType
	want []ebpf.ProgramType
	sent error
}

func (e *progError) Error() string {
	if e.sent == ErrProgramClosed {
		return fmt.Sprintf("bpf: %s: link %d: program is nil or closed", e.op, e.link)
	}
	return fmt.Sprintf("bpf: %s: link %d: program of type %s, want %s", e.op, e.link, e.got, typeList(e.want))
}

func (e *progError) Unwrap() error { return e.sent }

func typeList(ts []ebpf.ProgramType) string {
	s := ""
	for i, t := range ts {
		if i > 0 {
			s += " or "
		}
		s += t.String()
	}
	return s
}

// checkProg refuses a nil or closed program and one whose type is not
// among want.
func checkProg(op string, link int, p *ebpf.Program, want ...ebpf.ProgramType) error {
	if p == nil || p.FD() < 0 {
		return &progError{op: op, link: link, sent: ErrProgramClosed}
	}
	for _, t := range want {
		if p.Type() == t {
			return nil
		}
	}
	return &progError{op: op, link: link, got: p.Type(), want: want, sent: ErrProgramType}
}

// progName is the name the kernel keeps for p (at most 15 bytes), or
// fallback when it has none or cannot say.
func progName(p *ebpf.Program, fallback string) string {
	if info, err := p.Info(); err == nil && info.Name != "" {
		return info.Name
	}
	return fallback
}

// opError prefixes err with the package, the operation and the link.
func opError(op string, link int, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("bpf: %s: link %d: %w", op, link, err)
}
