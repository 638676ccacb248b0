// SPDX-License-Identifier: GPL-2.0
/* Fixture: the variables and the per-namespace init function. */
#include <net/net_namespace.h>
#include <net/widget.h>

int sysctl_widget_orphans __read_mostly = 4096;
int sysctl_widget_low_latency __read_mostly;
int sysctl_widget_rto __read_mostly = 200;	/* jiffies: depends on HZ, so no static default */

static int __net_init widget_sk_init(struct net *net)
{
	net->ipv4.sysctl_widget_flag = 2;
	net->ipv4.sysctl_widget_timeout = WIDGET_FIN_TIMEOUT;
	net->ipv4.sysctl_widget_mem[0] = 4 * 1024;
	net->ipv4.sysctl_widget_mem[1] = 87380;
	net->ipv4.sysctl_widget_mem[2] = 87380 * 2;
	net->ipv4.sysctl_widget_delay = 1000;
	net->ipv4.port_range.range[0] = 32768;
	net->ipv4.port_range.range[1] = 60999;
	net->ipv4.death_row.sysctl_max_buckets = (net_hash_size() + 1) / 2;
	strcpy(net->ipv4.sysctl_widget_name, "reno");
	return 0;
}

void __init widget_init(void)
{
	sysctl_widget_orphans = nr_free_pages() / 2;
}
