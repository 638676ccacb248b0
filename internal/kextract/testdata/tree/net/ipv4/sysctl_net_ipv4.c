// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: a global table registered for the initial namespace only, and a
 * per-namespace one registered for every struct net. Invented code.
 */
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/widget.h>

static int widget_retries_max = MAX_WIDGET_RETRIES;
static int port_range_min[] = { 1, 1 };
static int port_range_max[] = { 65535, 65535 };
static int rto_min_floor = WIDGET_RTO_MIN;

static struct ctl_table ipv4_table[] = {
	{
		.procname	= "widget_orphans",
		.data		= &sysctl_widget_orphans,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec
	},
	{
		.procname	= "widget_low_latency",
		.data		= &sysctl_widget_low_latency,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec
	},
	{
		.procname	= "widget_rto_floor_ms",
		.data		= &sysctl_widget_rto,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_ms_jiffies_minmax,
		.extra1		= &rto_min_floor,
	},
	{ }
};

static int ipv4_widget_port_range(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	struct ctl_table tmp = {
		.data = table->data,
		.maxlen = table->maxlen,
		.extra1 = &port_range_min,
		.extra2 = &port_range_max,
	};

	return proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
}

static struct ctl_table ipv4_net_table[] = {
	{
		.procname	= "widget_flag",
		.data		= &init_net.ipv4.sysctl_widget_flag,
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_TWO,
	},
	{
		.procname	= "widget_timeout",
		.data		= &init_net.ipv4.sysctl_widget_timeout,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{
		.procname	= "widget_retries",
		.data		= &init_net.ipv4.sysctl_widget_timeout,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra2		= &widget_retries_max,
	},
	{
		.procname	= "widget_mem",
		.data		= &init_net.ipv4.sysctl_widget_mem,
		.maxlen		= sizeof(init_net.ipv4.sysctl_widget_mem),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "widget_delay",
		.data		= &init_net.ipv4.sysctl_widget_delay,
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= SYSCTL_ONE,
		.extra2		= &init_net.ipv4.sysctl_widget_timeout,
	},
	{
		.procname	= "widget_port_range",
		.data		= &init_net.ipv4.port_range.range,
		.maxlen		= sizeof(init_net.ipv4.port_range.range),
		.mode		= 0644,
		.proc_handler	= ipv4_widget_port_range,
	},
	{
		.procname	= "widget_buckets",
		.data		= &init_net.ipv4.death_row.sysctl_max_buckets,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec
	},
	{
		.procname	= "widget_unset",
		.data		= &init_net.ipv4.sysctl_widget_unset,
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "widget_name",
		.data		= &init_net.ipv4.sysctl_widget_name,
		.maxlen		= sizeof(init_net.ipv4.sysctl_widget_name),
		.mode		= 0644,
		.proc_handler	= proc_dostring,
	},
#ifdef CONFIG_WIDGET_FAST
	{
		.procname	= "widget_fast",
		.data		= &init_net.ipv4.sysctl_widget_fast,
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
#endif
	{ }
};

static __net_init int ipv4_sysctl_init_net(struct net *net)
{
	struct ctl_table *table;

	table = ipv4_net_table;
	if (!net_eq(net, &init_net)) {
		int i;

		table = kmemdup(table, sizeof(ipv4_net_table), GFP_KERNEL);
		if (!table)
			goto err_alloc;
		for (i = 0; i < ARRAY_SIZE(ipv4_net_table) - 1; i++)
			table[i].data += (void *)net - (void *)&init_net;
	}

	net->ipv4.ipv4_hdr = register_net_sysctl(net, "net/ipv4", table);
	return 0;
err_alloc:
	return -ENOMEM;
}

static __init int sysctl_ipv4_init(void)
{
	struct ctl_table_header *hdr;

	hdr = register_net_sysctl(&init_net, "net/ipv4", ipv4_table);
	return hdr ? 0 : -ENOMEM;
}
