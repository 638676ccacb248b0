#ifndef _FIX_JIFFIES_H
#define _FIX_JIFFIES_H
# define HZ		CONFIG_HZ
# define USER_HZ	100
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1)-1)
#endif
