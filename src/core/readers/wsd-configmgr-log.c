/* wsd-configmgr-log.c: SMS trace and CMTrace record parsing. */
#include "wsd-configmgr-log.h"

#include <string.h>
#include "wsd-types.h"

#define CMTRACE_OPEN "<![LOG["
#define CMTRACE_CLOSE "]LOG]!>"
#define MAX_RECORD_BYTES (1024 * 1024)

void
wsd_cm_record_free (WsdCmRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->component);
  g_free (self->message);
  g_free (self);
}

static char *
unescape_newlines (const char *text, gsize len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '~' && i + 1 < len && text[i + 1] == '~')
        {
          g_string_append_c (out, '\n');
          i++;
        }
      else if (text[i] != '\r')
        g_string_append_c (out, text[i]);
    }
  /* A single trailing '~' ends many lines and carries nothing. */
  while (out->len > 0 && (out->str[out->len - 1] == '~' || g_ascii_isspace (out->str[out->len - 1])))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static gboolean
read_digits (const char **p, const char *end, int count, int *out)
{
  int value = 0;

  for (int i = 0; i < count; i++)
    {
      if (*p >= end || !g_ascii_isdigit (**p))
        return FALSE;
      value = value * 10 + (**p - '0');
      (*p)++;
    }
  *out = value;
  return TRUE;
}

