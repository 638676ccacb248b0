// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: an IPv6-style per-interface table with struct-field data, and a
 * route table that a helper function copies and returns.
 */
#include <linux/sysctl.h>
#include <net/net_namespace.h>

struct ipv6_devconf {
	int	forwarding;
	int	hop_limit;
	int	accept_ra;
	__s32	rtr_solicits;
};

#define IPV6_DEFAULT_HOPLIMIT 64

static struct ipv6_devconf ipv6_devconf __read_mostly = {
	.forwarding		= 0,
	.hop_limit		= IPV6_DEFAULT_HOPLIMIT,
	.accept_ra		= 1,
	.rtr_solicits		= -1,
};

static struct ipv6_devconf ipv6_devconf_dflt __read_mostly = {
	.forwarding		= 0,
	.hop_limit		= IPV6_DEFAULT_HOPLIMIT,
	.accept_ra		= 1,
	.rtr_solicits		= 3,
};

static const struct ctl_table addrconf_sysctl[] = {
	{
		.procname	= "forwarding",
		.data		= &ipv6_devconf.forwarding,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= addrconf_sysctl_forward,
	},
	{
		.procname	= "hop_limit",
		.data		= &ipv6_devconf.hop_limit,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= (void *)SYSCTL_ONE,
		.extra2		= (void *)&two_five_five,
	},
	{
		.procname	= "router_solicitations",
		.data		= &ipv6_devconf.rtr_solicits,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &minus_one,
	},
	{
		.procname	= "accept_ra",
		.data		= &ipv6_devconf.accept_ra,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		/* sentinel */
	}
};

static int two_five_five = 255;
static int minus_one = -1;

static int __addrconf_sysctl_register(struct net *net, char *dev_name,
		struct ipv6_devconf *p)
{
	struct ctl_table *table;
	char path[sizeof("net/ipv6/conf/") + 16];

	table = kmemdup(addrconf_sysctl, sizeof(addrconf_sysctl), GFP_KERNEL);
	snprintf(path, sizeof(path), "net/ipv6/conf/%s", dev_name);
	p->sysctl_header = register_net_sysctl(net, path, table);
	return 0;
}

static struct ctl_table ipv6_route_table_template[] = {
	{
		.procname	= "gc_timeout",
		.data		= &init_net.ipv4.sysctl_widget_timeout,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{ }
};

struct ctl_table * __net_init ipv6_route_sysctl_init(struct net *net)
{
	struct ctl_table *table;

	table = kmemdup(ipv6_route_table_template,
			sizeof(ipv6_route_table_template),
			GFP_KERNEL);
	if (table)
		table[0].data = &net->ipv4.sysctl_widget_timeout;
	return table;
}

static int __net_init ipv6_sysctl_net_init(struct net *net)
{
	struct ctl_table *ipv6_route_table;

	ipv6_route_table = ipv6_route_sysctl_init(net);
	net->ipv6.route_hdr = register_net_sysctl(net, "net/ipv6/route", ipv6_route_table);
	return 0;
}
