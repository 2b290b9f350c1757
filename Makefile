# nlroute — see README.md. `make test` is what CI runs.
GO        ?= go
PKGS      ?= ./...
# The smoke run counts executions: a count has no deadline for Go's
# fuzz coordinator to race (golang/go#75804, fixed in Go 1.27).
FUZZTIME  ?= 3000x
BENCHTIME ?= 1s

.PHONY: all deps test vet unit bench-smoke fuzz-smoke fuzz bench run test-vm cross

all: test

# deps installs what the suite needs on a fresh machine: Go modules,
# iproute2 (ip, tc, bridge) for the cross-checks, and gcc with libmnl-dev
# for the C baseline the benchmarks measure against, and OpenSSH for the
# remote-agent test (it starts its own sshd on loopback), and the kernel
# UAPI headers (linux-libc-dev) internal/uapi's values are checked against,
# BIRD 2 (bird2), the route daemon the fib workload is measured against, and
# pyroute2 (python3-pyroute2, for Debian's /usr/bin/python3), the
# differential oracle for the JSON shapes, when missing.
deps:
	@command -v ip >/dev/null 2>&1 && command -v tc >/dev/null 2>&1 && command -v bridge >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2; }
	@command -v gcc >/dev/null 2>&1 && test -f /usr/include/libmnl/libmnl.h || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libmnl-dev; }
	@test -x /usr/sbin/sshd && command -v ssh >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server openssh-client; }
	@test -f /usr/include/linux/rtnetlink.h || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-libc-dev; }
	@test -x /usr/sbin/bird && test -x /usr/sbin/birdc || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bird2; }
	@/usr/bin/python3 -c 'import pyroute2' 2>/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pyroute2; }
	$(GO) mod download
	cd bench && $(GO) mod download

# test: vet, the race-enabled suite on the host kernel with privileged tests
# required (a skip for lack of root fails), the same suite on the full
# kernel in a VM (test-vm), vet and test-compile for FreeBSD, OpenBSD,
# Darwin and Windows (cross), a one-iteration run of every benchmark, and a
# short pass of every fuzz target. Two kernels, like cilium/ebpf's matrix.
test: deps vet unit test-vm cross bench-smoke fuzz-smoke

# cross vets and test-compiles every package for the other platforms.
cross:
	scripts/cross-check

vet:
	$(GO) vet $(PKGS)
	cd bench && $(GO) vet ./...

# unit: the host lane. A test whose kernel feature this host lacks skips
# naming it (kernel configs differ between machines); the last line lists
# those features. NLTEST_MASK_FEATURES=seg6,mpls pretends features are
# missing, to check that a host without them stays green.
unit:
	@start=$$(date +%s); skips=$$(mktemp); trap 'rm -f "$$skips"' EXIT; \
	NLTEST_SKIPLOG=$$skips NLTEST_PRIVILEGED=1 NLTEST_SSHD=1 $(GO) test -race -shuffle=on -count=1 $(PKGS) && \
	(cd bench && NLTEST_SKIPLOG=$$skips NLTEST_PRIVILEGED=1 $(GO) test -count=1 ./...) && \
	echo "host lane ($$(uname -r)): passed in $$(( $$(date +%s) - start ))s" && \
	scripts/skipped-features "$$skips" "host lane ($$(uname -r))"

bench-smoke:
	$(GO) test -run '^$$' -bench . -benchtime=1x $(PKGS)
	cd bench && $(GO) test -run '^$$' -bench . -benchtime=1x ./...

fuzz-smoke:
	FUZZTIME=$(FUZZTIME) scripts/fuzz-all

# test-vm runs every package's tests as root in a VM with Debian's full
# kernel (6.1, all modules): the second kernel lane. See ../shared/vmtest.
test-vm:
	scripts/test-vm

# fuzz runs every fuzz target for FUZZTIME each (default here: a minute).
fuzz:
	FUZZTIME=$${FUZZTIME_LONG:-60s} scripts/fuzz-all

# bench runs the library's and the side-by-side peer benchmarks.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime=$(BENCHTIME) -count=1 ./wire/ ./codec/
	cd bench && $(GO) test -run '^$$' -bench . -benchmem -benchtime=$(BENCHTIME) -count=1 ./...

# run is the main job: nlbench's kernel throughput profile (install, dump,
# links, events, nexthop swap) in a throwaway namespace, beside C on libmnl
# (the kernel's limit, built with gcc) and `ip -batch`,
# as a table. Needs root. NLBENCH_FLAGS adds flags (--json, --plot F.svg).
run: deps
	$(GO) run ./cmd/nlbench all --compare c,ip $(NLBENCH_FLAGS)
