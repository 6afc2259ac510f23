/* wsd-cli-report.c: the "report" command: the diagnosis as one
 * self-contained HTML file, written atomically. */
#include <stdio.h>
#include <string.h>

#include "wsd-cli-analysis.h"
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

/* Keeps the runs started at or after @since (the diagnosis saw them all,
 * so incidents and streaks that began earlier are still right). */
static void
drop_runs_before (WsdAnalysis *analysis, gint64 since)
{
  guint kept = 0;

  for (guint i = 0; i < analysis->runs->len; i++)
    {
      WsdRunDiagnosis *diagnosis = g_ptr_array_index (analysis->runs, i);

      if (diagnosis->run->started >= since)
        analysis->runs->pdata[kept++] = diagnosis;
      else
        wsd_run_diagnosis_free (diagnosis);
    }
  g_ptr_array_set_free_func (analysis->runs, NULL);
  g_ptr_array_set_size (analysis->runs, kept);
  g_ptr_array_set_free_func (analysis->runs, (GDestroyNotify) wsd_run_diagnosis_free);
  analysis->since = since;
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
  g_autoptr(WsdAnalysis) analysis = NULL;
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

  analysis = wsd_cli_analyse (context, (const char * const *) paths, server, "report", &error);
  if (analysis == NULL)
    {
      wsd_cli_error ("%s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }
  if (since != 0)
    drop_runs_before (analysis, since);

  report_options.redact = redact;
  report_options.title = title;
  if (!wsd_report_write_file (analysis, &report_options, output, NULL, &error))
    {
      wsd_cli_error ("%s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }
  wsd_cli_print ("%s: %u synchronizations of %u servers%s\n", output, analysis->runs->len,
           analysis->servers->len, redact ? ", names masked" : "");
  return WSD_CLI_EXIT_OK;
}
