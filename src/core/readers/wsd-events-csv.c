/* wsd-events-csv.c: `Get-WinEvent … | Export-Csv`. TimeCreated is the
 * exporting machine's local time in its culture: converted with the
 * server's offset when known, otherwise read as UTC and marked
 * approximate. */
#include "wsd-events.h"

#include "wsd-csv.h"
#include "wsd-culture-date.h"

gboolean
wsd_events_csv_sniff (const WsdReaderInput *input)
{
  g_auto(GStrv) header = NULL;
  gboolean time = FALSE, id = FALSE, provider = FALSE;

  if (input->text_len == 0 || input->text[0] == '{' || input->text[0] == '[' || input->text[0] == '<')
    return FALSE;
  header = wsd_csv_peek_header (input->text, MIN (input->text_len, 65536), NULL);
  for (guint i = 0; header != NULL && header[i] != NULL; i++)
    {
      const char *name = g_strstrip (header[i]);
      time |= g_ascii_strcasecmp (name, "TimeCreated") == 0;
      id |= g_ascii_strcasecmp (name, "Id") == 0;
      provider |= g_ascii_strcasecmp (name, "ProviderName") == 0;
    }
  return time && id && provider;
}

gboolean
wsd_events_csv_read (const WsdReaderInput *input, const WsdReadContext *context,
                     WsdImportBatch *batch, GError **error)
{
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_event_record_free);
  g_autoptr(WsdCsv) csv = wsd_csv_parse (input, error);
  WsdDateOrderGuess guess = { 0 };
  gboolean conflict = FALSE, day_first;
  int c_time, c_id, c_provider, c_message, c_machine, c_level;
  guint skipped = 0;
  WsdSource *source;

  if (csv == NULL)
    return FALSE;
  c_time = wsd_csv_column (csv, "TimeCreated");
  c_id = wsd_csv_column (csv, "Id");
  c_provider = wsd_csv_column (csv, "ProviderName");
  c_message = wsd_csv_column (csv, "Message");
  c_machine = wsd_csv_column (csv, "MachineName");
  c_level = wsd_csv_column (csv, "Level");
  if (c_time < 0 || c_id < 0 || c_provider < 0)
    {
      wsd_reader_set_error (error, WSD_ERROR_UNKNOWN_FORMAT, input->path, csv->header_line,
                            "not a Get-WinEvent export (no TimeCreated, Id and ProviderName columns)");
      return FALSE;
    }
  for (guint i = 0; i < csv->rows->len; i++)
    {
      WsdCultureDate date;
      const char *value = wsd_csv_field (g_ptr_array_index (csv->rows, i), c_time);
      if (value != NULL && wsd_culture_date_split (value, &date))
        wsd_date_order_observe (&guess, &date);
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
      const char *provider = wsd_csv_field (row, c_provider);
      const char *time_text = wsd_csv_field (row, c_time);
      const char *level = wsd_csv_field (row, c_level);
      WsdCultureDate date;
      WsdEventRecord *record;

      if (provider == NULL || g_ascii_strcasecmp (provider, WSD_EVENTS_PROVIDER) != 0)
        {
          skipped++;
          continue;
        }
      record = g_new0 (WsdEventRecord, 1);
      record->line = row->line;
      record->offset = wsd_reader_input_original_offset (input, row->offset);
      record->id = wsd_csv_field (row, c_id) != NULL
                   ? (guint) g_ascii_strtoull (wsd_csv_field (row, c_id), NULL, 10) : 0;
      record->level = wsd_events_level_from_number (level != NULL ? g_ascii_strtoll (level, NULL, 10) : 4);
      record->computer = g_strdup (wsd_csv_field (row, c_machine));
      record->message = g_strdup (wsd_csv_field (row, c_message));
      if (record->message == NULL)
        record->message = g_strdup ("");
      if (time_text == NULL || !wsd_culture_date_split (time_text, &date)
          || (record->time = wsd_culture_date_to_utc (&date, day_first,
                                                      context->utc_offset_known ? context->utc_offset_usec : 0)) == 0)
        {
          wsd_reader_set_error (error, WSD_ERROR_DAMAGED, input->path, row->line,
                                "TimeCreated \"%s\" is not a date", time_text != NULL ? time_text : "");
          wsd_event_record_free (record);
          return FALSE;
        }
      /* Windows writes CRLF inside the quoted message. */
      {
        char *w = record->message;
        for (char *r = record->message; *r != '\0'; r++)
          if (*r != '\r')
            *w++ = *r;
        *w = '\0';
      }
      g_ptr_array_add (records, record);
    }
  source = wsd_readers_source_new (input, "events-csv", records->len);
  source->skipped = skipped;
  wsd_events_build (records, input->path, context, !context->utc_offset_known, own);
  g_ptr_array_add (own->sources, source);
  wsd_readers_absorb (batch, own);
  return TRUE;
}
