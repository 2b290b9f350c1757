"""Dump the current network namespace with pyroute2, as JSON.

Run with Debian's /usr/bin/python3 (python3-pyroute2) inside the namespace
under test. It prints one JSON object: {"messages": [msg, ...]}, each msg
pyroute2's own dict (nlmsg.dump()) with "event" set to its message type's
name. The requests are the plain dumps (no filter), so both sides see the
same kernel answers. Classes and filters are dumped per interface and per
parent (every qdisc and class handle, plus ingress/egress of clsact), as
the kernel dumps them.
"""
import json
import socket
import sys

from pyroute2 import IPRoute
from pyroute2.netlink import NLM_F_DUMP, NLM_F_REQUEST
from pyroute2.netlink.rtnl import (RTM_GETADDR, RTM_GETLINK, RTM_GETNEIGH,
                                   RTM_GETROUTE, RTM_GETRULE, RTM_GETQDISC,
                                   RTM_GETTCLASS, RTM_GETTFILTER)
from pyroute2.netlink.rtnl.fibmsg import fibmsg
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg
from pyroute2.netlink.rtnl.tcmsg import tcmsg

DUMP = NLM_F_REQUEST | NLM_F_DUMP


class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, (bytes, bytearray)):
            return ':'.join('%02x' % b for b in o)
        if isinstance(o, (set, frozenset, tuple)):
            return list(o)
        if type(o).__name__ == 'nla_slot':  # an attribute inside a record
            v = o.get_value()
            return [o.cell[0], v.dump() if hasattr(v, 'dump') else v]
        if hasattr(o, 'dump'):
            return o.dump()
        return repr(o)


def request(ipr, msg, mtype):
    return list(ipr.nlm_request(msg, msg_type=mtype, msg_flags=DUMP))


def main():
    out = []
    with IPRoute() as ipr:
        link = ifinfmsg()
        link['family'] = socket.AF_UNSPEC
        out += request(ipr, link, RTM_GETLINK)
        brport = ifinfmsg()
        brport['family'] = socket.AF_BRIDGE
        out += request(ipr, brport, RTM_GETLINK)
        for fam in (socket.AF_INET, socket.AF_INET6):
            for msgclass, msgtype in ((ifaddrmsg, RTM_GETADDR), (rtmsg, RTM_GETROUTE),
                                      (fibmsg, RTM_GETRULE), (ndmsg, RTM_GETNEIGH)):
                m = msgclass()
                m['family'] = fam
                out += request(ipr, m, msgtype)
        n = ndmsg()
        n['family'] = socket.AF_BRIDGE
        out += request(ipr, n, RTM_GETNEIGH)
        try:
            out += list(ipr.get_nexthops())
        except Exception as e:  # a kernel without nexthop objects
            print('nexthops: %s' % e, file=sys.stderr)
        q = tcmsg()
        qdiscs = request(ipr, q, RTM_GETQDISC)
        out += qdiscs
        parents = {}
        for m in qdiscs:
            parents.setdefault(m['index'], set()).add(m['handle'])
            if m.get_attr('TCA_KIND') in ('ingress', 'clsact'):
                parents[m['index']] |= {0xFFFFFFF2, 0xFFFFFFF3}
        for idx in sorted(parents):
            c = tcmsg()
            c['index'] = idx
            classes = request(ipr, c, RTM_GETTCLASS)
            out += classes
            for m in classes:
                parents[idx].add(m['handle'])
            for p in sorted(parents[idx]):
                f = tcmsg()
                f['index'] = idx
                f['parent'] = p
                out += request(ipr, f, RTM_GETTFILTER)
    msgs = []
    for m in out:
        d = m.dump()
        d['event'] = m.get('event', '')
        msgs.append(d)
    json.dump({'messages': msgs}, sys.stdout, cls=Enc)


if __name__ == '__main__':
    main()
