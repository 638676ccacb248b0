// SPDX-License-Identifier: GPL-2.0
/* Fixture: the newer layout, a table registered under a path string. */
#include <linux/sysctl.h>
#include <net/widget.h>

static u8 widget_compact = 1;
static unsigned long widget_bytes = WIDGET_BUF_MAX;
static unsigned int widget_interval = 5000;	/* milliseconds, in jiffies below */
static int widget_expire __read_mostly = 30 * HZ;
static bool widget_enabled = true;
/* Kconfig defaults stand in for autoconf.h: 64 unless CONFIG_WIDGET_SMALL. */
static int widget_slots = CONFIG_WIDGET_SMALL ? 16 : 64;
static int widget_queue = CONFIG_WIDGET_QUEUE;

static const struct ctl_table vm_widget_table[] = {
	{
		.procname	= "widget_compact",
		.data		= &widget_compact,
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "widget_bytes",
		.data		= &widget_bytes,
		.maxlen		= sizeof(widget_bytes),
		.mode		= 0644,
		.proc_handler	= proc_doulongvec_minmax,
	},
	{
		.procname	= "widget_expire_secs",
		.data		= &widget_expire,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_jiffies,
	},
	{
		.procname	= "widget_enabled",
		.data		= &widget_enabled,
		.maxlen		= sizeof(widget_enabled),
		.mode		= 0644,
		.proc_handler	= proc_dobool,
	},
	{
		.procname	= "widget_slots",
		.data		= &widget_slots,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
		.extra2		= &widget_queue,
	},
	{
		.procname	= "widget_handler_only",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_douintvec,
	},
};

static int __init widget_sysctl_init(void)
{
	register_sysctl_init("vm", vm_widget_table);
	return 0;
}
