// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: a per-interface template built by macros (token pasting for the
 * index, the name passed as a string), registered under net/ipv4/conf/<dev>,
 * with defaults in the "all" and "default" configurations.
 */
#include <linux/sysctl.h>
#include <uapi/linux/ipconf.h>
#include <net/net_namespace.h>

struct ipv4_devconf {
	void	*sysctl;
	int	data[IPV4_DEVCONF_MAX];
};

static struct ipv4_devconf ipv4_devconf = {
	.data = {
		[IPV4_DEVCONF_ACCEPT_REDIRECTS - 1] = 1,
		[IPV4_DEVCONF_RP_FILTER - 1] = 2,
	},
};

static struct ipv4_devconf ipv4_devconf_dflt = {
	.data = {
		[IPV4_DEVCONF_ACCEPT_REDIRECTS - 1] = 1,
		[IPV4_DEVCONF_RP_FILTER - 1] = 1,
	},
};

#define DEVCONF_SYSCTL_ENTRY(attr, name, mval, proc) \
	{ \
		.procname	= name, \
		.data		= ipv4_devconf.data + \
				  IPV4_DEVCONF_ ## attr - 1, \
		.maxlen		= sizeof(int), \
		.mode		= mval, \
		.proc_handler	= proc, \
		.extra1		= &ipv4_devconf, \
	}

#define DEVCONF_SYSCTL_RW_ENTRY(attr, name) \
	DEVCONF_SYSCTL_ENTRY(attr, name, 0644, devconf_proc)

#define DEVCONF_SYSCTL_COMPLEX_ENTRY(attr, name, proc) \
	DEVCONF_SYSCTL_ENTRY(attr, name, 0644, proc)

static struct devconf_sysctl_table {
	struct ctl_table_header *sysctl_header;
	struct ctl_table devconf_vars[__IPV4_DEVCONF_MAX];
} devconf_sysctl = {
	.devconf_vars = {
		DEVCONF_SYSCTL_COMPLEX_ENTRY(FORWARDING, "forwarding",
					     devconf_sysctl_forward),
		DEVCONF_SYSCTL_RW_ENTRY(ACCEPT_REDIRECTS, "accept_redirects"),
		DEVCONF_SYSCTL_RW_ENTRY(RP_FILTER, "rp_filter"),
		DEVCONF_SYSCTL_RW_ENTRY(LOG_MARTIANS, "log_martians"),
	},
};

static struct ctl_table ctl_forward_entry[] = {
	{
		.procname	= "ip_forward",
		.data		= &ipv4_devconf.data[
					IPV4_DEVCONF_FORWARDING - 1],
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= devconf_sysctl_forward,
		.extra1		= &ipv4_devconf,
		.extra2		= &init_net,
	},
	{ },
};

static int __devconf_sysctl_register(struct net *net, char *dev_name,
				     struct ipv4_devconf *p)
{
	int i;
	struct devconf_sysctl_table *t;
	char path[sizeof("net/ipv4/conf/") + 16];

	t = kmemdup(&devconf_sysctl, sizeof(*t), GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(t->devconf_vars) - 1; i++) {
		t->devconf_vars[i].data += (char *)p - (char *)&ipv4_devconf;
		t->devconf_vars[i].extra1 = p;
	}
	snprintf(path, sizeof(path), "net/ipv4/conf/%s", dev_name);
	t->sysctl_header = register_net_sysctl(net, path, t->devconf_vars);
	return 0;
}

static __net_init int devconf_init_net(struct net *net)
{
	struct ipv4_devconf *all = kmemdup(&ipv4_devconf, sizeof(ipv4_devconf), GFP_KERNEL);
	struct ctl_table *tbl;

	__devconf_sysctl_register(net, "all", all);
	tbl = kmemdup(ctl_forward_entry, sizeof(ctl_forward_entry), GFP_KERNEL);
	tbl[0].data = &all->data[IPV4_DEVCONF_FORWARDING - 1];
	register_net_sysctl(net, "net/ipv4", tbl);
	return 0;
}
