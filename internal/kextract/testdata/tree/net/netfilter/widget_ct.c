// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: a registration wrapper taking the table and path as parameters,
 * a per-namespace table that rewrites one entry's data, a global value in a
 * per-namespace table, and a table filled in at run time.
 */
#include <linux/sysctl.h>
#include <net/net_namespace.h>

unsigned int widget_ct_max __read_mostly;

enum widget_ct_index {
	WIDGET_CT_MAX,
	WIDGET_CT_COUNT,
	WIDGET_CT_CHECKSUM,
	__WIDGET_CT_LAST_SYSCTL,
};

static struct ctl_table widget_ct_table[] = {
	[WIDGET_CT_MAX] = {
		.procname	= "widget_ct_max",
		.data		= &widget_ct_max,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	[WIDGET_CT_COUNT] = {
		.procname	= "widget_ct_count",
		.maxlen		= sizeof(int),
		.mode		= 0444,
		.proc_handler	= proc_dointvec,
	},
	[WIDGET_CT_CHECKSUM] = {
		.procname	= "widget_ct_checksum",
		.data		= &init_net.ct.sysctl_checksum,
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{}
};

static int widget_register(struct net *net, const char *path, struct ctl_table *table)
{
	struct ctl_table_header *hdr = register_net_sysctl(net, path, table);

	return hdr ? 0 : -ENOMEM;
}

static int widget_ct_init_sysctl(struct net *net)
{
	struct ctl_table *table;

	table = kmemdup(widget_ct_table, sizeof(widget_ct_table), GFP_KERNEL);
	table[WIDGET_CT_COUNT].data = &net->ct.count;
	table[WIDGET_CT_CHECKSUM].data = &net->ct.sysctl_checksum;
	return widget_register(net, "net/netfilter", table);
}

static int __net_init widget_ct_net_init(struct net *net)
{
	net->ct.sysctl_checksum = 1;
	return 0;
}

static char widget_log_names[8][3];
static struct ctl_table widget_log_table[9] __read_mostly;

static int __net_init widget_log_sysctl_init(struct net *net)
{
	int i;

	for (i = 0; i < 8; i++) {
		snprintf(widget_log_names[i], 3, "%d", i);
		widget_log_table[i].procname = widget_log_names[i];
		widget_log_table[i].maxlen = 32;
		widget_log_table[i].mode = 0644;
		widget_log_table[i].proc_handler = widget_log_proc_dostring;
	}
	register_net_sysctl(net, "net/netfilter/widget_log", widget_log_table);
	return 0;
}
