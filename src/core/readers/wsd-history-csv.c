/* wsd-history-csv.c: Export-Csv of GetSynchronizationHistory() in any
 * culture. Dates carry no zone; they are the WSUS API's UTC times
 * written in the exporter's culture (DESIGN.md), so they are read as
 * UTC with the day/month order decided from the whole file. */
#include "wsd-readers.h"

#include "wsd-csv.h"
#include "wsd-culture-date.h"
#include "wsd-history.h"
#include "wsd-sync-enums.h"

/* A history export has these columns; other CSVs do not. */
static gboolean
header_is_history (GStrv header)
{
  gboolean start = FALSE, result = FALSE;

  for (guint i = 0; header != NULL && header[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (header[i]));
      if (g_ascii_strcasecmp (name, "StartTime") == 0 || g_ascii_strcasecmp (name, "start_utc") == 0
          || g_ascii_strcasecmp (name, "StartUtc") == 0)
        start = TRUE;
      else if (g_ascii_strcasecmp (name, "Result") == 0)
        result = TRUE;
    }
  return start && result;
}

gboolean
wsd_history_csv_sniff (const WsdReaderInput *input)
{
  g_auto(GStrv) header = NULL;
  char delimiter;
  gsize n = MIN (input->text_len, 65536);

  if (n == 0 || input->text[0] == '{' || input->text[0] == '[' || input->text[0] == '<')
    return FALSE;
  header = wsd_csv_peek_header (input->text, n, &delimiter);
  return header_is_history (header);
}

static int
find_column (const WsdCsv *csv, const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      int column = wsd_csv_column (csv, names[i]);
      if (column >= 0)
        return column;
    }
  return -1;
}

gboolean
wsd_history_csv_read (const WsdReaderInput *input, const WsdReadContext *context,
                      WsdImportBatch *batch, GError **error)
{
  static const char *const id_names[] = { "Id", NULL };
  static const char *const start_names[] = { "StartTime", "StartUtc", "start_utc", NULL };
  static const char *const end_names[] = { "EndTime", "EndUtc", "end_utc", NULL };
  static const char *const manual_names[] = { "StartedManually", "started_manually", NULL };
  static const char *const result_names[] = { "Result", NULL };
  static const char *const error_names[] = { "Error", NULL };
  static const char *const text_names[] = { "ErrorText", "error_text", NULL };
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  g_autoptr(WsdCsv) csv = NULL;
  WsdDateOrderGuess guess = { 0 };
  gboolean conflict = FALSE, day_first;
  int c_id, c_start, c_end, c_manual, c_result, c_error, c_text;

  csv = wsd_csv_parse (input, error);
  if (csv == NULL)
    return FALSE;
  if (!header_is_history (csv->header))
    {
      wsd_reader_set_error (error, WSD_ERROR_UNKNOWN_FORMAT, input->path, csv->header_line,
                            "not a synchronization history export (no StartTime and Result columns)");
      return FALSE;
    }
  c_id = find_column (csv, id_names);
  c_start = find_column (csv, start_names);
  c_end = find_column (csv, end_names);
  c_manual = find_column (csv, manual_names);
  c_result = find_column (csv, result_names);
  c_error = find_column (csv, error_names);
  c_text = find_column (csv, text_names);

  /* First pass: the culture's day/month order from every date. */
  for (guint i = 0; i < csv->rows->len; i++)
    {
      WsdCsvRow *row = g_ptr_array_index (csv->rows, i);
      int columns[] = { c_start, c_end };

      for (guint k = 0; k < G_N_ELEMENTS (columns); k++)
        {
          WsdCultureDate date;
          const char *value = wsd_csv_field (row, columns[k]);

          if (value != NULL && *value != '\0' && wsd_culture_date_split (value, &date))
            wsd_date_order_observe (&guess, &date);
        }
    }
  day_first = wsd_date_order_day_first (&guess, &conflict);
  if (conflict)
    {
      wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, csv->header_line,
                            "dates mix day-first and month-first order");
      return FALSE;
    }

  for (guint i = 0; i < csv->rows->len; i++)
    {
      WsdCsvRow *row = g_ptr_array_index (csv->rows, i);
      WsdHistoryRow hrow;
      WsdCultureDate date;
      const char *start = wsd_csv_field (row, c_start);
      const char *end = wsd_csv_field (row, c_end);
      const char *result = wsd_csv_field (row, c_result);

      wsd_history_row_init (&hrow);
      if (start == NULL || !wsd_culture_date_split (start, &date)
          || (hrow.started = wsd_culture_date_to_utc (&date, day_first, 0)) == 0)
        {
          wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, row->line,
                                "StartTime \"%s\" is not a date", start != NULL ? start : "");
          wsd_history_row_clear (&hrow);
          return FALSE;
        }
      if (end != NULL && *end != '\0' && wsd_culture_date_split (end, &date))
        hrow.finished = wsd_culture_date_to_utc (&date, day_first, 0);
      hrow.id = g_strdup (wsd_csv_field (row, c_id));
      if (hrow.id != NULL && *g_strstrip (hrow.id) == '\0')
        g_clear_pointer (&hrow.id, g_free);
      hrow.started_manually = wsd_history_parse_bool (wsd_csv_field (row, c_manual));
      hrow.have_result = result != NULL && wsd_sync_result_parse (result, &hrow.result);
      hrow.error = wsd_sync_error_normalize (wsd_csv_field (row, c_error));
      hrow.error_text = g_strdup (wsd_csv_field (row, c_text));
      /* UpdateErrors degrades to its type name in CSV: nothing to read. */
      g_ptr_array_add (own->runs,
                       wsd_history_row_to_run (&hrow, context->server, input->path, row->line,
                                               wsd_reader_input_original_offset (input, row->offset)));
      wsd_history_row_clear (&hrow);
    }
  g_ptr_array_add (own->sources, wsd_readers_source_new (input, "history-csv", csv->rows->len));
  wsd_readers_absorb (batch, own);
  return TRUE;
}
