// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture: odd C the extractor must survive: #if/#else branches that open
 * different blocks, a table nobody registers, a path built at run time from
 * something the extractor cannot see, line continuations, an unterminated
 * character in #if 0 prose.
 */
#include <linux/sysctl.h>

#if 0
Don't parse this: it's prose, with an apostrophe and { unbalanced braces.
#endif

static int odd_value = 3;

static struct ctl_table orphan_table[] = {
	{
		.procname	= "orphan",
		.data		= &odd_value,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{ }
};

static struct ctl_table odd_table[] = {
	{
		.procname	= "odd",
		.data		= &odd_value,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{ }
};

#ifdef CONFIG_ODD_A
static int odd_register(const char *where)
{
	if (where) {
#else
static int odd_register(const char *where, int flags)
{
	if (where && flags) {
#endif
		register_sysctl(where_from_somewhere(), odd_table);
	}
	return 0;
}

static int odd_after(void)
{
	register_sysctl("dev/odd", \
			odd_table);
	return 0;
}
