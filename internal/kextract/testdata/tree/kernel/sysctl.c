// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: the old layout, one root table whose entries nest child tables
 * with .child = ..., registered with register_sysctl_table(). Invented code.
 * A comment that looks like an entry must be ignored:
 *	{ .procname = "commented_out", .data = &nothing, },
 */
#include <linux/sysctl.h>
#include <net/widget.h>

const int sysctl_vals[] = { -1, 0, 1, 2, INT_MAX };
const unsigned long sysctl_long_vals[] = { 0, LONG_MAX };

static int zero;
static int one = 1;
static int two = 2;
static int ten_thousand = 10000;
static int widget_max = MAX_WIDGET_RETRIES * 2;
static unsigned long long_max = LONG_MAX;
static int hz_bound = 10 * HZ;
static int booted_bound;

int widget_limit = 64;
int widget_mode;			/* zero-initialised, never written */
int widget_boot_tuned = 5;		/* rewritten at boot, see below */
unsigned long widget_pages[2] = { 16, 32 };
char widget_banner[32] = "hello";
static const char *message = "not a ctl_table { .procname = \"in_a_string\" }";

#define WIDGET_RATE_DEFAULT	(HZ / 2)
int widget_rate = WIDGET_RATE_DEFAULT;

static struct ctl_table kern_table[];
static struct ctl_table vm_table[];

static struct ctl_table sysctl_base_table[] = {
	{
		.procname	= "kernel",
		.mode		= 0555,
		.child		= kern_table,
	},
	{
		.procname	= "vm",
		.mode		= 0555,
		.child		= vm_table,
	},
	{ }
};

static struct ctl_table widget_dir_table[] = {
	{
		.procname	= "limit",
		.data		= &widget_limit,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &one,
		.extra2		= &widget_max,
	},
	{ }
};

static struct ctl_table kern_table[] = {
	{
		.procname	= "widget_mode",
		.data		= &widget_mode,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &zero,
		.extra2		= &two,
	},
	{
		.procname	= "widget_boot_tuned",
		.data		= &widget_boot_tuned,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &booted_bound,
		.extra2		= &hz_bound,
	},
	{
		.procname	= "widget_banner",
		.data		= widget_banner,
		.maxlen		= sizeof(widget_banner),
		.mode		= 0644,
		.proc_handler	= proc_dostring,
	},
	{
		.procname	= "widget",
		.mode		= 0555,
		.child		= widget_dir_table,
	},
#if 0
	{
		.procname	= "disabled_by_if_zero",
		.data		= &widget_limit,
		.proc_handler	= proc_dointvec,
	},
#endif
#ifdef CONFIG_WIDGET_DEBUG
	{
		.procname	= "widget_rate_ms",
		.data		= &widget_rate,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_ms_jiffies,
	},
	{
		.procname	= "widget_rate_raw",
		.data		= &widget_rate,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
#endif
	{ }
};

static struct ctl_table vm_table[] = {
	{
		.procname	= "widget_pages",
		.data		= &widget_pages,
		.maxlen		= sizeof(widget_pages),
		.mode		= 0644,
		.proc_handler	= proc_doulongvec_minmax,
		.extra1		= SYSCTL_LONG_ZERO,
		.extra2		= &long_max,
	},
	{
		.procname	= "widget_ratio",
		.data		= &ten_thousand,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_NEG_ONE,
		.extra2		= SYSCTL_INT_MAX,
	},
	{ }
};

static int __init widget_boot_setup(void)
{
	widget_boot_tuned = num_online_cpus() * 4;
	booted_bound = 3;
	return 0;
}

int __init sysctl_init(void)
{
	struct ctl_table_header *hdr;

	hdr = register_sysctl_table(sysctl_base_table);
	return 0;
}
