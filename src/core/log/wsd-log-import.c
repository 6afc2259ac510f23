/* wsd-log-import.c */
#include "wsd-log-import.h"
#include "wsd-log-reader.h"
#include "wsd-run-builder.h"

#define SNIFF_BYTES (64 * 1024)
#define PROGRESS_EVERY (8 * 1024 * 1024)

typedef struct {
  GFile         *file;
  WsdTextReader *text;
  const char    *name;
  gint64         first_time;
  guint          index;
} LogFile;

static int
compare_first_time (gconstpointer a, gconstpointer b)
{
  const LogFile *fa = a, *fb = b;

  if (fa->first_time != fb->first_time)
    return fa->first_time < fb->first_time ? -1 : 1;
  return (int) fa->index - (int) fb->index;
}

static gboolean
read_one (LogFile *file, WsdRunBuilder *builder, WsdImportBatch *batch, GCancellable *cancellable,
          gint64 *bytes_before, WsdLogImportProgress progress, gpointer progress_data, GError **error)
{
  g_autoptr(WsdLogReader) reader = NULL;
  const WsdLogRecord *record;
  GError *local_error = NULL;
  gint64 next_progress = PROGRESS_EVERY;
  WsdSource *source;

  file->text = wsd_text_reader_new_for_file (file->file, file->name, cancellable, error);
  if (file->text == NULL)
    return FALSE;
  reader = wsd_log_reader_new (file->text);
  wsd_log_reader_set_filter (reader, wsd_run_builder_filter, builder);
  wsd_run_builder_set_source (builder, file->name);
  while ((record = wsd_log_reader_next (reader, &local_error)) != NULL)
    {
      wsd_run_builder_add_record (builder, record);
      if (progress != NULL && wsd_text_reader_get_bytes_read (file->text) >= next_progress)
        {
          next_progress += PROGRESS_EVERY;
          progress (*bytes_before + wsd_text_reader_get_bytes_read (file->text), progress_data);
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (wsd_log_reader_get_record_count (reader) == 0)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_UNKNOWN_FORMAT,
                   "%s: not a SoftwareDistribution.log (no timestamped line)", file->name);
      return FALSE;
    }
  if (!wsd_text_reader_read_to_end (file->text, error))
    return FALSE;

  source = wsd_source_new (file->name, WSD_LOG_FORMAT);
  source->fingerprint = wsd_text_reader_dup_fingerprint (file->text);
  source->size = wsd_text_reader_get_bytes_read (file->text);
  source->records = wsd_log_reader_get_record_count (reader);
  g_ptr_array_add (batch->sources, source);
  *bytes_before += source->size;
  if (progress != NULL)
    progress (*bytes_before, progress_data);
  return TRUE;
}

gboolean
wsd_log_import_files (GFile *const *files, const char *const *names, guint n_files,
                      const char *server, WsdImportBatch *batch, GCancellable *cancellable,
                      WsdLogImportProgress progress, gpointer progress_data, GError **error)
{
  g_autoptr(GArray) logs = g_array_sized_new (FALSE, TRUE, sizeof (LogFile), n_files);
  g_autoptr(WsdRunBuilder) builder = wsd_run_builder_new (server);
  g_autoptr(GPtrArray) runs = NULL;
  gint64 bytes_done = 0;
  gboolean ok = TRUE;

  /* Find each file's first timestamp to order the rollover; files are
   * opened again to be read, so only one is open at a time. */
  for (guint i = 0; i < n_files && ok; i++)
    {
      LogFile file = { 0 };
      g_autoptr(WsdTextReader) text = NULL;
      g_autofree char *head = NULL;

      file.file = files[i];
      file.name = names[i];
      file.index = i;
      text = wsd_text_reader_new_for_file (files[i], names[i], cancellable, error);
      if (text == NULL)
        {
          ok = FALSE;
          break;
        }
      head = wsd_text_reader_peek_head (text, SNIFF_BYTES, error);
      if (head == NULL)
        ok = FALSE;
      else if (!wsd_log_sniff (head, &file.first_time))
        {
          g_set_error (error, WSD_ERROR, WSD_ERROR_UNKNOWN_FORMAT,
                       "%s: not a SoftwareDistribution.log (no timestamped line)", names[i]);
          ok = FALSE;
        }
      g_array_append_val (logs, file);
    }
  if (ok)
    g_array_sort (logs, compare_first_time);

  for (guint i = 0; i < logs->len && ok; i++)
    {
      ok = read_one (&g_array_index (logs, LogFile, i), builder, batch, cancellable, &bytes_done,
                     progress, progress_data, error);
      g_clear_object (&g_array_index (logs, LogFile, i).text);
    }

  for (guint i = 0; i < logs->len; i++)
    g_clear_object (&g_array_index (logs, LogFile, i).text);
  if (!ok)
    return FALSE;

  {
    g_autoptr(GPtrArray) loose = g_ptr_array_new ();

    runs = wsd_run_builder_finish (builder, loose);
    for (guint i = 0; i < runs->len; i++)
      g_ptr_array_add (batch->runs, g_steal_pointer (&runs->pdata[i]));
    g_ptr_array_set_size (runs, 0);
    for (guint i = 0; i < loose->len; i++)
      wsd_import_batch_add_loose_evidence (batch, server, loose->pdata[i]);
  }
  return TRUE;
}
