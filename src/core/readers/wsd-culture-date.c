/* wsd-culture-date.c: culture-formatted date parsing. */
#include "wsd-culture-date.h"

#include <string.h>

static gboolean
read_int (const char **p, int max_digits, int *out, int *out_digits)
{
  int value = 0, digits = 0;

  while (g_ascii_isdigit (**p) && digits < max_digits)
    {
      value = value * 10 + (**p - '0');
      (*p)++;
      digits++;
    }
  if (digits == 0)
    return FALSE;
  *out = value;
  if (out_digits != NULL)
    *out_digits = digits;
  return TRUE;
}

static void
skip_spaces (const char **p)
{
  /* U+00A0 and U+202F appear as separators in some cultures. */
  for (;;)
    {
      if (**p == ' ' || **p == '\t')
        (*p)++;
      else if ((guchar) (*p)[0] == 0xC2 && (guchar) (*p)[1] == 0xA0)
        *p += 2;
      else if ((guchar) (*p)[0] == 0xE2 && (guchar) (*p)[1] == 0x80 && (guchar) (*p)[2] == 0xAF)
        *p += 3;
      else
        break;
    }
}

/* "AM", "PM", "a.m.", "p. m." → 1 (am) / 2 (pm); 0 = none. */
static int
read_meridiem (const char **p)
{
  const char *s = *p;
  int which;

  if (*s == 'A' || *s == 'a')
    which = 1;
  else if (*s == 'P' || *s == 'p')
    which = 2;
  else
    return 0;
  s++;
  if (*s == '.')
    s++;
  skip_spaces (&s);
  if (*s != 'M' && *s != 'm')
    return 0;
  s++;
  if (*s == '.')
    s++;
  *p = s;
  return which;
}

gboolean
wsd_culture_date_split (const char *text, WsdCultureDate *out)
{
  const char *p = text;
  int n1, n2, n3, d1, d3;
  char sep;
  int meridiem;

  memset (out, 0, sizeof *out);
  if (text == NULL)
    return FALSE;
  skip_spaces (&p);
  if (!read_int (&p, 4, &n1, &d1))
    return FALSE;
  sep = *p;
  if (sep != '/' && sep != '.' && sep != '-')
    return FALSE;
  p++;
  if (!read_int (&p, 2, &n2, NULL) || *p != sep)
    return FALSE;
  p++;
  if (!read_int (&p, 4, &n3, &d3))
    return FALSE;
  if (*p == '.')          /* "26.10.2017." in some cultures */
    p++;
  out->separator = sep;
  if (d1 == 4)
    {
      out->year_first = TRUE;
      out->year = n1;
      out->first = n2;
      out->second = n3;
    }
  else
    {
      out->first = n1;
      out->second = n2;
      out->year = d3 <= 2 ? 2000 + n3 : n3;
    }
  if (*p == 'T')
    p++;
  skip_spaces (&p);
  if (*p != '\0')
    {
      if (!read_int (&p, 2, &out->hour, NULL) || *p != ':')
        return FALSE;
      p++;
      if (!read_int (&p, 2, &out->minute, NULL))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_int (&p, 2, &out->second_of_minute, NULL))
            return FALSE;
          if (*p == '.' || *p == ',')
            {
              int scale = 100000;
              p++;
              while (g_ascii_isdigit (*p))
                {
                  out->usec += (*p - '0') * scale;
                  scale /= 10;
                  p++;
                }
            }
        }
      skip_spaces (&p);
      meridiem = read_meridiem (&p);
      if (meridiem != 0)
        {
          if (out->hour < 1 || out->hour > 12)
            return FALSE;
          if (meridiem == 1 && out->hour == 12)
            out->hour = 0;
          else if (meridiem == 2 && out->hour != 12)
            out->hour += 12;
        }
      skip_spaces (&p);
      if (*p == 'Z')
        {
          out->has_zone = TRUE;
          p++;
        }
      else if (*p == '+' || *p == '-')
        {
          int sign = *p == '-' ? -1 : 1;
          int zh = 0, zm = 0;
          p++;
          if (!read_int (&p, 2, &zh, NULL))
            return FALSE;
          if (*p == ':')
            p++;
          read_int (&p, 2, &zm, NULL);
          out->has_zone = TRUE;
          out->zone_usec = sign * ((gint64) zh * 3600 + zm * 60) * G_USEC_PER_SEC;
        }
      skip_spaces (&p);
    }
  return *p == '\0';
}

void
wsd_date_order_observe (WsdDateOrderGuess *guess, const WsdCultureDate *date)
{
  if (guess->separator == 0)
    guess->separator = date->separator;
  if (date->year_first)
    return;
  if (date->first > 12)
    guess->day_first_seen = TRUE;
  if (date->second > 12)
    guess->month_first_seen = TRUE;
}

gboolean
wsd_date_order_day_first (const WsdDateOrderGuess *guess, gboolean *conflict)
{
  if (conflict != NULL)
    *conflict = guess->day_first_seen && guess->month_first_seen;
  if (guess->day_first_seen)
    return TRUE;
  if (guess->month_first_seen)
    return FALSE;
  /* Only '/' is month-first by default (en-US); '.' and '-' cultures
   * (de, ru, nl, …) write the day first. */
  return guess->separator != '/';
}

gint64
wsd_culture_date_to_utc (const WsdCultureDate *date, gboolean day_first, gint64 local_offset_usec)
{
  g_autoptr(GDateTime) dt = NULL;
  int month, day;
  gint64 usec;

  if (date->year_first)
    {
      month = date->first;
      day = date->second;
    }
  else if (day_first)
    {
      day = date->first;
      month = date->second;
    }
  else
    {
      month = date->first;
      day = date->second;
    }
  if (month < 1 || month > 12 || day < 1 || day > 31 || date->year < 1601 || date->year > 9999
      || date->hour > 23 || date->minute > 59 || date->second_of_minute > 60)
    return 0;
  dt = g_date_time_new_utc (date->year, month, day, date->hour, date->minute,
                            MIN (date->second_of_minute, 59));
  if (dt == NULL)
    return 0;
  usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + date->usec;
  if (date->has_zone)
    return usec - date->zone_usec;
  return usec - local_offset_usec;
}
