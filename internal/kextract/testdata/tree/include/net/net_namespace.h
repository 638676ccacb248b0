#ifndef __FIX_NET_NAMESPACE_H
#define __FIX_NET_NAMESPACE_H
#include <net/netns/ipv4.h>

struct netns_core {
	int	sysctl_somaxconn;
	u8	sysctl_txrehash;
};

struct net {
	int			count;
	struct netns_core	core;
	struct netns_ipv4	ipv4;
	struct {
		int count;
		u8 sysctl_checksum;
	} ct;
};

extern struct net init_net;
#define SOMAXCONN	4096
#endif
