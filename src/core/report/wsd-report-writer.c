/* wsd-report-writer.c: the document, its output helpers, the summary and
 * atomic file writing. Sections live in wsd-report-*.c. */
#include "wsd-report-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "wsd-config.h"
#include "wsd-html.h"

#define FLUSH_THRESHOLD (64 * 1024)
#define CSS_RESOURCE "/io/github/syncdoctor/WsusSyncDoctor/report/report.css"
#define CSP "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

/* --- output -------------------------------------------------------------- */

gboolean
wsd_report_flush (WsdReport *report)
{
  if (report->error == NULL && report->buf->len > 0)
    {
      g_output_stream_write_all (report->stream, report->buf->str, report->buf->len,
                                 NULL, report->cancellable, &report->error);
    }
  g_string_truncate (report->buf, 0);
  return report->error == NULL;
}

static inline void
maybe_flush (WsdReport *report)
{
  if (report->buf->len >= FLUSH_THRESHOLD)
    wsd_report_flush (report);
}

void
wsd_report_raw (WsdReport *report, const char *markup)
{
  g_string_append (report->buf, markup);
  maybe_flush (report);
}

void
wsd_report_rawf (WsdReport *report, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (report->buf, format, args);
  va_end (args);
  maybe_flush (report);
}

void
wsd_report_text_len (WsdReport *report, const char *text, gssize len)
{
  if (text == NULL)
    return;
  if (report->redactor != NULL)
    {
      g_string_truncate (report->scratch, 0);
      /* Redaction only looks at ASCII, so it runs on the raw bytes; the
       * escaper then repairs any invalid UTF-8 in the result. */
      wsd_redactor_append (report->redactor, report->scratch, text, len);
      wsd_html_append_escaped (report->buf, report->scratch->str, report->scratch->len);
    }
  else
    wsd_html_append_escaped (report->buf, text, len);
  maybe_flush (report);
}

void
wsd_report_text (WsdReport *report, const char *text)
{
  wsd_report_text_len (report, text, -1);
}

gsize
wsd_report_text_cut (WsdReport *report, const char *text, gsize max_bytes)
{
  gsize len;
  const char *cut;

  if (text == NULL)
    return 0;
  len = strlen (text);
  if (len <= max_bytes)
    {
      wsd_report_text_len (report, text, len);
      return 0;
    }
  cut = text + max_bytes;
  /* Back up to a character start so the cut never splits a character. */
  while (cut > text && ((guchar) *cut & 0xc0) == 0x80)
    cut--;
  wsd_report_text_len (report, text, cut - text);
  return text + len - cut;
}

void
wsd_report_link (WsdReport *report, const char *url)
{
  if (wsd_html_url_is_safe (url))
    {
      wsd_report_raw (report, "<a href=\"");
      wsd_report_text (report, url);
      wsd_report_raw (report, "\" rel=\"noreferrer noopener\">");
      wsd_report_text (report, url);
      wsd_report_raw (report, "</a>");
    }
  else
    {
      wsd_report_raw (report, "<span class=\"url\">");
      wsd_report_text (report, url);
      wsd_report_raw (report, "</span>");
    }
}

/* Days since 1970-01-01 → civil date (Howard Hinnant's algorithm): fast
 * enough for a hundred thousand rows without a GDateTime each. */
void
wsd_report_civil (gint64 usec, int *year, int *month, int *day, int *hour, int *minute)
{
  gint64 secs = usec >= 0 ? usec / G_USEC_PER_SEC : (usec - G_USEC_PER_SEC + 1) / G_USEC_PER_SEC;
  gint64 days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  gint64 rem = secs - days * 86400;
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int m = (int) (mp < 10 ? mp + 3 : mp - 9);

  *year = (int) (yoe + era * 400 + (m <= 2));
  *month = m;
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  if (hour != NULL)
    *hour = (int) (rem / 3600);
  if (minute != NULL)
    *minute = (int) (rem % 3600 / 60);
}

gint64
wsd_report_day_start (gint64 usec)
{
  gint64 day = G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  return usec >= 0 ? usec - usec % day : usec - ((usec % day) + day) % day;
}

