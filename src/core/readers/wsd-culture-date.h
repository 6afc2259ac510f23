/* wsd-culture-date.h: dates as PowerShell formats them in the exporting
 * user's culture ("10/26/2017 11:41:44 AM", "26.10.2017 11:41:44",
 * "2017-10-26 11:41:44"), with the day/month order decided per file
 * from every value seen. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int      first, second, year;   /* date fields in written order (year apart) */
  gboolean year_first;            /* 2017-10-26, 2017/10/26 */
  char     separator;             /* '/', '.', '-' */
  int      hour, minute, second_of_minute, usec;
  gboolean has_zone;              /* "Z" or "+hh:mm" written */
  gint64   zone_usec;             /* offset east of UTC */
} WsdCultureDate;

typedef struct {
  gboolean day_first_seen;     /* a first field above 12 */
  gboolean month_first_seen;   /* a second field above 12 */
  char     separator;
} WsdDateOrderGuess;

gboolean wsd_culture_date_split   (const char *text, WsdCultureDate *out);
void     wsd_date_order_observe   (WsdDateOrderGuess *guess, const WsdCultureDate *date);
/* TRUE = day first. FALSE with *conflict set when both orders were seen. */
gboolean wsd_date_order_day_first (const WsdDateOrderGuess *guess, gboolean *conflict);
/* µs UTC; a date without a zone is shifted by @local_offset_usec
 * (east of UTC; 0 = read as UTC). Returns 0 for an impossible date. */
gint64   wsd_culture_date_to_utc  (const WsdCultureDate *date, gboolean day_first,
                                   gint64 local_offset_usec);

G_END_DECLS
