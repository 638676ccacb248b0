#ifndef _FIX_LIMITS_H
#define _FIX_LIMITS_H
#define INT_MAX		((int)(~0U >> 1))
#define INT_MIN		(-INT_MAX - 1)
#define UINT_MAX	(~0U)
#define LONG_MAX	((long)(~0UL >> 1))
#define ULONG_MAX	(~0UL)
#define U8_MAX		((u8)~0U)
#endif