/* "HH:MM:SS.mmm+bias" and "MM-DD-YYYY" → µs UTC; 0 when malformed. */
static gint64
stamp_to_utc (const char *date, gsize date_len, const char *time, gsize time_len)
{
  const char *p = date, *end = date + date_len;
  int month, day, year, hour, minute, second, usec = 0, bias = 0, sign = 1;
  g_autoptr(GDateTime) dt = NULL;

  if (!read_digits (&p, end, 2, &month) || p >= end || *p++ != '-'
      || !read_digits (&p, end, 2, &day) || p >= end || *p++ != '-'
      || !read_digits (&p, end, 4, &year))
    return 0;
  p = time;
  end = time + time_len;
  if (!read_digits (&p, end, 2, &hour) || p >= end || *p++ != ':'
      || !read_digits (&p, end, 2, &minute) || p >= end || *p++ != ':'
      || !read_digits (&p, end, 2, &second))
    return 0;
  if (p < end && *p == '.')
    {
      int scale = 100000;
      p++;
      while (p < end && g_ascii_isdigit (*p))
        {
          usec += (*p - '0') * scale;
          scale /= 10;
          p++;
        }
    }
  if (p < end && (*p == '+' || *p == '-'))
    {
      sign = *p == '-' ? -1 : 1;
      p++;
      while (p < end && g_ascii_isdigit (*p) && bias < 100000)
        bias = bias * 10 + (*p++ - '0');
    }
  if (p != end || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return 0;
  dt = g_date_time_new_utc (year, month, day, hour, minute, MIN (second, 59));
  if (dt == NULL)
    return 0;
  return (g_date_time_to_unix (dt) + (gint64) sign * bias * 60) * G_USEC_PER_SEC + usec;
}

/* The "$$<COMPONENT><MM-DD-YYYY HH:MM:SS.mmm+bias><thread=…>" suffix of
 * one line; FALSE when the line has none. */
static gboolean
parse_sms_suffix (const char *line, gsize len, gsize *out_message_len, char **out_component,
                  gint64 *out_time, gboolean *out_bad_stamp)
{
  const char *marker = NULL;
  const char *p, *end = line + len, *component_end, *stamp, *stamp_end, *space;

  *out_bad_stamp = FALSE;
  for (const char *s = line; s + 3 <= end; s++)
    if (s[0] == '$' && s[1] == '$' && s[2] == '<')
      marker = s;
  if (marker == NULL)
    return FALSE;
  p = marker + 3;
  component_end = memchr (p, '>', end - p);
  if (component_end == NULL || component_end + 1 >= end || component_end[1] != '<')
    return FALSE;
  stamp = component_end + 2;
  stamp_end = memchr (stamp, '>', end - stamp);
  if (stamp_end == NULL || end - stamp_end < 9 || strncmp (stamp_end, "><thread=", 9) != 0)
    return FALSE;
  space = memchr (stamp, ' ', stamp_end - stamp);
  *out_time = space != NULL ? stamp_to_utc (stamp, space - stamp, space + 1, stamp_end - space - 1) : 0;
  *out_bad_stamp = *out_time == 0;
  *out_component = g_strndup (p, component_end - p);
  *out_message_len = marker - line;
  return TRUE;
}

/* Value of attribute @name in the CMTrace attribute text. */
static gboolean
cm_attr (const char *attrs, gsize len, const char *name, const char **out, gsize *out_len)
{
  g_autofree char *key = g_strdup_printf ("%s=\"", name);
  gsize key_len = strlen (key);

  for (gsize i = 0; i + key_len <= len; i++)
    if ((i == 0 || attrs[i - 1] == ' ' || attrs[i - 1] == '<') && strncmp (attrs + i, key, key_len) == 0)
      {
        const char *value = attrs + i + key_len;
        const char *close = memchr (value, '"', attrs + len - value);
        if (close == NULL)
          return FALSE;
        *out = value;
        *out_len = close - value;
        return TRUE;
      }
  return FALSE;
}

gboolean
wsd_cm_log_looks_like (const char *text, gsize len)
{
  const char *p = text, *end = text + len;

  if (g_strstr_len (text, len, CMTRACE_OPEN) != NULL && g_strstr_len (text, len, CMTRACE_CLOSE) != NULL)
    return TRUE;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize line_len = (nl != NULL ? nl : end) - p;
      gsize message_len;
      g_autofree char *component = NULL;
      gint64 time;
      gboolean bad;

      if (parse_sms_suffix (p, line_len, &message_len, &component, &time, &bad) && !bad)
        return TRUE;
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return FALSE;
}

static void
count_lines (const char *from, const char *to, guint *line)
{
  for (const char *p = from; p < to; p++)
    if (*p == '\n')
      (*line)++;
}

GPtrArray *
wsd_cm_log_parse (const WsdReaderInput *input, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_cm_record_free);
  g_autoptr(GString) pending = g_string_new (NULL);
  const char *text = input->text;
  const char *p = text, *end = text + input->text_len;
  guint line = 1, pending_line = 0;
  gsize pending_offset = 0;

  /* A BOM mangled by a copy shows as "ï»¿" or "?" before the first record. */
  if (g_str_has_prefix (p, "\xC3\xAF\xC2\xBB\xC2\xBF"))
    p += 6;
  else if (*p == '?' && (g_str_has_prefix (p + 1, CMTRACE_OPEN) || wsd_cm_log_looks_like (p, MIN ((gsize) (end - p), 4096))))
    p++;

  while (p < end)
    {
      if (end - p >= 7 && strncmp (p, CMTRACE_OPEN, 7) == 0)
        {
          const char *message = p + 7;
          const char *close = g_strstr_len (message, MIN (end - message, MAX_RECORD_BYTES), CMTRACE_CLOSE);
          const char *attrs, *attrs_end, *date, *time, *component, *type;
          gsize date_len, time_len, component_len, type_len;
          WsdCmRecord *record;
          guint record_line = line;

          if (close == NULL)
            {
              wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, line,
                                    "CMTrace record without its closing ]LOG]!>");
              return NULL;
            }
          attrs = close + strlen (CMTRACE_CLOSE);
          attrs_end = g_strstr_len (attrs, MIN (end - attrs, 4096), "\">");
          if (attrs_end == NULL)
            {
              count_lines (p, close, &line);
              wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, line,
                                    "CMTrace record without its closing \">");
              return NULL;
            }
          attrs_end++;
          if (!cm_attr (attrs, attrs_end - attrs, "time", &time, &time_len)
              || !cm_attr (attrs, attrs_end - attrs, "date", &date, &date_len))
            {
              count_lines (p, close, &line);
              wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, line,
                                    "CMTrace record without time and date");
              return NULL;
            }
          record = g_new0 (WsdCmRecord, 1);
          record->line = record_line;
          record->offset = wsd_reader_input_original_offset (input, p - text);
          record->time = stamp_to_utc (date, date_len, time, time_len);
          record->message = unescape_newlines (message, close - message);
          if (cm_attr (attrs, attrs_end - attrs, "component", &component, &component_len))
            record->component = g_strndup (component, component_len);
          if (cm_attr (attrs, attrs_end - attrs, "type", &type, &type_len))
            record->type = (int) g_ascii_strtoll (type, NULL, 10);
          count_lines (p, attrs_end, &line);
          if (record->time == 0)
            {
              wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, record_line,
                                    "unreadable time stamp in CMTrace record");
              wsd_cm_record_free (record);
              return NULL;
            }
          g_ptr_array_add (records, record);
          p = attrs_end + 1;
          while (p < end && (*p == '\r' || *p == '\n'))
            {
              if (*p == '\n')
                line++;
              p++;
            }
          continue;
        }
      else
        {
          const char *nl = memchr (p, '\n', end - p);
          gsize line_len = (nl != NULL ? nl : end) - p;
          gsize message_len;
          char *component = NULL;
          gint64 time;
          gboolean bad;

          if (line_len > 0 && p[line_len - 1] == '\r')
            line_len--;
          if (parse_sms_suffix (p, line_len, &message_len, &component, &time, &bad))
            {
              WsdCmRecord *record;

              if (bad)
                {
                  g_free (component);
                  wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, line,
                                        "unreadable time stamp in the $$<…> suffix");
                  return NULL;
                }
              /* Lines without a suffix belong to the record they precede. */
              if (pending->len > 0 && pending->len < MAX_RECORD_BYTES)
                g_string_append_c (pending, '\n');
              if (pending->len == 0)
                {
                  pending_line = line;
                  pending_offset = p - text;
                }
              if (pending->len < MAX_RECORD_BYTES)
                g_string_append_len (pending, p, message_len);
              record = g_new0 (WsdCmRecord, 1);
              record->component = component;
              record->time = time;
              record->line = pending_line;
              record->offset = wsd_reader_input_original_offset (input, pending_offset);
              record->message = unescape_newlines (pending->str, pending->len);
              g_ptr_array_add (records, record);
              g_string_truncate (pending, 0);
            }
          else if (line_len > 0)
            {
              if (pending->len == 0)
                {
                  pending_line = line;
                  pending_offset = p - text;
                }
              else if (pending->len < MAX_RECORD_BYTES)
                g_string_append_c (pending, '\n');
              if (pending->len < MAX_RECORD_BYTES)
                g_string_append_len (pending, p, MIN (line_len, MAX_RECORD_BYTES));
            }
          if (nl == NULL)
            break;
          p = nl + 1;
          line++;
        }
    }
  return g_steal_pointer (&records);
}
