/* fuzz-log-reader.c: bytes → text reader → log reader → run builder. */
#include "wsd-log-reader.h"
#include "wsd-run-builder.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(WsdTextReader) text = wsd_text_reader_new (stream, "fuzz.log", NULL);
  g_autoptr(WsdLogReader) reader = NULL;
  g_autoptr(WsdRunBuilder) builder = wsd_run_builder_new (NULL);
  g_autoptr(GPtrArray) loose = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_evidence_free);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  const WsdLogRecord *record;

  /* small bounds so the fuzzer reaches the truncation paths */
  wsd_text_reader_set_max_line_length (text, 256);
  head = wsd_text_reader_peek_head (text, 4096, NULL);
  if (head != NULL)
    wsd_log_sniff (head, NULL);

  reader = wsd_log_reader_new (text);
  wsd_log_reader_set_filter (reader, wsd_run_builder_filter, builder);
  wsd_run_builder_set_source (builder, "fuzz.log");
  while ((record = wsd_log_reader_next (reader, &error)) != NULL)
    {
      g_assert (g_utf8_validate (record->text, record->text_len, NULL));
      wsd_run_builder_add_record (builder, record);
    }
  runs = wsd_run_builder_finish (builder, loose);
  for (guint i = 0; i < runs->len; i++)
    {
      WsdRun *run = runs->pdata[i];
      g_assert (run->error_text == NULL || g_utf8_validate (run->error_text, -1, NULL));
    }
  return 0;
}
