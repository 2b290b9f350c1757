/*
 * route_install: install n IPv4 /32 routes via a gateway with batched
 * sends, the kernel's limit for a route daemon.
 *
 *   route_install --netns PATH -n N --oif IDX --gw A.B.C.D
 *                 --ack per-msg|errors [--send BYTES] [--table T]
 *
 * Route i (from 0) goes to 10.a.b.c/32 with a.b.c = i+1, through the
 * gateway on link oif, proto static, in table T (254, main, by default).
 * Requests are packed into sends of at most BYTES (256 KiB, as
 * ring.Pipeline's default). Every send is answered before the next one:
 * netlink processes a send's requests inside sendmsg, so its answers are
 * already queued when sendmsg returns, and reading them then costs no
 * round trip.
 *
 *   per-msg  NLM_F_ACK on every request (NETLINK_CAP_ACK, so an ack is
 *            36 bytes); the answers are read with recvmmsg, up to 256
 *            datagrams per system call.
 *   errors   no NLM_F_ACK except on the last request of each send: the
 *            kernel answers only refusals, then the barrier's ack, which
 *            proves every request before it was processed.
 *
 * The receive buffer is forced to 8 MiB (the kernel doubles it): a
 * send's worth of acks (about 5,000) fits with room to spare.
 */
#include "common.h"

#include <arpa/inet.h>
#include <getopt.h>

#define VLEN 256     /* datagrams per recvmmsg */
#define ANSWER 1024  /* bytes per datagram: an ack, or an error with ext-ack text */

struct opts {
	const char *netns;
	long n;
	uint32_t oif, table;
	struct in_addr gw;
	int per_msg;
	size_t send;
};

struct answers {
	struct mmsghdr msgs[VLEN];
	struct iovec iov[VLEN];
	char buf[VLEN][ANSWER];
	long reads, failed;
};

/* put_route appends route i to the send buffer at nlh. */
static struct nlmsghdr *put_route(char *at, const struct opts *o, long i, uint32_t seq, int ack)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	struct rtmsg *rtm;
	uint32_t d = htonl(0x0a000000u + (uint32_t)(i + 1));

	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | (ack ? NLM_F_ACK : 0);
	nlh->nlmsg_seq = seq;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	rtm->rtm_table = o->table < 256 ? o->table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put_u32(nlh, RTA_DST, d);
	mnl_attr_put_u32(nlh, RTA_OIF, o->oif);
	mnl_attr_put(nlh, RTA_GATEWAY, sizeof(o->gw), &o->gw);
	if (o->table >= 256)
		mnl_attr_put_u32(nlh, RTA_TABLE, o->table);
	return nlh;
}

/*
 * read_answers reads datagrams until it has seen want answers (per-msg)
 * or the ack of seq barrier (errors), counting refusals.
 */
static void read_answers(int fd, struct answers *a, long want, uint32_t barrier, int per_msg)
{
	long seen = 0;
	int done = 0, i, got;

	while (!done) {
		got = recvmmsg(fd, a->msgs, VLEN, MSG_WAITFORONE, NULL);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			die("recvmmsg: %s", strerror(errno));
		}
		a->reads++;
		for (i = 0; i < got && !done; i++) {
			const struct nlmsghdr *nlh = (const struct nlmsghdr *)a->buf[i];
			int len = (int)a->msgs[i].msg_len;

			for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
				const struct nlmsgerr *e;

				if (nlh->nlmsg_type != NLMSG_ERROR)
					continue;
				e = mnl_nlmsg_get_payload(nlh);
				if (e->error != 0 && a->failed++ == 0)
					fprintf(stderr, "route_install: seq %u: %s\n", nlh->nlmsg_seq, strerror(-e->error));
				seen++;
				if (per_msg ? seen == want : nlh->nlmsg_seq == barrier) {
					done = 1;
					break;
				}
			}
		}
	}
}

static void parse(int argc, char **argv, struct opts *o)
{
	static const struct option long_opts[] = {
		{"netns", required_argument, NULL, 'N'}, {"oif", required_argument, NULL, 'o'},
		{"gw", required_argument, NULL, 'g'}, {"ack", required_argument, NULL, 'a'},
		{"send", required_argument, NULL, 's'}, {"table", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->n = 1000;
	o->table = RT_TABLE_MAIN;
	o->send = 256 << 10;
	o->per_msg = 1;
	inet_pton(AF_INET, "192.0.2.1", &o->gw);
	while ((c = getopt_long(argc, argv, "n:", long_opts, NULL)) != -1) {
		switch (c) {
		case 'N': o->netns = optarg; break;
		case 'n': o->n = atol(optarg); break;
		case 'o': o->oif = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 't': o->table = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 's': o->send = (size_t)atol(optarg); break;
		case 'g':
			if (inet_pton(AF_INET, optarg, &o->gw) != 1)
				die("route_install: --gw %s: not an IPv4 address", optarg);
			break;
		case 'a':
			if (strcmp(optarg, "per-msg") == 0)
				o->per_msg = 1;
			else if (strcmp(optarg, "errors") == 0)
				o->per_msg = 0;
			else
				die("route_install: --ack %s: want per-msg or errors", optarg);
			break;
		default: die("usage: route_install --netns PATH -n N --oif IDX --gw A.B.C.D --ack per-msg|errors");
		}
	}
	if (o->n <= 0 || o->oif == 0 || o->send < 4096)
		die("route_install: need -n > 0, --oif and --send >= 4096");
}

int main(int argc, char **argv)
{
	static struct answers a;
	struct mnl_socket *nl;
	struct meter m;
	struct opts o;
	char *buf, extra[160];
	long i = 0, sends = 0;
	uint32_t seq = 1;
	int fd, k;

	parse(argc, argv, &o);
	enter_netns(o.netns);
	nl = open_rtnl(8 << 20, 4 << 20, 1, 0);
	fd = mnl_socket_get_fd(nl);
	for (k = 0; k < VLEN; k++) {
		a.iov[k] = (struct iovec){a.buf[k], ANSWER};
		a.msgs[k].msg_hdr = (struct msghdr){.msg_iov = &a.iov[k], .msg_iovlen = 1};
	}
	buf = malloc(o.send);
	if (buf == NULL)
		die("route_install: out of memory");

	meter_start(&m);
	while (i < o.n) {
		size_t used = 0;
		long first = i;
		struct nlmsghdr *last = NULL;

		/* A route request is 52 bytes; stop while one more surely fits. */
		while (i < o.n && used + 64 <= o.send) {
			last = put_route(buf + used, &o, i, seq++, o.per_msg);
			used += last->nlmsg_len;
			i++;
		}
		if (!o.per_msg)
			last->nlmsg_flags |= NLM_F_ACK;
		if (send(fd, buf, used, 0) < 0)
			die("route_install: send: %s", strerror(errno));
		sends++;
		read_answers(fd, &a, i - first, last->nlmsg_seq, o.per_msg);
	}
	snprintf(extra, sizeof(extra), ",\"ack\":\"%s\",\"sends\":%ld,\"recvs\":%ld,\"failed\":%ld",
		 o.per_msg ? "per-msg" : "errors", sends, a.reads, a.failed);
	meter_emit(&m, "route_install", o.n, extra);
	free(buf);
	mnl_socket_close(nl);
	return a.failed ? 1 : 0;
}
