/* wsd-cli-import.c: the "import" command.
 *
 * Everything is read into one batch first; the store is opened and written
 * (one transaction) only when every input was read, so a damaged,
 * unreadable or unknown input leaves the store exactly as it was. */
#include <glib/gi18n.h>

#include "wsd-cli.h"
#include "wsd-importer.h"

int
wsd_cli_import (WsdCliContext *context, int argc, char **argv)
{
  g_autofree char *server = NULL;
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "Server the evidence belongs to when it does not name one", "NAME" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "PATH…" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("PATH… — import evidence files and folders");
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(WsdStore) store = NULL;
  WsdImportStats stats = { 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  g_option_context_set_summary (options, "Paths may be files, folders (read recursively) or GIO URIs.");
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      wsd_cli_error ("import: %s", error->message);
      return WSD_CLI_EXIT_USAGE;
    }
  if (paths == NULL || paths[0] == NULL)
    {
      wsd_cli_error ("import: no PATH given");
      return WSD_CLI_EXIT_USAGE;
    }
  if (server != NULL && *server == '\0')
    {
      wsd_cli_error ("import: --server needs a name");
      return WSD_CLI_EXIT_USAGE;
    }

  batch->server_override = g_strdup (server);
  if (!wsd_importer_read_paths ((const char *const *) paths, batch, NULL, NULL, NULL, &error))
    {
      wsd_cli_error ("%s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }

  store = wsd_cli_open_store (context);
  if (store == NULL)
    return WSD_CLI_EXIT_FAILURE;
  if (!wsd_store_import_batch (store, batch, &stats, &error))
    {
      wsd_cli_error ("%s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }

  for (guint i = 0; i < batch->sources->len; i++)
    {
      WsdSource *source = batch->sources->pdata[i];
      wsd_cli_print ("read %s (%s, %" G_GINT64_FORMAT " bytes, %u records)\n",
               source->path, source->format, source->size, source->records);
    }
  for (guint i = 0; i < batch->skipped->len; i++)
    wsd_cli_print ("skipped %s\n", (const char *) batch->skipped->pdata[i]);
  wsd_cli_print ("%u sources imported, %u already imported; %u runs added, %u merged; "
           "%u evidence records added; %u servers added\n",
           stats.sources_new, stats.sources_skipped, stats.runs_added, stats.runs_merged,
           stats.evidence_added, stats.servers_added);
  return WSD_CLI_EXIT_OK;
}
