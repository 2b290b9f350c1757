package tc

import "time"

// XStats is the kind-specific statistics of a qdisc or class
// (TCA_XSTATS, the same bytes as TCA_STATS2's TCA_STATS_APP), decoded:
// HTBXStats, FQCodelXStats or FQCodelClassXStats. Sealed.
type XStats interface{ xstats() }

// HTBXStats is struct tc_htb_xstats, an HTB class's statistics.
type HTBXStats struct {
	Lends   uint32 // packets sent at the class's own rate
	Borrows uint32 // packets sent borrowing from an ancestor
	Giants  uint32 // packets larger than the rate table's MTU
	Tokens  int32  // tokens left at rate, in ticks
	CTokens int32  // tokens left at ceil, in ticks
}

// FQCodelXStats is the qdisc part of struct tc_fq_codel_xstats.
type FQCodelXStats struct {
	MaxPacket      uint32 // largest packet seen
	DropOverlimit  uint32 // packets dropped over the limit
	ECNMark        uint32 // packets marked
	NewFlowCount   uint32 // flows that became new
	NewFlowsLen    uint32 // flows in the new list
	OldFlowsLen    uint32 // flows in the old list
	CEMark         uint32 // packets marked above ce_threshold
	MemoryUsage    uint32 // bytes in use
	DropOvermemory uint32 // packets dropped over the memory limit
}

// FQCodelClassXStats is the class (one flow) part of struct
// tc_fq_codel_xstats.
type FQCodelClassXStats struct {
	Deficit   int32
	LDelay    time.Duration // sojourn time of the last dequeued packet
	Count     uint32
	LastCount uint32
	Dropping  bool
	DropNext  time.Duration // until the next drop; negative when past
}

func (HTBXStats) xstats()          {}
func (FQCodelXStats) xstats()      {}
func (FQCodelClassXStats) xstats() {}

// TCA_FQ_CODEL_XSTATS_* (the union's tag).
const (
	fqCodelXStatsQdisc = 0
	fqCodelXStatsClass = 1
)

// xstatsDecoders decode TCA_XSTATS by kind; what they cannot read (a
// short struct) gives nil.
var xstatsDecoders = map[string]func(b []byte) XStats{
	"htb": func(b []byte) XStats {
		if len(b) < 20 {
			return nil
		}
		return HTBXStats{Lends: u32At(b, 0), Borrows: u32At(b, 4), Giants: u32At(b, 8),
			Tokens: int32(u32At(b, 12)), CTokens: int32(u32At(b, 16))}
	},
	"fq_codel": func(b []byte) XStats {
		switch u32At(b, 0) {
		case fqCodelXStatsQdisc:
			if len(b) < 4+9*4 {
				return nil
			}
			return FQCodelXStats{MaxPacket: u32At(b, 4), DropOverlimit: u32At(b, 8), ECNMark: u32At(b, 12),
				NewFlowCount: u32At(b, 16), NewFlowsLen: u32At(b, 20), OldFlowsLen: u32At(b, 24),
				CEMark: u32At(b, 28), MemoryUsage: u32At(b, 32), DropOvermemory: u32At(b, 36)}
		case fqCodelXStatsClass:
			if len(b) < 4+6*4 {
				return nil
			}
			return FQCodelClassXStats{Deficit: int32(u32At(b, 4)), LDelay: time.Duration(u32At(b, 8)) * time.Microsecond,
				Count: u32At(b, 12), LastCount: u32At(b, 16), Dropping: u32At(b, 20) != 0,
				DropNext: time.Duration(int32(u32At(b, 24))) * time.Microsecond}
		}
		return nil
	},
}

// decodeXStats decodes the TCA_XSTATS of kind; nil for kinds without a
// decoder or without statistics.
func decodeXStats(kind string, b []byte) XStats {
	if d := xstatsDecoders[kind]; d != nil && len(b) > 0 {
		return d(b)
	}
	return nil
}
