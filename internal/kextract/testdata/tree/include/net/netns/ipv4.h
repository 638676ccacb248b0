#ifndef __FIX_NETNS_IPV4_H__
#define __FIX_NETNS_IPV4_H__
struct widget_death_row {
	int sysctl_max_buckets;
};

struct netns_ipv4 {
	struct widget_death_row	death_row;
	u8 sysctl_widget_flag;
	int sysctl_widget_timeout;
	int sysctl_widget_mem[3];
	unsigned int sysctl_widget_delay;
	struct {
		int range[2];
	} port_range;
	u8 sysctl_widget_unset;
#ifdef CONFIG_WIDGET_FAST
	u8 sysctl_widget_fast;
#endif
	char sysctl_widget_name[16];
};
#endif
