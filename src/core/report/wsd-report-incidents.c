/* wsd-report-incidents.c: failed synchronizations grouped into incidents
 * (a failure and its retries), identical consecutive incidents collapsed
 * into one block with a count, each with its findings and evidence. */
#include "wsd-report-private.h"

#include <string.h>

/* Blocks shown in full, newest first; older ones get one table row each. */
#define MAX_DETAILED_BLOCKS 150
#define MAX_EVIDENCE_PER_FINDING 4
#define MAX_EVIDENCE_BYTES 1500
#define MAX_ERROR_TEXT_BYTES 4000
#define MAX_UPDATE_ERRORS 20
#define MAX_SOURCES 6

typedef struct {
  GPtrArray  *runs;        /* WsdRunDiagnosis* (borrowed), attempts in order */
  const char *incident;
  gboolean    recovered;   /* a retry succeeded (the last run) */
} Group;

typedef struct {
  WsdReportServer *server;
  const char      *rule;   /* top rule of the first failure; NULL = none */
  const char      *error;
  GPtrArray       *groups; /* Group* */
} Block;

typedef struct {
  Group *last_group;
  Block *open_block;
} ServerState;

static void
group_free (Group *group)
{
  g_ptr_array_unref (group->runs);
  g_free (group);
}

static void
block_free (Block *block)
{
  g_ptr_array_unref (block->groups);
  g_free (block);
}

static const WsdRunDiagnosis *
group_last_failure (const Group *group)
{
  guint n = group->runs->len - (group->recovered ? 1 : 0);
  return g_ptr_array_index (group->runs, n > 0 ? n - 1 : 0);
}

static const WsdRunDiagnosis *
group_first (const Group *group)
{
  return g_ptr_array_index (group->runs, 0);
}

static GPtrArray *
build_blocks (WsdReport *report)
{
  const WsdAnalysis *analysis = report->analysis;
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  g_autoptr(GHashTable) states = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  for (guint i = 0; i < analysis->runs->len; i++)
    {
      WsdRunDiagnosis *diagnosis = g_ptr_array_index (analysis->runs, i);
      const WsdRun *run = diagnosis->run;
      WsdReportServer *server = wsd_report_server_for (report, wsd_report_run_server (run));
      ServerState *state = g_hash_table_lookup (states, server);
      const WsdFinding *top;
      const char *rule;
      Group *group;

      if (state == NULL)
        g_hash_table_insert (states, server, state = g_new0 (ServerState, 1));
      if (run->result == WSD_RESULT_SUCCEEDED)
        {
          /* A retry that succeeded closes its incident as recovered. */
          if (state->last_group != NULL && run->incident != NULL
              && g_strcmp0 (state->last_group->incident, run->incident) == 0)
            {
              g_ptr_array_add (state->last_group->runs, diagnosis);
              state->last_group->recovered = TRUE;
            }
          state->last_group = NULL;
          state->open_block = NULL;
          continue;
        }
      if (run->result != WSD_RESULT_FAILED && run->result != WSD_RESULT_CANCELED)
        continue;
      if (state->last_group != NULL && run->incident != NULL
          && g_strcmp0 (state->last_group->incident, run->incident) == 0)
        {
          g_ptr_array_add (state->last_group->runs, diagnosis);
          continue;
        }

      group = g_new0 (Group, 1);
      group->runs = g_ptr_array_new ();
      group->incident = run->incident;
      g_ptr_array_add (group->runs, diagnosis);
      state->last_group = group;

      top = wsd_report_top_finding (diagnosis);
      rule = top != NULL ? top->rule : NULL;
      if (state->open_block == NULL || g_strcmp0 (state->open_block->rule, rule) != 0
          || g_strcmp0 (state->open_block->error, run->error) != 0)
        {
          Block *block = g_new0 (Block, 1);

          block->server = server;
          block->rule = rule;
          block->error = run->error;
          block->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
          g_ptr_array_add (blocks, block);
          state->open_block = block;
        }
      g_ptr_array_add (state->open_block->groups, group);
    }
  return blocks;
}

static const char *
attempt_label (int attempt)
{
  switch (attempt)
    {
    case 0:  return "first attempt";
    case 1:  return "retry 1";
    case 2:  return "retry 2";
    default: return "later retry";
    }
}

