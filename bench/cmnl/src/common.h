/*
 * common.h: what the libmnl baselines share. Each program enters a
 * network namespace by path, opens a NETLINK_ROUTE socket with libmnl,
 * times one workload with CLOCK_MONOTONIC and getrusage, and prints one
 * JSON object per run on standard output for the Go side to read
 * (bench/cmnl/cmnl.go). Errors go to standard error with exit status 1.
 */
#ifndef CMNL_COMMON_H
#define CMNL_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * DUMP_BUF is the receive buffer of a dump: the kernel sizes the
 * datagrams of a dump after the largest read it has seen, up to 32 KiB,
 * so a larger buffer would buy nothing.
 */
#define DUMP_BUF 32768

static inline void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* enter_netns moves the process into the namespace bound at path. */
static inline void enter_netns(const char *path)
{
	int fd;

	if (path == NULL || *path == '\0')
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0)
		die("setns %s: %s", path, strerror(errno));
	close(fd);
}

/*
 * open_rtnl opens and binds a NETLINK_ROUTE socket. rcvbuf > 0 forces
 * the receive buffer (SO_RCVBUFFORCE, root only); cap_ack asks for acks
 * without the echoed request; strict asks the kernel to apply the
 * filters of a dump request.
 */
static inline struct mnl_socket *open_rtnl(int rcvbuf, int sndbuf, int cap_ack, int strict)
{
	struct mnl_socket *nl;
	int fd, one = 1;

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (nl == NULL)
		die("mnl_socket_open: %s", strerror(errno));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("mnl_socket_bind: %s", strerror(errno));
	fd = mnl_socket_get_fd(nl);
	if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		die("SO_RCVBUFFORCE: %s", strerror(errno));
	if (sndbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)) < 0)
		die("SO_SNDBUFFORCE: %s", strerror(errno));
	if (cap_ack && mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one)) < 0)
		die("NETLINK_CAP_ACK: %s", strerror(errno));
	if (mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one)) < 0)
		die("NETLINK_EXT_ACK: %s", strerror(errno));
	if (strict && mnl_socket_setsockopt(nl, NETLINK_GET_STRICT_CHK, &one, sizeof(one)) < 0)
		die("NETLINK_GET_STRICT_CHK: %s", strerror(errno));
	return nl;
}

/* clock_s is the monotonic clock in seconds. */
static inline double clock_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* meter measures one run: wall, user and kernel CPU time. */
struct meter {
	double wall;
	struct rusage ru;
};

static inline void meter_start(struct meter *m)
{
	getrusage(RUSAGE_SELF, &m->ru);
	m->wall = clock_s();
}

/*
 * peak_rss is the high-water mark of the process's resident memory in
 * bytes: VmHWM, which belongs to the program's own address space.
 * getrusage's ru_maxrss would not do: it keeps the peak of the address
 * space replaced by exec, which for a child of vfork is its parent's.
 */
static inline long peak_rss(void)
{
	char line[128];
	long kb = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024L;
}

/*
 * meter_emit prints the run's JSON line: the fields every program shares
 * and then extra, a preformatted list of further fields ("" or
 * ",\"k\":v..."). Peak RSS is the process's (VmHWM), which only grows,
 * so a flat figure over runs and sizes means flat memory.
 */
static inline void meter_emit(struct meter *m, const char *tool, long n, const char *extra)
{
	double wall = clock_s() - m->wall;
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	printf("{\"tool\":\"%s\",\"n\":%ld,\"seconds\":%.9f,\"rate_per_s\":%.1f,"
	       "\"user_s\":%.6f,\"sys_s\":%.6f,\"peak_rss_bytes\":%ld%s}\n",
	       tool, n, wall, wall > 0 ? (double)n / wall : 0.0,
	       tv_s(ru.ru_utime) - tv_s(m->ru.ru_utime),
	       tv_s(ru.ru_stime) - tv_s(m->ru.ru_stime),
	       peak_rss(), extra);
	fflush(stdout);
}

/*
 * dump_run sends one dump request and feeds every datagram of the answer
 * to cb through mnl_cb_run until NLMSG_DONE. It returns the datagrams
 * read.
 */
static inline long dump_run(struct mnl_socket *nl, struct nlmsghdr *req, char *buf,
		     mnl_cb_t cb, void *data)
{
	unsigned int portid = mnl_socket_get_portid(nl);
	unsigned int seq = req->nlmsg_seq;
	long reads = 0;
	ssize_t got;
	int ret;

	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		die("dump send: %s", strerror(errno));
	do {
		got = mnl_socket_recvfrom(nl, buf, DUMP_BUF);
		if (got < 0)
			die("dump recv: %s", strerror(errno));
		reads++;
		ret = mnl_cb_run(buf, got, seq, portid, cb, data);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		die("dump: %s", strerror(errno));
	return reads;
}

#endif
