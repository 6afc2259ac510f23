/* wsd-report-summary.c: the report's header and the per-server summary. */
#include "wsd-report-private.h"

#include "wsd-config.h"

#define TOP_CAUSES 3

void
wsd_report_write_header (WsdReport *report)
{
  const WsdReportOptions *options = report->options;

  wsd_report_raw (report, "<header class=\"report-header\">\n<div class=\"brand\">WSUS Sync Doctor</div>\n<h1>");
  wsd_report_text (report, options->title != NULL ? options->title : "WSUS synchronization report");
  wsd_report_raw (report, "</h1>\n<dl class=\"meta\">\n<div><dt>Servers</dt><dd>");
  for (guint i = 0; i < report->servers->len; i++)
    {
      WsdReportServer *server = g_ptr_array_index (report->servers, i);

      if (i > 0)
        wsd_report_raw (report, ", ");
      wsd_report_text (report, server->name);
    }
  if (report->servers->len == 0)
    wsd_report_raw (report, "none");
  wsd_report_raw (report, "</dd></div>\n<div><dt>Period</dt><dd>");
  wsd_report_date (report, report->period_start);
  wsd_report_raw (report, " → ");
  wsd_report_date (report, report->period_end);
  wsd_report_rawf (report, " · %u synchronizations</dd></div>\n<div><dt>Generated</dt><dd>",
                   report->analysis->runs->len);
  wsd_report_time (report, report->analysis->generated);
  wsd_report_raw (report, " UTC</dd></div>\n<div><dt>Tool</dt><dd>WSUS Sync Doctor " PACKAGE_VERSION "</dd></div>\n");
  if (report->redactor != NULL)
    wsd_report_raw (report, "<div><dt>Names</dt><dd>masked (hosts, domains, users, addresses)</dd></div>\n");
  wsd_report_raw (report, "</dl>\n<nav class=\"toc\" aria-label=\"Contents\">"
                  "<a href=\"#summary\">Summary</a><a href=\"#charts\">Timeline</a>"
                  "<a href=\"#incidents\">Failures</a><a href=\"#configuration\">Configuration</a>"
                  "<a href=\"#probes\">Network checks</a><a href=\"#runs\">All synchronizations</a></nav>\n"
                  "</header>\n");
}

/* "3 days ago" relative to when the report was made. */
static void
write_age (WsdReport *report, gint64 then)
{
  gint64 secs = (report->analysis->generated - then) / G_USEC_PER_SEC;

  if (then == 0 || secs < 0)
    return;
  wsd_report_raw (report, "<span class=\"age\">");
  if (secs < 3600)
    wsd_report_rawf (report, "%" G_GINT64_FORMAT " min ago", secs / 60);
  else if (secs < 2 * 86400)
    wsd_report_rawf (report, "%" G_GINT64_FORMAT " h ago", secs / 3600);
  else
    wsd_report_rawf (report, "%" G_GINT64_FORMAT " days ago", secs / 86400);
  wsd_report_raw (report, "</span>");
}

static void
write_server_card (WsdReport *report, WsdReportServer *server)
{
  g_autoptr(GPtrArray) causes = wsd_report_sorted_causes (server->causes);
  const char *state, *label;

  if (server->n_runs == 0)
    state = "unknown", label = "No synchronizations";
  else if (server->last_result == WSD_RESULT_SUCCEEDED)
    state = "ok", label = "Healthy";
  else if (server->streak > 0)
    state = "failed", label = "Failing";
  else
    state = "warning", label = wsd_report_result_label (server->last_result);

  wsd_report_rawf (report, "<article class=\"server-card state-%s\">\n<header><h3>", state);
  wsd_report_text (report, server->name);
  wsd_report_rawf (report, "</h3><span class=\"badge %s\">%s</span></header>\n", state, label);
  if (server->server != NULL)
    {
      wsd_report_raw (report, "<p class=\"role\">");
      wsd_report_text (report, wsd_role_to_string (server->server->role));
      if (server->server->version != NULL)
        {
          wsd_report_raw (report, " · WSUS ");
          wsd_report_text (report, server->server->version);
        }
      wsd_report_raw (report, "</p>\n");
    }
  wsd_report_raw (report, "<dl class=\"figures\">\n<div><dt>Last success</dt><dd>");
  wsd_report_time (report, server->last_success);
  if (server->last_success == 0)
    wsd_report_raw (report, " <span class=\"age\">none in this period</span>");
  write_age (report, server->last_success);
  wsd_report_raw (report, "</dd></div>\n<div><dt>Failure streak</dt><dd>");
  if (server->streak > 0)
    {
      wsd_report_rawf (report, "<strong class=\"bad\">%u</strong> since ", server->streak);
      wsd_report_time (report, server->streak_since);
    }
  else
    wsd_report_raw (report, "<strong class=\"good\">0</strong>");
  wsd_report_rawf (report, "</dd></div>\n<div><dt>Failures in period</dt><dd>%u of %u</dd></div>\n</dl>\n",
                   server->n_failed, server->n_runs);
  if (causes->len > 0)
    {
      wsd_report_raw (report, "<h4>Top causes</h4>\n<ol class=\"top-causes\">\n");
      for (guint i = 0; i < causes->len && i < TOP_CAUSES; i++)
        {
          WsdReportCause *cause = g_ptr_array_index (causes, i);

          wsd_report_raw (report, "<li><span>");
          wsd_report_text (report, cause->title);
          wsd_report_rawf (report, "</span><span class=\"count\">× %u</span></li>\n", cause->count);
        }
      wsd_report_raw (report, "</ol>\n");
    }
  wsd_report_raw (report, "</article>\n");
}

void
wsd_report_write_summary (WsdReport *report)
{
  guint failing = 0;

  for (guint i = 0; i < report->servers->len; i++)
    failing += ((WsdReportServer *) g_ptr_array_index (report->servers, i))->streak > 0;

  wsd_report_raw (report, "<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"lead\">");
  if (report->servers->len == 0)
    wsd_report_raw (report, "No server and no synchronization in this report.");
  else if (failing == 0 && report->servers->len == 1)
    wsd_report_raw (report, "The server synchronized successfully at its last attempt.");
  else if (failing == 0)
    wsd_report_rawf (report, "All %u servers synchronized successfully at their last attempt.",
                     report->servers->len);
  else
    wsd_report_rawf (report, "%u of %u %s failing to synchronize.", failing, report->servers->len,
                     report->servers->len == 1 ? "server is" : "servers are");
  wsd_report_raw (report, "</p>\n<div class=\"cards\">\n");
  for (guint i = 0; i < report->servers->len; i++)
    write_server_card (report, g_ptr_array_index (report->servers, i));
  wsd_report_raw (report, "</div>\n</section>\n");
}
