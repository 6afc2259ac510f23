/* wsd-report-sections.c: configuration (facts and findings per server),
 * network checks, and the appendix table of every synchronization. */
#include "wsd-report-private.h"

#define MAX_FACT_ROWS 200

/* Facts as dotted keys: "proxy.host", "services.BITS.status", arrays of
 * scalars joined, arrays of objects numbered. */
static void
write_fact_rows (WsdReport *report, const char *prefix, JsonNode *node, guint *rows)
{
  if (*rows >= MAX_FACT_ROWS || node == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &child))
        {
          g_autofree char *key = prefix != NULL ? g_strconcat (prefix, ".", member, NULL) : g_strdup (member);
          write_fact_rows (report, key, child, rows);
        }
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      gboolean scalars = TRUE;

      for (guint i = 0; i < n; i++)
        scalars &= JSON_NODE_HOLDS_VALUE (json_array_get_element (array, i));
      if (!scalars)
        {
          for (guint i = 0; i < n; i++)
            {
              g_autofree char *key = g_strdup_printf ("%s[%u]", prefix != NULL ? prefix : "", i + 1);
              write_fact_rows (report, key, json_array_get_element (array, i), rows);
            }
          return;
        }
    }
  (*rows)++;
  wsd_report_raw (report, "<tr><th>");
  wsd_report_text (report, prefix);
  wsd_report_raw (report, "</th><td>");
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *text = json_to_string (json_array_get_element (array, i), FALSE);
          JsonNode *element = json_array_get_element (array, i);

          if (i > 0)
            wsd_report_raw (report, ", ");
          wsd_report_text (report, json_node_get_value_type (element) == G_TYPE_STRING
                                   ? json_node_get_string (element) : text);
        }
    }
  else if (JSON_NODE_HOLDS_NULL (node))
    wsd_report_raw (report, "<span class=\"muted\">not set</span>");
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    wsd_report_text (report, json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    wsd_report_raw (report, json_node_get_boolean (node) ? "yes" : "no");
  else
    {
      g_autofree char *text = json_to_string (node, FALSE);
      wsd_report_text (report, text);
    }
  wsd_report_raw (report, "</td></tr>\n");
}

void
wsd_report_write_config (WsdReport *report)
{
  const WsdAnalysis *analysis = report->analysis;
  gboolean any = FALSE;

  wsd_report_raw (report, "<section id=\"configuration\">\n<h2>Configuration</h2>\n");
  for (guint i = 0; i < report->servers->len; i++)
    {
      WsdReportServer *server = g_ptr_array_index (report->servers, i);
      GPtrArray *findings = g_hash_table_lookup (analysis->config_findings, server->name);
      const WsdServer *facts = server->server;

      if ((findings == NULL || findings->len == 0) && (facts == NULL || facts->facts == NULL))
        continue;
      any = TRUE;
      wsd_report_raw (report, "<article class=\"server-config\">\n<h3>");
      wsd_report_text (report, server->name);
      wsd_report_raw (report, "</h3>\n");
      if (findings != NULL && findings->len > 0)
        for (guint f = 0; f < findings->len; f++)
          wsd_report_write_finding (report, g_ptr_array_index (findings, f), TRUE);
      else
        wsd_report_raw (report, "<p class=\"good-note\">No configuration finding.</p>\n");
      if (facts != NULL && facts->facts != NULL)
        {
          g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), facts->facts);
          guint rows = 0;

          wsd_report_raw (report, "<details class=\"facts-table\"><summary>Server facts");
          if (facts->collected != 0)
            {
              wsd_report_raw (report, " (collected ");
              wsd_report_time (report, facts->collected);
              wsd_report_raw (report, " UTC)");
            }
          wsd_report_raw (report, "</summary>\n<table class=\"kv\">\n<tbody>\n");
          write_fact_rows (report, NULL, root, &rows);
          wsd_report_raw (report, "</tbody>\n</table>\n</details>\n");
        }
      wsd_report_raw (report, "</article>\n");
    }
  if (!any)
    wsd_report_raw (report, "<p class=\"empty\">No server facts were imported (a collector bundle gives them).</p>\n");
  wsd_report_raw (report, "</section>\n");
}

