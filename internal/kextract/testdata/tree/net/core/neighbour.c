// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: a per-device template indexed by an enum, with names made by
 * stringification, offsets from a null struct pointer, a handler that sets
 * its own bounds, and a path formatted at run time for both families.
 */
#include <linux/sysctl.h>

enum {
	NEIGH_VAR_probes,
	NEIGH_VAR_retrans_ms,
	NEIGH_VAR_queue_len,
	NEIGH_VAR_GC_INTERVAL,
	NEIGH_VAR_MAX
};

struct neigh_parms {
	int	refcnt;
	int	data[NEIGH_VAR_MAX];
};

static int neigh_proc_zero_intmax(struct ctl_table *ctl, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	struct ctl_table tmp = *ctl;

	tmp.extra1 = SYSCTL_ZERO;
	tmp.extra2 = SYSCTL_INT_MAX;
	return proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
}

#define NEIGH_PARMS_DATA_OFFSET(index) \
	(&((struct neigh_parms *) 0)->data[index])

#define NEIGH_SYSCTL_ENTRY(attr, name, mval, proc) \
	[NEIGH_VAR_ ## attr] = { \
		.procname	= name, \
		.data		= NEIGH_PARMS_DATA_OFFSET(NEIGH_VAR_ ## attr), \
		.maxlen		= sizeof(int), \
		.mode		= mval, \
		.proc_handler	= proc, \
	}

#define NEIGH_SYSCTL_NAMED_ENTRY(attr, proc) \
	NEIGH_SYSCTL_ENTRY(attr, #attr, 0644, proc)

#define NEIGH_SYSCTL_ZERO_INTMAX_ENTRY(attr) \
	NEIGH_SYSCTL_NAMED_ENTRY(attr, neigh_proc_zero_intmax)

static struct neigh_sysctl_table {
	struct ctl_table_header *sysctl_header;
	struct ctl_table neigh_vars[NEIGH_VAR_MAX + 1];
} neigh_sysctl_template __read_mostly = {
	.neigh_vars = {
		NEIGH_SYSCTL_ZERO_INTMAX_ENTRY(probes),
		NEIGH_SYSCTL_NAMED_ENTRY(retrans_ms, proc_dointvec_ms_jiffies),
		NEIGH_SYSCTL_ZERO_INTMAX_ENTRY(queue_len),
		[NEIGH_VAR_GC_INTERVAL] = {
			.procname	= "gc_interval",
			.maxlen		= sizeof(int),
			.mode		= 0644,
			.proc_handler	= proc_dointvec_jiffies,
		},
		{},
	},
};

int neigh_sysctl_register(struct net_device *dev, struct neigh_parms *p)
{
	struct neigh_sysctl_table *t;
	const char *dev_name_source;
	char neigh_path[sizeof("net//neigh/") + 16 + 16];
	char *p_name;

	t = kmemdup(&neigh_sysctl_template, sizeof(*t), GFP_KERNEL);
	dev_name_source = dev ? dev->name : "default";
	p_name = neigh_family(p) == AF_INET ? "ipv4" : "ipv6";
	snprintf(neigh_path, sizeof(neigh_path), "net/%s/neigh/%s",
		p_name, dev_name_source);
	t->sysctl_header = register_net_sysctl(neigh_parms_net(p), neigh_path, t->neigh_vars);
	return 0;
}
