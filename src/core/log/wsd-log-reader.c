/* wsd-log-reader.c: see the header.
 *
 * Two text buffers alternate: the record being collected and the record
 * last returned, so a returned record stays valid while the next one is
 * read without copying it again. */
#include <string.h>

#include "wsd-log-reader.h"

#define SNIFF_MAX_LINES 400

typedef struct {
  char     date[10];
  gint64   days;
  gboolean valid;
} DateCache;

struct _WsdLogReader {
  GObject             parent_instance;

  WsdTextReader      *text;
  WsdLogRecordFilter  filter;
  gpointer            filter_data;

  GString            *buffers[2];
  guint               current;        /* buffers[current] collects the pending record */
  WsdLogRecord        pending;        /* offsets into buffers[current] until finished */
  gsize               pending_fields[4];
  gsize               pending_message_at;
  char               *scratch;           /* field copies of the line being parsed */
  gsize               scratch_len;
  gboolean            have_pending;
  gboolean            pending_wanted;
  guint               dropped_lines;
  WsdLogRecord        out;

  guint               records;
  gint64              first_time;
  gint64              last_time;
  guint               out_of_order;
  DateCache           dates;
};

G_DEFINE_FINAL_TYPE (WsdLogReader, wsd_log_reader, G_TYPE_OBJECT)

static void
wsd_log_reader_finalize (GObject *object)
{
  WsdLogReader *self = WSD_LOG_READER (object);

  g_clear_object (&self->text);
  g_string_free (self->buffers[0], TRUE);
  g_string_free (self->buffers[1], TRUE);
  g_free (self->scratch);
  G_OBJECT_CLASS (wsd_log_reader_parent_class)->finalize (object);
}

static void
wsd_log_reader_class_init (WsdLogReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wsd_log_reader_finalize;
}

static void
wsd_log_reader_init (WsdLogReader *self)
{
  self->buffers[0] = g_string_sized_new (4096);
  self->buffers[1] = g_string_sized_new (4096);
}

WsdLogReader *
wsd_log_reader_new (WsdTextReader *text)
{
  WsdLogReader *self;

  g_return_val_if_fail (WSD_IS_TEXT_READER (text), NULL);

  self = g_object_new (WSD_TYPE_LOG_READER, NULL);
  self->text = g_object_ref (text);
  return self;
}

