/* wsd-cli-report.c: the "report" command: the diagnosis as one
 * self-contained HTML file, written atomically. */
#include <stdio.h>
#include <string.h>

#include "wsd-cli.h"
#include "wsd-analysis.h"
#include "wsd-collection.h"
#include "wsd-report-writer.h"

/* "2026-11-20", "2026-11-20T03:00:00Z" or with an offset; 0 when invalid. */
static gint64
parse_since (const char *text)
{
  int year, month, day;
  char tail;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3)
    {
      g_autoptr(GDateTime) date = g_date_time_new_utc (year, month, day, 0, 0, 0);
      return date != NULL ? g_date_time_to_unix (date) * G_USEC_PER_SEC : 0;
    }
  return wsd_time_parse_iso (text);
}

/* Reads every PATH into @store (one transaction per path). */
static gboolean
import_paths (WsdStore *store, char **paths, const char *server)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);
      g_autoptr(GError) error = NULL;
      WsdReadContext read_context = { .server = NULL };

      batch->server_override = g_strdup (server);
      if (!wsd_readers_import_path (file, paths[i], NULL, &read_context, batch, NULL, &error)
          || !wsd_store_import_batch (store, batch, NULL, &error))
        {
          /* Reader errors name the file (and line); say which argument. */
          if (strstr (error->message, paths[i]) != NULL)
            wsd_cli_error ("%s", error->message);
          else
            wsd_cli_error ("%s: %s", paths[i], error->message);
          return FALSE;
        }
      for (guint s = 0; s < batch->skipped->len; s++)
        g_printerr ("wsus-sync-doctor-cli: skipped %s\n", (const char *) g_ptr_array_index (batch->skipped, s));
    }
  return TRUE;
}

int
wsd_cli_report (WsdCliContext *context, int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *server = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) paths = NULL;
  gboolean redact = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the report to FILE.html", "FILE.html" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "Only this server", "NAME" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, "Only synchronizations since DATE", "DATE" },
    { "redact", 0, 0, G_OPTION_ARG_NONE, &redact, "Mask host, domain and user names and addresses", NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "Title of the report", "TEXT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "PATH…" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("--output FILE.html [PATH…]");
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(WsdKnowledgeBase) kb = NULL;
  g_autoptr(WsdAnalysis) analysis = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  WsdReportOptions report_options = { 0 };
  gint64 since = 0;

  g_option_context_add_main_entries (options, entries, NULL);
  g_option_context_set_help_enabled (options, TRUE);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      wsd_cli_error ("report: %s", error->message);
      return WSD_CLI_EXIT_USAGE;
    }
  if (output == NULL || *output == '\0')
    {
      wsd_cli_error ("report: --output FILE.html is required");
      return WSD_CLI_EXIT_USAGE;
    }
  if (since_text != NULL && (since = parse_since (since_text)) == 0)
    {
      wsd_cli_error ("report: --since “%s” is not a date (use 2026-11-20 or 2026-11-20T03:00:00Z)", since_text);
      return WSD_CLI_EXIT_USAGE;
    }

  if (paths != NULL && paths[0] != NULL)
    {
      /* PATHs go into a store in memory: the database is not touched. */
      store = wsd_store_open (NULL, &error);
      if (store == NULL)
        {
          wsd_cli_error ("%s", error->message);
          return WSD_CLI_EXIT_FAILURE;
        }
      if (!import_paths (store, paths, server))
        return WSD_CLI_EXIT_FAILURE;
    }
  else if ((store = wsd_cli_open_store (context)) == NULL)
    return WSD_CLI_EXIT_FAILURE;

  kb = wsd_knowledge_base_new_default (&warnings, &error);
  if (kb == NULL)
    {
      wsd_cli_error ("knowledge base: %s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_printerr ("wsus-sync-doctor-cli: warning: %s\n", (const char *) g_ptr_array_index (warnings, i));

  analysis = wsd_analysis_new_from_store (store, kb, server, since, &error);
  if (analysis == NULL)
    {
      wsd_cli_error ("%s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }
  if (server != NULL && analysis->servers->len == 0 && analysis->runs->len == 0)
    {
      wsd_cli_error ("no server named “%s”", server);
      return WSD_CLI_EXIT_FAILURE;
    }

  report_options.redact = redact;
  report_options.title = title;
  if (!wsd_report_write_file (analysis, &report_options, output, NULL, &error))
    {
      wsd_cli_error ("%s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }
  g_print ("%s: %u synchronizations of %u servers%s\n", output, analysis->runs->len,
           analysis->servers->len, redact ? ", names masked" : "");
  return WSD_CLI_EXIT_OK;
}
