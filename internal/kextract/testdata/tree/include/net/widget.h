#ifndef _FIX_WIDGET_H
#define _FIX_WIDGET_H
#include <linux/jiffies.h>

#define WIDGET_TIMEWAIT_LEN	(60*HZ)	/* seconds, in jiffies */
#define WIDGET_FIN_TIMEOUT	WIDGET_TIMEWAIT_LEN
#define MAX_WIDGET_RETRIES	127
#define WIDGET_RTO_MIN		((unsigned)(HZ/5))
#define WIDGET_BUF_MAX \
	(4 * 1024 * \
	 1024)
#endif