void
wsd_report_time (WsdReport *report, gint64 usec)
{
  int y, mo, d, h, mi;

  if (usec == 0)
    {
      wsd_report_raw (report, "—");
      return;
    }
  wsd_report_civil (usec, &y, &mo, &d, &h, &mi);
  wsd_report_rawf (report, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
}

void
wsd_report_date (WsdReport *report, gint64 usec)
{
  int y, mo, d;

  if (usec == 0)
    {
      wsd_report_raw (report, "—");
      return;
    }
  wsd_report_civil (usec, &y, &mo, &d, NULL, NULL);
  wsd_report_rawf (report, "%04d-%02d-%02d", y, mo, d);
}

void
wsd_report_duration (WsdReport *report, gint64 start, gint64 end)
{
  gint64 secs;

  if (start == 0 || end == 0 || end < start)
    {
      wsd_report_raw (report, "—");
      return;
    }
  secs = (end - start) / G_USEC_PER_SEC;
  if (secs < 60)
    wsd_report_rawf (report, "%" G_GINT64_FORMAT " s", secs);
  else if (secs < 3600)
    wsd_report_rawf (report, "%" G_GINT64_FORMAT " min", secs / 60);
  else
    wsd_report_rawf (report, "%" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT " min", secs / 3600, secs % 3600 / 60);
}

/* --- model helpers --------------------------------------------------------- */

const char *
wsd_report_run_server (const WsdRun *run)
{
  return run->server != NULL && *run->server != '\0' ? run->server : "(server not named)";
}

const WsdFinding *
wsd_report_top_finding (const WsdRunDiagnosis *diagnosis)
{
  if (diagnosis->findings == NULL || diagnosis->findings->len == 0)
    return NULL;
  return g_ptr_array_index (diagnosis->findings, 0);
}

const char *
wsd_report_result_label (WsdResult result)
{
  switch (result)
    {
    case WSD_RESULT_SUCCEEDED: return "Succeeded";
    case WSD_RESULT_FAILED:    return "Failed";
    case WSD_RESULT_CANCELED:  return "Canceled";
    case WSD_RESULT_RUNNING:   return "Running";
    case WSD_RESULT_UNKNOWN:
    default:                   return "Unknown";
    }
}

static void
report_server_free (WsdReportServer *server)
{
  g_free (server->name);
  g_hash_table_unref (server->causes);
  g_free (server);
}

WsdReportServer *
wsd_report_server_for (WsdReport *report, const char *name)
{
  WsdReportServer *server = g_hash_table_lookup (report->server_index, name);

  if (server == NULL)
    {
      server = g_new0 (WsdReportServer, 1);
      server->name = g_strdup (name);
      server->causes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_ptr_array_add (report->servers, server);
      g_hash_table_insert (report->server_index, server->name, server);
    }
  return server;
}

static void
count_cause (GHashTable *causes, const WsdFinding *finding)
{
  const char *rule = finding != NULL && finding->rule != NULL ? finding->rule : "unclassified";
  WsdReportCause *cause = g_hash_table_lookup (causes, rule);

  if (cause == NULL)
    {
      cause = g_new0 (WsdReportCause, 1);
      cause->rule = rule;
      cause->title = finding != NULL && finding->title != NULL ? finding->title
                     : finding != NULL ? rule : "No diagnosis";
      g_hash_table_insert (causes, (gpointer) rule, cause);
    }
  cause->count++;
}

static void
compute_figures (WsdReport *report)
{
  const WsdAnalysis *analysis = report->analysis;

  for (guint i = 0; i < analysis->servers->len; i++)
    {
      const WsdServer *server = g_ptr_array_index (analysis->servers, i);
      wsd_report_server_for (report, server->name)->server = server;
    }
  for (guint i = 0; i < analysis->runs->len; i++)
    {
      const WsdRunDiagnosis *diagnosis = g_ptr_array_index (analysis->runs, i);
      const WsdRun *run = diagnosis->run;
      WsdReportServer *server = wsd_report_server_for (report, wsd_report_run_server (run));

      if (report->period_start == 0 || run->started < report->period_start)
        report->period_start = run->started;
      report->period_end = MAX (report->period_end, MAX (run->started, run->finished));
      server->n_runs++;
      server->last_run = run->started;
      server->last_result = run->result;
      if (run->result == WSD_RESULT_SUCCEEDED)
        {
          server->n_succeeded++;
          server->last_success = run->started;
          server->streak = 0;
          server->streak_since = 0;
        }
      else if (run->result == WSD_RESULT_FAILED)
        {
          server->n_failed++;
          if (server->streak++ == 0)
            server->streak_since = run->started;
          count_cause (server->causes, wsd_report_top_finding (diagnosis));
          count_cause (report->causes, wsd_report_top_finding (diagnosis));
        }
    }
  if (analysis->since != 0)
    report->period_start = analysis->since;
  if (analysis->until != 0)
    report->period_end = analysis->until;
}

static int
compare_causes (gconstpointer a, gconstpointer b)
{
  const WsdReportCause *ca = *(WsdReportCause * const *) a;
  const WsdReportCause *cb = *(WsdReportCause * const *) b;

  if (ca->count != cb->count)
    return ca->count > cb->count ? -1 : 1;
  return g_strcmp0 (ca->rule, cb->rule);
}

GPtrArray *
wsd_report_sorted_causes (GHashTable *causes)
{
  GPtrArray *sorted = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, causes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_causes);
  return sorted;
}