static void
write_probe (WsdReport *report, const WsdProbeResult *probe)
{
  wsd_report_raw (report, "<p class=\"muted\">Checked ");
  wsd_report_time (report, probe->started);
  wsd_report_raw (report, " UTC, seen from the workstation that made the check.</p>\n");
  for (guint t = 0; t < probe->targets->len; t++)
    {
      const WsdProbeTarget *target = g_ptr_array_index (probe->targets, t);

      wsd_report_raw (report, "<h4 class=\"target\"><code>");
      wsd_report_text (report, target->name);
      wsd_report_raw (report, "</code> <span class=\"muted\">");
      wsd_report_text (report, target->kind);
      wsd_report_raw (report, "</span></h4>\n<table class=\"probe\">\n<thead><tr><th>Step</th><th>Status</th>"
                      "<th>Time</th><th>Detail</th><th>Rule</th></tr></thead>\n<tbody>\n");
      for (guint s = 0; s < target->steps->len; s++)
        {
          const WsdProbeStep *step = g_ptr_array_index (target->steps, s);
          const char *status = wsd_probe_status_to_string (step->status);

          wsd_report_rawf (report, "<tr class=\"step-%s\"><td>%s</td><td><span class=\"badge probe-%s\">%s</span></td><td>",
                           status, wsd_probe_step_kind_to_string (step->step), status, status);
          if (step->status != WSD_PROBE_STATUS_SKIPPED)
            wsd_report_rawf (report, "%" G_GINT64_FORMAT " ms", step->elapsed_ms);
          wsd_report_raw (report, "</td><td>");
          wsd_report_text (report, step->detail);
          wsd_report_raw (report, "</td><td>");
          if (step->rule != NULL)
            {
              wsd_report_raw (report, "<code>");
              wsd_report_text (report, step->rule);
              wsd_report_raw (report, "</code>");
            }
          wsd_report_raw (report, "</td></tr>\n");
        }
      wsd_report_raw (report, "</tbody>\n</table>\n");
    }
}

void
wsd_report_write_probes (WsdReport *report)
{
  const WsdAnalysis *analysis = report->analysis;
  gboolean any = FALSE;

  wsd_report_raw (report, "<section id=\"probes\">\n<h2>Network checks</h2>\n");
  for (guint i = 0; i < report->servers->len; i++)
    {
      WsdReportServer *server = g_ptr_array_index (report->servers, i);
      const WsdProbeResult *probe = g_hash_table_lookup (analysis->probes, server->name);

      if (probe == NULL || probe->targets == NULL)
        continue;
      any = TRUE;
      wsd_report_raw (report, "<article class=\"probe-result\">\n<h3>");
      wsd_report_text (report, server->name);
      wsd_report_raw (report, "</h3>\n");
      write_probe (report, probe);
      wsd_report_raw (report, "</article>\n");
    }
  if (!any)
    wsd_report_raw (report, "<p class=\"empty\">No network check was made for these servers "
                    "(Synchronize check in the window, or <code>probe --server NAME</code>).</p>\n");
  wsd_report_raw (report, "</section>\n");
}

/* One row per run: the bulk of a long report, so short markup, and the
 * result is coloured through the row's class. */
void
wsd_report_write_runs_table (WsdReport *report)
{
  const WsdAnalysis *analysis = report->analysis;

  wsd_report_rawf (report, "<section id=\"runs\">\n<h2>All synchronizations</h2>\n<p class=\"lead\">%u synchronizations, oldest first.</p>\n",
                   analysis->runs->len);
  if (analysis->runs->len == 0)
    {
      wsd_report_raw (report, "</section>\n");
      return;
    }
  wsd_report_raw (report, "<table class=\"runs\">\n<thead><tr><th>Started</th><th>Duration</th><th>Server</th><th>Type</th>"
                  "<th>Result</th><th>Error</th><th>Diagnosis</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < analysis->runs->len; i++)
    {
      const WsdRunDiagnosis *diagnosis = g_ptr_array_index (analysis->runs, i);
      const WsdRun *run = diagnosis->run;
      const WsdFinding *top = run->result == WSD_RESULT_SUCCEEDED ? NULL : wsd_report_top_finding (diagnosis);

      wsd_report_rawf (report, "<tr class=\"r-%s\"><td>", wsd_result_to_string (run->result));
      wsd_report_time (report, run->started);
      wsd_report_raw (report, "</td><td>");
      wsd_report_duration (report, run->started, run->finished);
      wsd_report_raw (report, "</td><td>");
      wsd_report_text (report, wsd_report_run_server (run));
      wsd_report_rawf (report, "</td><td>%s%s</td><td>%s</td><td>", wsd_run_type_to_string (run->type),
                       run->attempt > 0 ? " (retry)" : "", wsd_report_result_label (run->result));
      wsd_report_text (report, run->error);
      wsd_report_raw (report, "</td><td>");
      if (top != NULL)
        wsd_report_text (report, top->title != NULL ? top->title : top->rule);
      wsd_report_raw (report, "</td></tr>\n");
    }
  wsd_report_raw (report, "</tbody>\n</table>\n</section>\n");
}