static void
write_result_badge (WsdReport *report, WsdResult result)
{
  wsd_report_rawf (report, "<span class=\"badge %s\">%s</span>",
                   wsd_result_to_string (result), wsd_report_result_label (result));
}

static void
write_attempts (WsdReport *report, const Group *group)
{
  wsd_report_raw (report, "<table class=\"attempts\">\n<thead><tr><th>Attempt</th><th>Started</th>"
                  "<th>Duration</th><th>Type</th><th>Result</th><th>Error</th><th>Phase</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < group->runs->len; i++)
    {
      const WsdRun *run = ((const WsdRunDiagnosis *) g_ptr_array_index (group->runs, i))->run;
      const char *phase = wsd_phase_to_string (run->phase);

      wsd_report_rawf (report, "<tr><td>%d <span class=\"muted\">%s</span></td><td>",
                       run->attempt + 1, attempt_label (run->attempt));
      wsd_report_time (report, run->started);
      wsd_report_raw (report, "</td><td>");
      wsd_report_duration (report, run->started, run->finished);
      wsd_report_rawf (report, "</td><td>%s</td><td>", wsd_run_type_to_string (run->type));
      write_result_badge (report, run->result);
      if (run->error != NULL && *run->error != '\0')
        {
          wsd_report_raw (report, "</td><td><code>");
          wsd_report_text (report, run->error);
          wsd_report_raw (report, "</code></td><td>");
        }
      else
        wsd_report_raw (report, "</td><td>—</td><td>");
      wsd_report_text (report, phase != NULL ? phase : "—");
      wsd_report_raw (report, "</td></tr>\n");
    }
  wsd_report_raw (report, "</tbody>\n</table>\n");
}

static void
write_run_facts (WsdReport *report, const WsdRun *run)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();

  wsd_report_raw (report, "<dl class=\"facts\">\n");
  if (run->new_updates >= 0 || run->revised_updates >= 0 || run->expired_updates >= 0)
    wsd_report_rawf (report, "<div><dt>Updates</dt><dd>%d new, %d revised, %d expired</dd></div>\n",
                     MAX (run->new_updates, 0), MAX (run->revised_updates, 0), MAX (run->expired_updates, 0));
  if (run->history_id != NULL)
    {
      wsd_report_raw (report, "<div><dt>History id</dt><dd><code>");
      wsd_report_text (report, run->history_id);
      wsd_report_raw (report, "</code></dd></div>\n");
    }
  if (run->configmgr)
    wsd_report_raw (report, "<div><dt>Started by</dt><dd>Configuration Manager (wsyncmgr)</dd></div>\n");
  if (run->approximate_times)
    wsd_report_raw (report, "<div><dt>Times</dt><dd>approximate (read without a time zone)</dd></div>\n");
  for (guint i = 0; run->evidence != NULL && i < run->evidence->len; i++)
    {
      const WsdEvidence *evidence = g_ptr_array_index (run->evidence, i);
      gboolean seen = FALSE;

      for (guint s = 0; s < sources->len && !seen; s++)
        seen = g_strcmp0 (g_ptr_array_index (sources, s), evidence->source_path) == 0;
      if (!seen && evidence->source_path != NULL)
        g_ptr_array_add (sources, evidence->source_path);
    }
  if (sources->len > 0)
    {
      wsd_report_raw (report, "<div><dt>Sources</dt><dd>");
      for (guint s = 0; s < sources->len && s < MAX_SOURCES; s++)
        {
          wsd_report_raw (report, s > 0 ? ", <code>" : "<code>");
          wsd_report_text (report, g_ptr_array_index (sources, s));
          wsd_report_raw (report, "</code>");
        }
      if (sources->len > MAX_SOURCES)
        wsd_report_rawf (report, " and %u more", sources->len - MAX_SOURCES);
      wsd_report_raw (report, "</dd></div>\n");
    }
  wsd_report_raw (report, "</dl>\n");
  if (run->error_text != NULL && *run->error_text != '\0')
    {
      gsize left;

      wsd_report_raw (report, "<h4>Error text</h4>\n<pre class=\"error-text\">");
      left = wsd_report_text_cut (report, run->error_text, MAX_ERROR_TEXT_BYTES);
      wsd_report_raw (report, "</pre>\n");
      if (left > 0)
        wsd_report_rawf (report, "<p class=\"cut\">%" G_GSIZE_FORMAT " more bytes not shown.</p>\n", left);
    }
  if (run->update_errors != NULL && run->update_errors->len > 0)
    {
      wsd_report_rawf (report, "<h4>Update errors (%u)</h4>\n<ul class=\"update-errors\">\n", run->update_errors->len);
      for (guint i = 0; i < run->update_errors->len && i < MAX_UPDATE_ERRORS; i++)
        {
          const WsdUpdateError *ue = g_ptr_array_index (run->update_errors, i);

          wsd_report_raw (report, "<li><code>");
          wsd_report_text (report, ue->update_id);
          if (ue->revision >= 0)
            wsd_report_rawf (report, "</code> rev. %d <code>", ue->revision);
          else
            wsd_report_raw (report, "</code> <code>");
          wsd_report_text (report, ue->error);
          wsd_report_raw (report, "</code> ");
          wsd_report_text (report, ue->error_text);
          wsd_report_raw (report, "</li>\n");
        }
      if (run->update_errors->len > MAX_UPDATE_ERRORS)
        wsd_report_rawf (report, "<li>and %u more</li>\n", run->update_errors->len - MAX_UPDATE_ERRORS);
      wsd_report_raw (report, "</ul>\n");
    }
}

