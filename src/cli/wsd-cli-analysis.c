/* wsd-cli-analysis.c: evidence or database → analysis, for the CLI. */
#include "wsd-cli-analysis.h"
#include "wsd-importer.h"

WsdAnalysis *
wsd_cli_analyse (WsdCliContext *context, const char *const *paths, const char *server,
                 const char *command, GError **error)
{
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(WsdKnowledgeBase) kb = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  WsdAnalysis *analysis;

  kb = wsd_knowledge_base_new_default (&warnings, error);
  if (kb == NULL)
    {
      g_prefix_error (error, "%s: knowledge base: ", command);
      return NULL;
    }
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    {
      g_autofree char *safe = wsd_cli_safe_text (g_ptr_array_index (warnings, i), FALSE);
      g_printerr ("warning: %s (rule skipped)\n", safe);
    }

  if (paths != NULL && paths[0] != NULL)
    {
      g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
      WsdImportStats stats = { 0 };

      batch->server_override = g_strdup (server);
      if (!wsd_importer_read_paths (paths, batch, NULL, NULL, NULL, error))
        return NULL;
      store = wsd_store_open (NULL, error);
      if (store == NULL || !wsd_store_import_batch (store, batch, &stats, error))
        return NULL;
    }
  else
    {
      store = wsd_cli_try_open_store (context, error);
      if (store == NULL)
        return NULL;
    }

  analysis = wsd_analysis_new_from_store (store, kb, server, 0, error);
  if (analysis == NULL)
    g_prefix_error (error, "%s: ", command);
  return analysis;
}
