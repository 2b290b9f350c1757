/*
 * route_dump: dump and decode the IPv4 routes of one table, the kernel's
 * limit for reading a route table.
 *
 *   route_dump --netns PATH [--table T] [--repeat R]
 *
 * Each run sends one RTM_GETROUTE dump (AF_INET, the table as RTA_TABLE
 * with NETLINK_GET_STRICT_CHK, so the kernel filters), reads it in 32 KiB
 * datagrams with mnl_socket_recvfrom, and walks it with mnl_cb_run,
 * parsing every route's attributes with mnl_attr_parse and reading dst,
 * oif, gateway and table. It prints one JSON line per run: routes seen,
 * time, CPU and the process's peak RSS.
 */
#include "common.h"

#include <getopt.h>

struct walk {
	long routes;
	uint64_t sum; /* of what was read, so nothing is optimised away */
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, RTA_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case RTA_DST:
	case RTA_GATEWAY:
	case RTA_OIF:
	case RTA_TABLE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct walk *w = data;
	uint32_t table = rtm->rtm_table;

	if (mnl_attr_parse(nlh, sizeof(*rtm), attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	if (tb[RTA_TABLE])
		table = mnl_attr_get_u32(tb[RTA_TABLE]);
	if (tb[RTA_DST])
		w->sum += mnl_attr_get_u32(tb[RTA_DST]);
	if (tb[RTA_GATEWAY])
		w->sum += mnl_attr_get_u32(tb[RTA_GATEWAY]);
	if (tb[RTA_OIF])
		w->sum += mnl_attr_get_u32(tb[RTA_OIF]);
	w->sum += table;
	w->routes++;
	return MNL_CB_OK;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{"netns", required_argument, NULL, 'N'}, {"table", required_argument, NULL, 't'},
		{"repeat", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0},
	};
	const char *netns = NULL;
	uint32_t table = RT_TABLE_MAIN;
	char req[256], extra[96], *buf;
	long repeat = 1, run, reads;
	struct mnl_socket *nl;
	int c;

	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (c) {
		case 'N': netns = optarg; break;
		case 't': table = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'r': repeat = atol(optarg); break;
		default: die("usage: route_dump --netns PATH [--table T] [--repeat R]");
		}
	}
	enter_netns(netns);
	nl = open_rtnl(0, 0, 0, 1);
	buf = malloc(DUMP_BUF);
	if (buf == NULL)
		die("route_dump: out of memory");
	for (run = 0; run < repeat; run++) {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
		struct rtmsg *rtm;
		struct walk w = {0};
		struct meter m;

		nlh->nlmsg_type = RTM_GETROUTE;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		nlh->nlmsg_seq = (uint32_t)run + 1;
		rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
		rtm->rtm_family = AF_INET;
		rtm->rtm_table = table < 256 ? table : RT_TABLE_UNSPEC;
		mnl_attr_put_u32(nlh, RTA_TABLE, table);

		meter_start(&m);
		reads = dump_run(nl, nlh, buf, route_cb, &w);
		snprintf(extra, sizeof(extra), ",\"recvs\":%ld,\"sum\":%llu", reads, (unsigned long long)w.sum);
		meter_emit(&m, "route_dump", w.routes, extra);
	}
	free(buf);
	mnl_socket_close(nl);
	return 0;
}