static void
write_evidence (WsdReport *report, const WsdEvidence *evidence)
{
  gsize left;

  wsd_report_raw (report, "<div class=\"evidence\"><div class=\"where\"><code>");
  wsd_report_text (report, evidence->source_path != NULL ? evidence->source_path : "synchronization details");
  if (evidence->line > 0)
    wsd_report_rawf (report, ":%u", evidence->line);
  wsd_report_raw (report, "</code>");
  if (evidence->time != 0)
    {
      wsd_report_raw (report, " <span class=\"muted\">");
      wsd_report_time (report, evidence->time);
      wsd_report_raw (report, "</span>");
    }
  if (evidence->event_id != 0)
    wsd_report_rawf (report, " <span class=\"muted\">event %u</span>", evidence->event_id);
  if (evidence->component != NULL)
    {
      wsd_report_raw (report, " <span class=\"muted\">");
      wsd_report_text (report, evidence->component);
      wsd_report_raw (report, "</span>");
    }
  wsd_report_raw (report, "</div><pre>");
  left = wsd_report_text_cut (report, evidence->text, MAX_EVIDENCE_BYTES);
  wsd_report_raw (report, "</pre>");
  if (left > 0)
    wsd_report_rawf (report, "<p class=\"cut\">%" G_GSIZE_FORMAT " more bytes not shown.</p>", left);
  wsd_report_raw (report, "</div>\n");
}

