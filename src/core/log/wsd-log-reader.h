/* wsd-log-reader.h: records of SoftwareDistribution.log (formats.md §1).
 *
 * A record starts at a line "YYYY-MM-DD HH:MM:SS.mmm UTC<ws>Level<ws>
 * Process.Thread<ws>Class.Method<ws>Message" (tabs, or any run of
 * whitespace); every following line that does not start with such a
 * timestamp continues it (stack frames, "--->", blank lines). A record
 * keeps at most WSD_LOG_RECORD_MAX_LINES lines and WSD_LOG_RECORD_MAX_BYTES
 * bytes; the excess is dropped and noted at the end of its text.
 *
 * For speed the caller can pass a filter that sees each record's first
 * line and decides whether the record is wanted; unwanted records are
 * counted but never copied.
 *
 * Errors: a line with the shape of a timestamp whose values are impossible
 * (month 13), or NUL bytes inside the log, give WSD_ERROR_DAMAGED
 * "NAME:LINE: …"; I/O errors WSD_ERROR_UNREADABLE. A caller that finds no
 * record at all should report "not a SoftwareDistribution.log".
 */
#pragma once

#include "wsd-text-reader.h"
#include "wsd-types.h"

G_BEGIN_DECLS

#define WSD_LOG_RECORD_MAX_LINES 500
#define WSD_LOG_RECORD_MAX_BYTES (256 * 1024)

/* One record, borrowed from the reader: valid until the next call. */
typedef struct {
  gint64      time;          /* µs UTC */
  WsdLevel    level;
  const char *level_text;    /* as written: "Info", "Warning", … */
  const char *process;       /* "WsusService.15" */
  const char *component;     /* "Class.Method" */
  const char *text;          /* the whole record as written: first line and
                                continuation lines joined by \n */
  gsize       text_len;
  const char *message;       /* the part of @text after the component (to its end) */
  gsize       message_len;
  guint       event_id;      /* from "EventId=NNN," messages; 0 = none */
  guint       line;          /* 1-based line of the record's first line */
  guint       line_count;    /* physical lines it spans */
  gint64      offset;        /* byte offset of its first line */
  gboolean    truncated;     /* lines or bytes were dropped */
} WsdLogRecord;

/* Sees a record's first line only (message = first line). */
typedef gboolean (*WsdLogRecordFilter) (const WsdLogRecord *head, gpointer user_data);

#define WSD_TYPE_LOG_READER (wsd_log_reader_get_type ())
G_DECLARE_FINAL_TYPE (WsdLogReader, wsd_log_reader, WSD, LOG_READER, GObject)

WsdLogReader       *wsd_log_reader_new         (WsdTextReader *text);
void                wsd_log_reader_set_filter  (WsdLogReader      *self,
                                                WsdLogRecordFilter filter,
                                                gpointer           user_data);

/* The next wanted record; NULL at the end (@error unset) or on error. */
const WsdLogRecord *wsd_log_reader_next        (WsdLogReader *self, GError **error);

WsdTextReader      *wsd_log_reader_get_text_reader (WsdLogReader *self);
guint               wsd_log_reader_get_record_count (WsdLogReader *self);   /* wanted or not */
gint64              wsd_log_reader_get_first_time   (WsdLogReader *self);   /* 0 = none yet */
gint64              wsd_log_reader_get_last_time    (WsdLogReader *self);
/* Records whose time is earlier than the one before them. */
guint               wsd_log_reader_get_out_of_order (WsdLogReader *self);

/* Parses a record's first line. Returns FALSE when @line does not start
 * with the timestamp anchor; sets *@damaged when it has the shape of one
 * but impossible values. String fields of @fields (may be NULL) are
 * copied into @scratch, which must hold @len + 4 bytes. */
gboolean            wsd_log_parse_head         (const char   *line,
                                                gsize         len,
                                                WsdLogRecord *fields,
                                                char         *scratch,
                                                gboolean     *damaged);

/* TRUE when @text (a decoded head of a file) has a SoftwareDistribution.log
 * record line among its first lines. Sets *@first_time to its time. */
gboolean            wsd_log_sniff              (const char *text, gint64 *first_time);

G_END_DECLS
