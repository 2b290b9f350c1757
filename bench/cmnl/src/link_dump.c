/*
 * link_dump: dump and decode every link, the kernel's limit for reading
 * the link table.
 *
 *   link_dump --netns PATH [--repeat R]
 *
 * Each run sends one RTM_GETLINK dump (AF_UNSPEC, IFLA_EXT_MASK asking
 * for VF details as `ip link` and rtnl.Links do), reads it in 32 KiB
 * datagrams with mnl_socket_recvfrom and walks it with mnl_cb_run,
 * parsing every link's attributes with mnl_attr_parse and reading index,
 * name and MTU. It prints one JSON line per run.
 */
#include "common.h"

#include <getopt.h>
#include <linux/if_link.h>

struct walk {
	long links;
	uint64_t sum;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, IFLA_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case IFLA_MTU:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case IFLA_IFNAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		break;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {0};
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct walk *w = data;

	if (mnl_attr_parse(nlh, sizeof(*ifi), attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	w->sum += (uint32_t)ifi->ifi_index;
	if (tb[IFLA_IFNAME])
		w->sum += strlen(mnl_attr_get_str(tb[IFLA_IFNAME]));
	if (tb[IFLA_MTU])
		w->sum += mnl_attr_get_u32(tb[IFLA_MTU]);
	w->links++;
	return MNL_CB_OK;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{"netns", required_argument, NULL, 'N'}, {"repeat", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	const char *netns = NULL;
	char req[256], extra[96], *buf;
	long repeat = 1, run, reads;
	struct mnl_socket *nl;
	int c;

	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (c) {
		case 'N': netns = optarg; break;
		case 'r': repeat = atol(optarg); break;
		default: die("usage: link_dump --netns PATH [--repeat R]");
		}
	}
	enter_netns(netns);
	nl = open_rtnl(0, 0, 0, 0);
	buf = malloc(DUMP_BUF);
	if (buf == NULL)
		die("link_dump: out of memory");
	for (run = 0; run < repeat; run++) {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
		struct ifinfomsg *ifi;
		struct walk w = {0};
		struct meter m;

		nlh->nlmsg_type = RTM_GETLINK;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		nlh->nlmsg_seq = (uint32_t)run + 1;
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_VF);

		meter_start(&m);
		reads = dump_run(nl, nlh, buf, link_cb, &w);
		snprintf(extra, sizeof(extra), ",\"recvs\":%ld,\"sum\":%llu", reads, (unsigned long long)w.sum);
		meter_emit(&m, "link_dump", w.links, extra);
	}
	free(buf);
	mnl_socket_close(nl);
	return 0;
}