void
wsd_report_write_finding (WsdReport *report, const WsdFinding *finding, gboolean with_evidence)
{
  const char *kind = wsd_finding_kind_to_string (finding->kind);

  wsd_report_rawf (report, "<div class=\"finding kind-%s\">\n<div class=\"finding-head\"><span class=\"kind\">%s</span><h4>",
                   kind, finding->kind == WSD_FINDING_CAUSE ? "Cause" : finding->kind == WSD_FINDING_NOTE ? "Note" : "Configuration");
  wsd_report_text (report, finding->title != NULL ? finding->title : finding->rule);
  wsd_report_raw (report, "</h4>");
  if (finding->confidence > 0)
    wsd_report_rawf (report, "<span class=\"confidence\">%d%% confidence</span>",
                     (int) CLAMP (finding->confidence * 100 + 0.5, 0, 100));
  wsd_report_raw (report, "<code class=\"rule\">");
  wsd_report_text (report, finding->rule);
  wsd_report_raw (report, "</code></div>\n");
  if (finding->summary != NULL)
    {
      wsd_report_raw (report, "<p class=\"summary\">");
      wsd_report_text (report, finding->summary);
      wsd_report_raw (report, "</p>\n");
    }
  if (finding->detail != NULL)
    {
      wsd_report_raw (report, "<p class=\"detail\">");
      wsd_report_text (report, finding->detail);
      wsd_report_raw (report, "</p>\n");
    }
  if (with_evidence && finding->evidence != NULL && finding->evidence->len > 0)
    {
      wsd_report_raw (report, "<h5>Evidence</h5>\n");
      for (guint i = 0; i < finding->evidence->len && i < MAX_EVIDENCE_PER_FINDING; i++)
        write_evidence (report, g_ptr_array_index (finding->evidence, i));
      if (finding->evidence->len > MAX_EVIDENCE_PER_FINDING)
        wsd_report_rawf (report, "<p class=\"cut\">%u more matching records.</p>\n",
                         finding->evidence->len - MAX_EVIDENCE_PER_FINDING);
    }
  if (finding->steps != NULL && finding->steps[0] != NULL)
    {
      wsd_report_raw (report, "<h5>What to do</h5>\n<ol class=\"steps\">\n");
      for (guint i = 0; finding->steps[i] != NULL; i++)
        {
          wsd_report_raw (report, "<li>");
          wsd_report_text (report, finding->steps[i]);
          wsd_report_raw (report, "</li>\n");
        }
      wsd_report_raw (report, "</ol>\n");
    }
  if (finding->notes != NULL)
    {
      wsd_report_raw (report, "<p class=\"notes\">");
      wsd_report_text (report, finding->notes);
      wsd_report_raw (report, "</p>\n");
    }
  if (finding->references != NULL && finding->references[0] != NULL)
    {
      wsd_report_raw (report, "<ul class=\"refs\">\n");
      for (guint i = 0; finding->references[i] != NULL; i++)
        {
          wsd_report_raw (report, "<li>");
          wsd_report_link (report, finding->references[i]);
          wsd_report_raw (report, "</li>\n");
        }
      wsd_report_raw (report, "</ul>\n");
    }
  wsd_report_raw (report, "</div>\n");
}

static void
write_occurrences (WsdReport *report, const Block *block)
{
  wsd_report_rawf (report, "<details class=\"occurrences\"><summary>All %u occurrences</summary>\n"
                   "<table class=\"compact\"><thead><tr><th>Started</th><th>Attempts</th><th>Outcome</th></tr></thead><tbody>\n",
                   block->groups->len);
  for (guint i = 0; i < block->groups->len; i++)
    {
      const Group *group = g_ptr_array_index (block->groups, i);

      wsd_report_raw (report, "<tr><td>");
      wsd_report_time (report, group_first (group)->run->started);
      wsd_report_rawf (report, "</td><td>%u</td><td>%s</td></tr>\n", group->runs->len,
                       group->recovered ? "recovered on retry" : "failed");
    }
  wsd_report_raw (report, "</tbody></table></details>\n");
}

