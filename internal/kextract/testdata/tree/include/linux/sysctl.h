#ifndef _FIX_SYSCTL_H
#define _FIX_SYSCTL_H
#include <linux/limits.h>

/* Shared bound constants, as pointers into one array. */
extern const int sysctl_vals[];
#define SYSCTL_NEG_ONE	((void *)&sysctl_vals[0])
#define SYSCTL_ZERO	((void *)&sysctl_vals[1])
#define SYSCTL_ONE	((void *)&sysctl_vals[2])
#define SYSCTL_TWO	((void *)&sysctl_vals[3])
#define SYSCTL_INT_MAX	((void *)&sysctl_vals[4])

extern const unsigned long sysctl_long_vals[];
#define SYSCTL_LONG_ZERO	((void *)&sysctl_long_vals[0])
#define SYSCTL_LONG_MAX		((void *)&sysctl_long_vals[1])

struct ctl_table;
struct ctl_table_header;
struct ctl_path { const char *procname; };

struct ctl_table {
	const char *procname;
	void *data;
	int maxlen;
	unsigned short mode;
	struct ctl_table *child;
	void *proc_handler;
	void *extra1;
	void *extra2;
};

/* A base directory table, declared by a macro. */
#define DECLARE_SYSCTL_BASE(_name, _table)				\
static struct ctl_table _name##_base_table[] = {			\
	{								\
		.procname	= #_name,				\
		.mode		= 0555,					\
		.child		= _table,				\
	},								\
	{ },								\
}
#define register_sysctl_base(table) __register_sysctl_base(table##_base_table)

struct ctl_table_header *register_sysctl(const char *path, struct ctl_table *table);
#endif
