// SPDX-License-Identifier: GPL-2.0
/* Fixture: a path given as a struct ctl_path array (3.x kernels). */
#include <linux/sysctl.h>

static int widget_files_max = 1 << 10;

static struct ctl_path fs_widget_path[] = {
	{ .procname = "fs", },
	{ .procname = "widget", },
	{ }
};

static struct ctl_table fs_widget_table[] = {
	{
		.procname	= "files-max",
		.data		= &widget_files_max,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{ }
};

/* A base table declared through a macro, registered through another. */
static struct ctl_table debug_widget_table[] = {
	{
		.procname	= "widget-trace",
		.data		= &widget_files_max,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{ }
};
DECLARE_SYSCTL_BASE(debug, debug_widget_table);

static int __init fs_widget_init(void)
{
	register_sysctl_paths(fs_widget_path, fs_widget_table);
	register_sysctl_base(debug);
	return 0;
}