static void
write_block (WsdReport *report, const Block *block, guint number)
{
  const Group *first = g_ptr_array_index (block->groups, 0);
  const Group *latest = g_ptr_array_index (block->groups, block->groups->len - 1);
  const WsdRunDiagnosis *shown = group_last_failure (latest);
  const WsdFinding *top = wsd_report_top_finding (shown);
  const WsdRun *last_run = ((const WsdRunDiagnosis *) g_ptr_array_index (latest->runs, latest->runs->len - 1))->run;

  wsd_report_rawf (report, "<article class=\"incident\" id=\"incident-%u\">\n<header>\n<h3>", number);
  wsd_report_text (report, top != NULL && top->title != NULL ? top->title : top != NULL ? top->rule : "No diagnosis");
  wsd_report_raw (report, "</h3>\n<div class=\"badges\">");
  if (latest->recovered)
    wsd_report_raw (report, "<span class=\"badge succeeded\">Recovered on retry</span>");
  else
    write_result_badge (report, shown->run->result);
  if (block->groups->len > 1)
    wsd_report_rawf (report, "<span class=\"badge repeat\">× %u</span>", block->groups->len);
  wsd_report_raw (report, "</div>\n<p class=\"incident-meta\"><strong>");
  wsd_report_text (report, block->server->name);
  wsd_report_raw (report, "</strong> · ");
  wsd_report_time (report, group_first (first)->run->started);
  if (block->groups->len > 1 || latest->runs->len > 1)
    {
      wsd_report_raw (report, " → ");
      wsd_report_time (report, last_run->finished != 0 ? last_run->finished : last_run->started);
    }
  if (latest->runs->len > 1)
    wsd_report_rawf (report, " · %u attempts", latest->runs->len);
  if (shown->run->error != NULL)
    {
      wsd_report_raw (report, " · <code>");
      wsd_report_text (report, shown->run->error);
      wsd_report_raw (report, "</code>");
    }
  wsd_report_raw (report, "</p>\n</header>\n");
  if (block->groups->len > 1)
    {
      wsd_report_rawf (report, "<p class=\"repeat-note\">The same failure (same server, same cause, same error) "
                       "happened <strong>× %u</strong>, ", block->groups->len);
      wsd_report_date (report, group_first (first)->run->started);
      wsd_report_raw (report, " → ");
      wsd_report_date (report, group_first (latest)->run->started);
      wsd_report_raw (report, ". The latest occurrence is shown.</p>\n");
    }
  write_attempts (report, latest);
  write_run_facts (report, shown->run);
  for (guint i = 0; i < shown->findings->len; i++)
    wsd_report_write_finding (report, g_ptr_array_index (shown->findings, i), TRUE);
  if (block->groups->len > 1)
    write_occurrences (report, block);
  wsd_report_raw (report, "</article>\n");
}

static void
write_older_blocks (WsdReport *report, GPtrArray *blocks, guint n_older)
{
  wsd_report_rawf (report, "<h3 class=\"older\">%u older incidents</h3>\n<table class=\"compact\">\n"
                   "<thead><tr><th>Server</th><th>First</th><th>Last</th><th>Times</th><th>Cause</th><th>Error</th></tr></thead>\n<tbody>\n",
                   n_older);
  for (guint i = n_older; i > 0; i--)
    {
      const Block *block = g_ptr_array_index (blocks, i - 1);
      const Group *latest = g_ptr_array_index (block->groups, block->groups->len - 1);
      const WsdFinding *top = wsd_report_top_finding (group_last_failure (latest));

      wsd_report_raw (report, "<tr><td>");
      wsd_report_text (report, block->server->name);
      wsd_report_raw (report, "</td><td>");
      wsd_report_time (report, group_first (g_ptr_array_index (block->groups, 0))->run->started);
      wsd_report_raw (report, "</td><td>");
      wsd_report_time (report, group_first (latest)->run->started);
      wsd_report_rawf (report, "</td><td>%u</td><td>", block->groups->len);
      wsd_report_text (report, top != NULL && top->title != NULL ? top->title : block->rule != NULL ? block->rule : "No diagnosis");
      wsd_report_raw (report, "</td><td><code>");
      wsd_report_text (report, block->error);
      wsd_report_raw (report, "</code></td></tr>\n");
    }
  wsd_report_raw (report, "</tbody>\n</table>\n");
}

void
wsd_report_write_incidents (WsdReport *report)
{
  g_autoptr(GPtrArray) blocks = build_blocks (report);
  guint shown = MIN (blocks->len, MAX_DETAILED_BLOCKS);
  guint n_incidents = 0;

  wsd_report_raw (report, "<section id=\"incidents\">\n<h2>Failures</h2>\n");
  if (blocks->len == 0)
    {
      wsd_report_raw (report, "<p class=\"empty\">No failed synchronization in this period.</p>\n</section>\n");
      return;
    }
  for (guint i = 0; i < blocks->len; i++)
    n_incidents += ((Block *) g_ptr_array_index (blocks, i))->groups->len;
  wsd_report_rawf (report, "<p class=\"lead\">%u incidents, newest first. An incident is a failed "
                   "synchronization with its automatic retries; identical consecutive incidents are shown once "
                   "with a count.</p>\n", n_incidents);
  for (guint i = 0; i < shown; i++)
    write_block (report, g_ptr_array_index (blocks, blocks->len - 1 - i), blocks->len - i);
  if (blocks->len > shown)
    write_older_blocks (report, blocks, blocks->len - shown);
  wsd_report_raw (report, "</section>\n");
}