/* --- the document ------------------------------------------------------------ */

/* In redacting mode every name is learnt before the first byte is written,
 * so a host first named late in the evidence is masked on page one too. */
static void
learn_names (WsdRedactor *redactor, const WsdAnalysis *analysis)
{
  for (guint i = 0; i < analysis->servers->len; i++)
    wsd_redactor_add_server (redactor, g_ptr_array_index (analysis->servers, i));
  for (guint i = 0; i < analysis->runs->len; i++)
    {
      const WsdRunDiagnosis *diagnosis = g_ptr_array_index (analysis->runs, i);
      const WsdRun *run = diagnosis->run;

      if (run->server != NULL)
        wsd_redactor_add_host (redactor, run->server);
      wsd_redactor_learn (redactor, run->error_text);
      for (guint f = 0; f < diagnosis->findings->len; f++)
        {
          const WsdFinding *finding = g_ptr_array_index (diagnosis->findings, f);
          wsd_redactor_learn (redactor, finding->detail);
        }
    }
}

static void
write_head (WsdReport *report, const char *title)
{
  g_autoptr(GBytes) css = g_resources_lookup_data (CSS_RESOURCE, 0, NULL);

  wsd_report_raw (report,
                  "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP "\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"color-scheme\" content=\"light dark\">\n"
                  "<meta name=\"generator\" content=\"WSUS Sync Doctor " PACKAGE_VERSION "\">\n<title>");
  wsd_report_text (report, title);
  wsd_report_raw (report, "</title>\n<style>\n");
  /* Our own stylesheet, never anything from the evidence. */
  if (css != NULL)
    g_string_append_len (report->buf, g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  wsd_report_raw (report, "</style>\n</head>\n<body>\n");
}

gboolean
wsd_report_write (const WsdAnalysis       *analysis,
                  const WsdReportOptions  *options,
                  GOutputStream           *stream,
                  GCancellable            *cancellable,
                  GError                 **error)
{
  WsdReportOptions defaults = { 0 };
  WsdReport report = { 0 };
  gboolean ok;

  g_return_val_if_fail (analysis != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (options == NULL)
    options = &defaults;
  report.analysis = analysis;
  report.options = options;
  report.stream = stream;
  report.cancellable = cancellable;
  report.buf = g_string_sized_new (FLUSH_THRESHOLD + 4096);
  report.scratch = g_string_new (NULL);
  report.servers = g_ptr_array_new_with_free_func ((GDestroyNotify) report_server_free);
  report.server_index = g_hash_table_new (g_str_hash, g_str_equal);
  report.causes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  if (options->redact)
    {
      report.redactor = wsd_redactor_new ();
      learn_names (report.redactor, analysis);
    }

  compute_figures (&report);
  write_head (&report, options->title != NULL ? options->title : "WSUS synchronization report");
  wsd_report_write_header (&report);
  wsd_report_raw (&report, "<main>\n");
  wsd_report_write_summary (&report);
  wsd_report_write_charts (&report);
  wsd_report_write_incidents (&report);
  wsd_report_write_config (&report);
  wsd_report_write_probes (&report);
  wsd_report_write_runs_table (&report);
  wsd_report_raw (&report, "</main>\n<footer class=\"report-footer\"><p>Made by WSUS Sync Doctor "
                  PACKAGE_VERSION ". Times are UTC. Evidence is quoted as written; "
                  "causes are ranked by the knowledge base and are a diagnosis, not a certainty.");
  if (report.redactor != NULL)
    wsd_report_raw (&report, " Host, domain and user names and addresses are masked; "
                    "Microsoft's public hosts are kept.");
  wsd_report_raw (&report, "</p></footer>\n</body>\n</html>\n");
  wsd_report_flush (&report);

  ok = report.error == NULL;
  if (!ok)
    g_propagate_error (error, report.error);
  g_clear_object (&report.redactor);
  g_hash_table_unref (report.causes);
  g_hash_table_unref (report.server_index);
  g_ptr_array_unref (report.servers);
  g_string_free (report.scratch, TRUE);
  g_string_free (report.buf, TRUE);
  return ok;
}

/* --- atomic file --------------------------------------------------------- */

static gboolean
sync_path (const char *path, int flags, GError **error)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  int saved;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      /* Some file systems cannot fsync a directory; the data is synced. */
      if (flags & O_DIRECTORY)
        return TRUE;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: cannot flush to disk: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
wsd_report_write_file (const WsdAnalysis       *analysis,
                       const WsdReportOptions  *options,
                       const char              *path,
                       GCancellable            *cancellable,
                       GError                 **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autoptr(GFile) tmp_file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  mode_t mask;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: cannot create a file in this folder: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* mkstemp makes the file private; a report is as readable as any file. */
  mask = umask (0);
  umask (mask);
  if (fchmod (fd, 0666 & ~mask) != 0)
    g_debug ("cannot change the mode of %s: %s", tmp_path, g_strerror (errno));
  close (fd);

  tmp_file = g_file_new_for_path (tmp_path);
  stream = g_file_append_to (tmp_file, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL
      || !wsd_report_write (analysis, options, G_OUTPUT_STREAM (stream), cancellable, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error)
      || !sync_path (tmp_path, O_RDONLY, error))
    goto failed;
  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: cannot rename the report into place: %s", path, g_strerror (saved));
      goto failed;
    }
  sync_path (dir, O_RDONLY | O_DIRECTORY, NULL);
  return TRUE;

failed:
  if (stream != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (stream)))
    g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
  g_unlink (tmp_path);
  return FALSE;
}

typedef struct {
  const WsdAnalysis *analysis;
  WsdReportOptions   options;
  char              *title;
  char              *path;
} WriteFileData;

static void
write_file_data_free (WriteFileData *data)
{
  g_free (data->title);
  g_free (data->path);
  g_free (data);
}

static void
write_file_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  WriteFileData *data = task_data;
  GError *error = NULL;

  if (wsd_report_write_file (data->analysis, &data->options, data->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
wsd_report_write_file_async (const WsdAnalysis       *analysis,
                             const WsdReportOptions  *options,
                             const char              *path,
                             GCancellable            *cancellable,
                             GAsyncReadyCallback      callback,
                             gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WriteFileData *data = g_new0 (WriteFileData, 1);

  data->analysis = analysis;
  if (options != NULL)
    data->options = *options;
  data->title = g_strdup (data->options.title);
  data->options.title = data->title;
  data->path = g_strdup (path);
  g_task_set_source_tag (task, wsd_report_write_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_file_data_free);
  g_task_run_in_thread (task, write_file_thread);
}

gboolean
wsd_report_write_file_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
