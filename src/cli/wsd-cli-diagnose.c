/* wsd-cli-diagnose.c: the "diagnose" command: every run with its findings,
 * as text or as the JSON of the CLI contract. */
#include <glib/gi18n.h>

#include "wsd-cli-analysis.h"

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = usec != 0 ? g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC) : NULL;
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

static void
print_evidence (const WsdEvidence *ev)
{
  g_autofree char *text = g_strdup (ev->text != NULL ? ev->text : "");
  g_strstrip (text);
  if (ev->source_path != NULL && ev->line > 0)
    wsd_cli_print ("     %s:%u: %s\n", ev->source_path, ev->line, text);
  else if (ev->source_path != NULL)
    wsd_cli_print ("     %s: %s\n", ev->source_path, text);
  else
    wsd_cli_print ("     %s\n", text);
}

static void
print_finding (const WsdFinding *finding, gboolean full)
{
  const char *label = finding->kind == WSD_FINDING_CAUSE ? _("Cause")
                      : finding->kind == WSD_FINDING_CONFIG ? _("Configuration") : _("Note");

  wsd_cli_print ("  %s: %s [%s, %d%%]\n", label, finding->title, finding->rule,
           (int) (finding->confidence * 100 + 0.5));
  if (!full)
    {
      if (finding->detail != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (finding->detail, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            wsd_cli_print ("     %s\n", lines[i]);
        }
      return;
    }
  if (finding->summary != NULL)
    wsd_cli_print ("   %s\n", finding->summary);
  if (finding->detail != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (finding->detail, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        wsd_cli_print ("   %s\n", lines[i]);
    }
  if (finding->evidence->len > 0)
    {
      wsd_cli_print ("   %s\n", _("Evidence:"));
      for (guint i = 0; i < finding->evidence->len && i < 3; i++)
        print_evidence (g_ptr_array_index (finding->evidence, i));
      if (finding->evidence->len > 3)
        wsd_cli_print ("     (+%u)\n", finding->evidence->len - 3);
    }
  for (guint i = 0; finding->steps != NULL && finding->steps[i] != NULL; i++)
    wsd_cli_print ("   %u. %s\n", i + 1, finding->steps[i]);
  if (finding->notes != NULL)
    wsd_cli_print ("   %s %s\n", _("Note:"), finding->notes);
}

static void
print_text (WsdAnalysis *analysis)
{
  for (guint i = 0; i < analysis->runs->len; i++)
    {
      const WsdRunDiagnosis *d = g_ptr_array_index (analysis->runs, i);
      const WsdRun *run = d->run;
      g_autofree char *started = format_time (run->started);
      gboolean first_cause = TRUE;

      wsd_cli_print ("%s  %s  %s  %s", wsd_server_name_is_unnamed (run->server) ? _("(server not named)") : run->server,
               started, wsd_run_type_to_string (run->type), wsd_result_to_string (run->result));
      if (run->error != NULL && run->result == WSD_RESULT_FAILED)
        wsd_cli_print ("  %s", run->error);
      if (wsd_phase_to_string (run->phase) != NULL && run->result == WSD_RESULT_FAILED)
        wsd_cli_print ("  (%s)", wsd_phase_to_string (run->phase));
      wsd_cli_print ("\n");
      for (guint f = 0; f < d->findings->len; f++)
        {
          const WsdFinding *finding = g_ptr_array_index (d->findings, f);
          gboolean full = finding->kind == WSD_FINDING_CAUSE && first_cause;
          print_finding (finding, full);
          if (finding->kind == WSD_FINDING_CAUSE)
            first_cause = FALSE;
        }
      if (d->findings->len > 0)
        wsd_cli_print ("\n");
    }
}

int
wsd_cli_diagnose (WsdCliContext *context, int argc, char **argv)
{
  g_autofree char *server = NULL;
  g_auto(GStrv) paths = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "Only this server (with PATHs: the server of evidence that names none)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the diagnosis as JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "[PATH…]" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("[PATH…] — diagnose every synchronization");
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdAnalysis) analysis = NULL;

  g_option_context_add_main_entries (options, entries, NULL);
  g_option_context_set_summary (options, "With PATHs the evidence is read into memory first; the database is not touched.");
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      wsd_cli_error ("diagnose: %s", error->message);
      return WSD_CLI_EXIT_USAGE;
    }
  analysis = wsd_cli_analyse (context, (const char *const *) paths, server, "diagnose", &error);
  if (analysis == NULL)
    {
      wsd_cli_error ("%s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }
  if (json)
    {
      g_autoptr(JsonNode) root = wsd_analysis_to_json (analysis);
      wsd_cli_print_json (root);
    }
  else
    print_text (analysis);
  return WSD_CLI_EXIT_OK;
}