void
wsd_log_reader_set_filter (WsdLogReader *self, WsdLogRecordFilter filter, gpointer user_data)
{
  self->filter = filter;
  self->filter_data = user_data;
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

static inline int
two_digits (const char *p)
{
  return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static gint64
days_from_civil (int y, int m, int d)
{
  int era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (gint64) era * 146097 + doe - 719468;
}

static WsdLevel
level_from_text (const char *text)
{
  switch (text[0])
    {
    case 'W': case 'w': return WSD_LEVEL_WARNING;
    case 'E': case 'e': case 'F': case 'f': return WSD_LEVEL_ERROR;   /* Error, Fatal */
    case 'C': case 'c': return WSD_LEVEL_CHANGE;
    default: return WSD_LEVEL_INFO;
    }
}

/* The next whitespace-free token at *p; returns its length. */
static inline gsize
take_token (const char **p, const char *end)
{
  const char *s = *p, *t;

  while (s < end && is_space (*s))
    s++;
  t = s;
  while (t < end && *t != '\t' && *t != ' ')
    t++;
  *p = s;
  return t - s;
}

static inline gboolean
digits_at (const char *p, guint n)
{
  for (guint i = 0; i < n; i++)
    if ((guint) (p[i] - '0') > 9)
      return FALSE;
  return TRUE;
}

/* The timestamp anchor "YYYY-MM-DD HH:MM:SS[.fff] UTC"; sets *@after to the
 * byte after "UTC". Day numbers are cached per date: lines of one day
 * skip the calendar arithmetic. */
static gboolean
parse_anchor (const char *line, gsize len, DateCache *cache, gint64 *time, const char **after, gboolean *damaged)
{
  const char *end = line + len;
  const char *p;
  int hour, minute, second;
  gint64 usec = 0, scale = 100000, days;

  if (len < 23 || line[4] != '-' || line[7] != '-' || line[10] != ' ' || line[13] != ':' || line[16] != ':' ||
      !digits_at (line, 4) || !digits_at (line + 5, 2) || !digits_at (line + 8, 2) ||
      !digits_at (line + 11, 2) || !digits_at (line + 14, 2) || !digits_at (line + 17, 2))
    return FALSE;
  p = line + 19;
  if (*p == '.' || *p == ',')
    {
      p++;
      if (p >= end || (guint) (*p - '0') > 9)
        return FALSE;
      for (; p < end && (guint) (*p - '0') <= 9; p++)
        {
          usec += (*p - '0') * scale;
          scale /= 10;
        }
    }
  if (p + 4 > end || p[0] != ' ' || p[1] != 'U' || p[2] != 'T' || p[3] != 'C' || (p + 4 < end && !is_space (p[4])))
    return FALSE;
  *after = p + 4;

  hour = two_digits (line + 11);
  minute = two_digits (line + 14);
  second = two_digits (line + 17);
  if (cache != NULL && cache->valid && memcmp (cache->date, line, 10) == 0)
    days = cache->days;
  else
    {
      int year = two_digits (line) * 100 + two_digits (line + 2);
      int month = two_digits (line + 5);
      int day = two_digits (line + 8);

      if (year < 1990 || month < 1 || month > 12 || day < 1 || day > g_date_get_days_in_month (month, year))
        {
          *damaged = TRUE;
          return FALSE;
        }
      days = days_from_civil (year, month, day);
      if (cache != NULL)
        {
          memcpy (cache->date, line, 10);
          cache->days = days;
          cache->valid = TRUE;
        }
    }
  if (hour > 23 || minute > 59 || second > 60)
    {
      *damaged = TRUE;
      return FALSE;
    }
  *time = (days * 86400 + hour * 3600 + minute * 60 + second) * G_USEC_PER_SEC + usec;
  return TRUE;
}

static gboolean
parse_head_cached (const char *line, gsize len, WsdLogRecord *fields, char *scratch,
                   DateCache *cache, gboolean *damaged)
{
  const char *end = line + len;
  const char *p;
  const char **slots[3];
  char *out = scratch;
  gint64 time;

  *damaged = FALSE;
  if (len < 23 || (guint) (line[0] - '0') > 9)
    return FALSE;
  if (!parse_anchor (line, len, cache, &time, &p, damaged))
    return FALSE;
  if (fields == NULL)
    return TRUE;

  fields->time = time;
  slots[0] = &fields->level_text;
  slots[1] = &fields->process;
  slots[2] = &fields->component;
  for (guint i = 0; i < 3; i++)
    {
      gsize n = take_token (&p, end);

      memcpy (out, p, n);
      out[n] = '\0';
      *slots[i] = out;
      out += n + 1;
      p += n;
    }
  while (p < end && is_space (*p))
    p++;
  fields->level = level_from_text (fields->level_text);
  fields->text = line;
  fields->text_len = len;
  fields->message = p;
  fields->message_len = end - p;
  fields->event_id = 0;
  if (fields->message_len > 8 && p[0] == 'E' && memcmp (p, "EventId=", 8) == 0)
    {
      guint id = 0;
      for (const char *d = p + 8; d < end && (guint) (*d - '0') <= 9 && id < 100000000; d++)
        id = id * 10 + (*d - '0');
      fields->event_id = id;
    }
  return TRUE;
}

gboolean
wsd_log_parse_head (const char *line, gsize len, WsdLogRecord *fields, char *scratch, gboolean *damaged)
{
  return parse_head_cached (line, len, fields, scratch, NULL, damaged);
}

gboolean
wsd_log_sniff (const char *text, gint64 *first_time)
{
  const char *p = text;

  for (guint n = 0; n < SNIFF_MAX_LINES && *p != '\0'; n++)
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl != NULL ? (gsize) (nl - p) : strlen (p);
      WsdLogRecord fields;
      gboolean damaged;
      char scratch[72];
      gsize head_len = MIN (len, sizeof scratch - 4);   /* the anchor and the level fit */

      if (head_len > 0 && p[head_len - 1] == '\r')
        head_len--;
      if (wsd_log_parse_head (p, head_len, &fields, scratch, &damaged) && fields.level_text[0] != '\0')
        {
          if (first_time != NULL)
            *first_time = fields.time;
          return TRUE;
        }
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return FALSE;
}

/* Starts collecting a record whose first line is parsed in @head. */
static void
begin_pending (WsdLogReader *self, const WsdLogRecord *head)
{
  GString *buf = self->buffers[self->current];
  const char *parts[3] = { head->level_text, head->process, head->component };

  g_string_truncate (buf, 0);
  for (guint i = 0; i < 3; i++)
    {
      self->pending_fields[i] = buf->len;
      g_string_append_len (buf, parts[i], strlen (parts[i]) + 1);
    }
  self->pending_fields[3] = buf->len;
  self->pending_message_at = head->message - head->text;
  g_string_append_len (buf, head->text, MIN (head->text_len, WSD_LOG_RECORD_MAX_BYTES));
  self->pending = *head;
  self->pending.truncated = head->text_len > WSD_LOG_RECORD_MAX_BYTES ||
                            wsd_text_reader_get_line_truncated (self->text);
  self->dropped_lines = 0;
}

static void
continue_pending (WsdLogReader *self, const char *line, gsize len)
{
  GString *buf = self->buffers[self->current];

  self->pending.line_count++;
  if (!self->pending_wanted)
    return;
  if (wsd_text_reader_get_line_truncated (self->text))
    self->pending.truncated = TRUE;
  if (self->pending.line_count > WSD_LOG_RECORD_MAX_LINES ||
      buf->len - self->pending_fields[3] + len + 1 > WSD_LOG_RECORD_MAX_BYTES)
    {
      self->dropped_lines++;
      self->pending.truncated = TRUE;
      return;
    }
  g_string_append_c (buf, '\n');
  g_string_append_len (buf, line, len);
}

/* Turns the pending record into the one handed out and flips buffers. */
static const WsdLogRecord *
finish_pending (WsdLogReader *self)
{
  GString *buf = self->buffers[self->current];

  if (self->dropped_lines > 0)
    g_string_append_printf (buf, "\n[%u more lines of this record not kept]", self->dropped_lines);
  self->out = self->pending;
  self->out.level_text = buf->str + self->pending_fields[0];
  self->out.process = buf->str + self->pending_fields[1];
  self->out.component = buf->str + self->pending_fields[2];
  self->out.text = buf->str + self->pending_fields[3];
  self->out.text_len = buf->len - self->pending_fields[3];
  self->out.message = self->out.text + MIN (self->pending_message_at, self->out.text_len);
  self->out.message_len = self->out.text_len - (self->out.message - self->out.text);
  self->current ^= 1;
  self->have_pending = FALSE;
  return &self->out;
}

/* The text reader turns NUL bytes into U+FFFD (EF BF BD). A line that
 * ends in a long such run is a torn write: a crash or a copy of a live log
 * leaves zero-filled blocks where the rest of the write never landed. */
static gboolean
line_is_torn_write (const char *line, gsize len)
{
  gsize end = len;
  guint replaced = 0;

  while (end > 0)
    {
      if (end >= 3 && (guchar) line[end - 3] == 0xEF && (guchar) line[end - 2] == 0xBF
          && (guchar) line[end - 1] == 0xBD)
        {
          end -= 3;
          replaced++;
        }
      else if (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')
        end--;
      else
        break;
    }
  /* Disks zero-fill whole blocks; a stray NUL or two is damage instead. */
  return replaced >= 16;
}

const WsdLogRecord *
wsd_log_reader_next (WsdLogReader *self, GError **error)
{
  g_return_val_if_fail (WSD_IS_LOG_READER (self), NULL);

  for (;;)
    {
      GError *local_error = NULL;
      gsize len;
      const char *line = wsd_text_reader_next_line (self->text, &len, &local_error);
      WsdLogRecord head;
      gboolean damaged = FALSE;
      gboolean was_pending;

      if (line == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          if (self->have_pending && self->pending_wanted)
            return finish_pending (self);
          self->have_pending = FALSE;
          return NULL;
        }

      if (G_UNLIKELY (wsd_text_reader_get_line_had_nul (self->text)))
        {
          /* Skip torn writes; NULs followed by text mean damage. */
          if (line_is_torn_write (line, len))
            continue;
          g_set_error (error, WSD_ERROR, WSD_ERROR_DAMAGED, "%s:%u: NUL bytes in the log (damaged file)",
                       wsd_text_reader_get_name (self->text), wsd_text_reader_get_line_number (self->text));
          return NULL;
        }

      if (len + 4 > self->scratch_len)
        {
          self->scratch_len = MAX (len + 4, 2 * self->scratch_len);
          g_free (self->scratch);
          self->scratch = g_malloc (self->scratch_len);
        }
      if (!parse_head_cached (line, len, &head, self->scratch, &self->dates, &damaged))
        {
          if (G_UNLIKELY (damaged))
            {
              g_set_error (error, WSD_ERROR, WSD_ERROR_DAMAGED, "%s:%u: impossible timestamp “%.23s”",
                           wsd_text_reader_get_name (self->text),
                           wsd_text_reader_get_line_number (self->text), line);
              return NULL;
            }
          if (self->have_pending)
            continue_pending (self, line, len);
          continue;   /* text before the first record belongs to none */
        }

      head.line = wsd_text_reader_get_line_number (self->text);
      head.offset = wsd_text_reader_get_line_offset (self->text);
      head.line_count = 1;
      head.truncated = FALSE;
      self->records++;
      if (self->first_time == 0)
        self->first_time = head.time;
      else if (head.time < self->last_time)
        self->out_of_order++;
      self->last_time = MAX (self->last_time, head.time);

      was_pending = self->have_pending && self->pending_wanted;
      if (was_pending)
        finish_pending (self);   /* flips buffers; the new record goes to the other one */
      self->have_pending = TRUE;
      self->pending_wanted = self->filter == NULL || self->filter (&head, self->filter_data);
      if (self->pending_wanted)
        begin_pending (self, &head);
      else
        self->pending = head;
      if (was_pending)
        return &self->out;
    }
}

WsdTextReader *
wsd_log_reader_get_text_reader (WsdLogReader *self)
{
  return self->text;
}

guint
wsd_log_reader_get_record_count (WsdLogReader *self)
{
  return self->records;
}

gint64
wsd_log_reader_get_first_time (WsdLogReader *self)
{
  return self->first_time;
}

gint64
wsd_log_reader_get_last_time (WsdLogReader *self)
{
  return self->last_time;
}

guint
wsd_log_reader_get_out_of_order (WsdLogReader *self)
{
  return self->out_of_order;
}
