/* readers-dump: prints what the readers make of paths, one line per
 * run, loose evidence item, server and skipped file (a development and
 * test aid). */
#include "wsd-collection.h"

static void
print_batch (WsdImportBatch *batch)
{
  for (guint i = 0; i < batch->servers->len; i++)
    {
      WsdServer *server = g_ptr_array_index (batch->servers, i);
      g_print ("server %s role=%s version=%s updates=%d\n", server->name, wsd_role_to_string (server->role),
               server->version != NULL ? server->version : "-", server->updates != NULL ? (int) server->updates->len : -1);
    }
  for (guint i = 0; i < batch->runs->len; i++)
    {
      WsdRun *run = g_ptr_array_index (batch->runs, i);
      g_autofree char *started = wsd_time_format_iso (run->started);
      g_autofree char *finished = wsd_time_format_iso (run->finished);
      g_print ("run %s %s..%s %s %s error=%s approx=%d cm=%d ev=%u ue=%u id=%s\n",
               run->server != NULL ? run->server : "-", started, finished ? finished : "-",
               wsd_run_type_to_string (run->type), wsd_result_to_string (run->result),
               run->error != NULL ? run->error : "-", run->approximate_times, run->configmgr,
               run->evidence->len, run->update_errors->len, run->history_id != NULL ? run->history_id : "-");
      if (g_getenv ("DUMP_TEXT") != NULL && run->error_text != NULL)
        g_print ("  text: %.200s\n", run->error_text);
    }
  for (guint i = 0; i < batch->loose_evidence->len; i++)
    {
      WsdEvidence *evidence = g_ptr_array_index (batch->loose_evidence, i);
      g_autofree char *time = wsd_time_format_iso (evidence->time);
      const char *server = g_ptr_array_index (batch->loose_servers, i);
      g_print ("loose %s %s %s:%u event=%u %s %.80s\n", server != NULL ? server : "-", time,
               evidence->source_path, evidence->line, evidence->event_id,
               wsd_source_kind_to_string (evidence->kind), evidence->text);
    }
  for (guint i = 0; i < batch->sources->len; i++)
    {
      WsdSource *source = g_ptr_array_index (batch->sources, i);
      g_print ("source %s %s records=%u skipped=%u\n", source->path, source->format, source->records, source->skipped);
    }
  for (guint i = 0; i < batch->skipped->len; i++)
    g_print ("skipped %s\n", (char *) g_ptr_array_index (batch->skipped, i));
}

int
main (int argc, char **argv)
{
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  WsdReadContext context = { 0 };
  int status = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GError) error = NULL;

      if (!wsd_readers_import_path (file, argv[i], NULL, &context, batch, NULL, &error))
        {
          g_printerr ("error: %s\n", error->message);
          status = 1;
        }
    }
  print_batch (batch);
  return status;
}
