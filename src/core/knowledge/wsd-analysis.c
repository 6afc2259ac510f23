/* wsd-analysis.c: containers of the whole diagnosis. */
#include <string.h>

#include "wsd-analysis.h"
#include "wsd-incidents.h"
#include "wsd-signals.h"

WsdRunDiagnosis *
wsd_run_diagnosis_new (WsdRun *run, GPtrArray *findings)
{
  WsdRunDiagnosis *self = g_new0 (WsdRunDiagnosis, 1);
  self->run = run;
  self->findings = findings != NULL ? findings
                   : g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
  return self;
}

void
wsd_run_diagnosis_free (WsdRunDiagnosis *self)
{
  if (self == NULL)
    return;
  wsd_run_free (self->run);
  g_ptr_array_unref (self->findings);
  g_free (self);
}

WsdAnalysis *
wsd_analysis_new (void)
{
  WsdAnalysis *self = g_new0 (WsdAnalysis, 1);
  self->generated = g_get_real_time ();
  self->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_server_free);
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_diagnosis_free);
  self->config_findings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
  self->probes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) wsd_probe_result_free);
  return self;
}

void
wsd_analysis_free (WsdAnalysis *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->servers);
  g_ptr_array_unref (self->runs);
  g_hash_table_unref (self->config_findings);
  g_hash_table_unref (self->probes);
  g_free (self);
}

#define UNNAMED_SERVER "(unnamed)"

static const WsdServer *
find_server (GPtrArray *servers, const char *name)
{
  for (guint i = 0; name != NULL && i < servers->len; i++)
    {
      const WsdServer *server = g_ptr_array_index (servers, i);
      if (g_strcmp0 (server->name, name) == 0)
        return server;
    }
  return NULL;
}

gboolean
wsd_server_name_is_unnamed (const char *name)
{
  return name == NULL || g_str_equal (name, UNNAMED_SERVER);
}

/* The stored record of @run whose text holds @line (one line of the run's
 * error text): the last error record, else the last record; NULL when
 * none. @out_delta: the line of the record it is on, 0-based. */
static const WsdEvidence *
record_holding (const WsdRun *run, const char *line, guint *out_delta)
{
  const WsdEvidence *best = NULL;
  const char *best_at = NULL;

  for (guint i = 0; run->evidence != NULL && i < run->evidence->len; i++)
    {
      const WsdEvidence *ev = g_ptr_array_index (run->evidence, i);
      const char *at = ev->text != NULL && ev->source_path != NULL ? strstr (ev->text, line) : NULL;

      if (at == NULL)
        continue;
      if (best == NULL || ev->level == WSD_LEVEL_ERROR || best->level != WSD_LEVEL_ERROR)
        {
          best = ev;
          best_at = at;
        }
    }
  *out_delta = 0;
  for (const char *p = best != NULL ? best->text : NULL; p != NULL && p < best_at; p++)
    if (*p == '\n')
      (*out_delta)++;
  return best;
}

/* Same record (file and line), or the same text from the same file. */
static gboolean
same_evidence (const WsdEvidence *a, const WsdEvidence *b)
{
  if (a->kind != b->kind || a->line != b->line || g_strcmp0 (a->source_path, b->source_path) != 0)
    return FALSE;
  return a->line > 0 || g_strcmp0 (a->text, b->text) == 0;
}

/* The diagnoser shows the run's error text as evidence of its own, placed
 * in no file unless the run has a history row. When that text was read
 * from a stored record (a log line, an event), the evidence names that
 * record's file and line instead; evidence shown twice is shown once. */
static void
place_error_text_evidence (const WsdRun *run, GPtrArray *findings)
{
  for (guint f = 0; f < findings->len; f++)
    {
      WsdFinding *finding = g_ptr_array_index (findings, f);

      for (guint e = 0; finding->evidence != NULL && e < finding->evidence->len; e++)
        {
          WsdEvidence *ev = g_ptr_array_index (finding->evidence, e);
          const WsdEvidence *record;
          guint delta;

          if (ev->source_path == NULL && ev->text != NULL && ev->text[0] != '\0'
              && (record = record_holding (run, ev->text, &delta)) != NULL)
            {
              ev->kind = record->kind;
              ev->source_path = g_strdup (record->source_path);
              ev->line = record->line > 0 ? record->line + delta : 0;
              ev->offset = delta == 0 ? record->offset : -1;
              ev->time = record->time;
              ev->level = record->level;
              g_free (ev->component);
              ev->component = g_strdup (record->component);
            }
        }
      for (guint e = finding->evidence != NULL ? finding->evidence->len : 0; e > 1; e--)
        for (guint before = 0; before < e - 1; before++)
          {
            WsdEvidence *kept = g_ptr_array_index (finding->evidence, before);
            WsdEvidence *again = g_ptr_array_index (finding->evidence, e - 1);

            if (!same_evidence (kept, again))
              continue;
            /* Keep the place of the first, and the whole line as written. */
            if (again->text != NULL && kept->text != NULL && strlen (again->text) > strlen (kept->text)
                && strstr (again->text, kept->text) != NULL)
              {
                g_free (kept->text);
                kept->text = g_steal_pointer (&again->text);
              }
            g_ptr_array_remove_index (finding->evidence, e - 1);
            break;
          }
    }
}

/* Below this many runs one thread is quicker than starting others. */
#define PARALLEL_MIN_RUNS 2000

typedef struct {
  WsdAnalysis      *analysis;
  WsdKnowledgeBase *kb;
  GPtrArray        *runs;
  GHashTable       *by_server;
  GPtrArray       **findings;
  guint             first;
  guint             last;     /* exclusive */
} DiagnoseSlice;

/* The diagnoser is pure and every run is diagnosed on its own, so slices
 * of the run list go to separate threads; each writes only its own slots
 * of findings[] and only its own runs' findings. */
static gpointer
diagnose_slice (gpointer data)
{
  DiagnoseSlice *slice = data;

  for (guint i = slice->first; i < slice->last; i++)
    {
      WsdRun *run = g_ptr_array_index (slice->runs, i);
      const char *name = run->server != NULL ? run->server : UNNAMED_SERVER;
      const WsdServer *server = find_server (slice->analysis->servers, name);
      WsdDiagnosisContext context = {
        .run = run,
        .server = server,
        .upstream = server != NULL ? wsd_find_upstream_server (server, slice->analysis->servers) : NULL,
        .server_runs = g_hash_table_lookup (slice->by_server, name),
        .probe = g_hash_table_lookup (slice->analysis->probes, name),
      };

      slice->findings[i] = wsd_diagnose_run (slice->kb, &context);
      place_error_text_evidence (run, slice->findings[i]);
    }
  return NULL;
}

static GPtrArray **
diagnose_runs (WsdAnalysis *self, WsdKnowledgeBase *kb, GPtrArray *runs, GHashTable *by_server)
{
  GPtrArray **findings = g_new0 (GPtrArray *, runs->len + 1);
  guint n_threads = runs->len >= PARALLEL_MIN_RUNS ? CLAMP (g_get_num_processors (), 1, 8) : 1;
  g_autofree DiagnoseSlice *slices = g_new0 (DiagnoseSlice, n_threads);
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);

  for (guint t = 0; t < n_threads; t++)
    {
      slices[t] = (DiagnoseSlice) { self, kb, runs, by_server, findings,
                                    (guint) ((guint64) runs->len * t / n_threads),
                                    (guint) ((guint64) runs->len * (t + 1) / n_threads) };
      /* Slice 0 runs here; a thread that cannot start runs here too. */
      if (t > 0)
        threads[t] = g_thread_try_new ("wsd-diagnose", diagnose_slice, &slices[t], NULL);
    }
  diagnose_slice (&slices[0]);
  for (guint t = 1; t < n_threads; t++)
    {
      if (threads[t] != NULL)
        g_thread_join (threads[t]);
      else
        diagnose_slice (&slices[t]);
    }
  return findings;
}

void
wsd_analysis_diagnose (WsdAnalysis *self, WsdKnowledgeBase *kb, GPtrArray *runs /* owned WsdRun* */)
{
  g_autoptr(GHashTable) by_server = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                           (GDestroyNotify) g_ptr_array_unref);
  g_autofree GPtrArray **findings = NULL;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < self->servers->len; i++)
    {
      WsdServer *server = g_ptr_array_index (self->servers, i);
      if (server->role == WSD_ROLE_UNKNOWN)
        server->role = wsd_server_role_from_facts (server);
      g_hash_table_insert (self->config_findings, g_strdup (server->name),
                           wsd_diagnose_server (kb, server, self->servers));
    }

  /* Incidents are per server, over its runs in start order. */
  for (guint i = 0; i < runs->len; i++)
    {
      WsdRun *run = g_ptr_array_index (runs, i);
      const char *name = run->server != NULL ? run->server : UNNAMED_SERVER;
      GPtrArray *list = g_hash_table_lookup (by_server, name);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_server, (gpointer) name, list);
        }
      g_ptr_array_add (list, run);
    }
  g_hash_table_iter_init (&iter, by_server);
  while (g_hash_table_iter_next (&iter, &key, &value))
    wsd_incidents_assign (value, find_server (self->servers, key));

  findings = diagnose_runs (self, kb, runs, by_server);
  for (guint i = 0; i < runs->len; i++)
    {
      WsdRun *run = g_ptr_array_index (runs, i);

      if (run->result == WSD_RESULT_FAILED && (run->phase == WSD_PHASE_NONE || run->phase == WSD_PHASE_UNKNOWN))
        {
          WsdPhase phase = wsd_phase_from_text (run->error_text);
          for (guint e = 0; phase == WSD_PHASE_UNKNOWN && run->evidence != NULL && e < run->evidence->len; e++)
            {
              const WsdEvidence *ev = g_ptr_array_index (run->evidence, e);
              if (ev->level == WSD_LEVEL_ERROR && strstr (ev->text != NULL ? ev->text : "", "HmtWebServices") == NULL)
                phase = wsd_phase_from_text (ev->text);
            }
          run->phase = phase;
        }
      g_ptr_array_add (self->runs, wsd_run_diagnosis_new (run, findings[i]));
    }
  /* The runs now belong to the diagnoses. */
  g_ptr_array_set_free_func (runs, NULL);
}

const WsdServer *
wsd_analysis_find_server (GPtrArray *servers, const char *name)
{
  g_autofree char *folded = NULL;
  const WsdServer *exact = find_server (servers, name);

  if (exact != NULL || name == NULL)
    return exact;
  folded = g_utf8_casefold (name, -1);
  for (guint i = 0; i < servers->len; i++)
    {
      const WsdServer *server = g_ptr_array_index (servers, i);
      g_autofree char *candidate = server->name != NULL ? g_utf8_casefold (server->name, -1) : NULL;
      if (g_strcmp0 (candidate, folded) == 0)
        return server;
    }
  return NULL;
}

/* Drops everything but @name's server from what the analysis shows; the
 * others were needed only while diagnosing (upstream, approvals). */
static void
keep_only_server (WsdAnalysis *self, const char *name)
{
  GHashTableIter iter;
  gpointer key;

  for (guint i = self->servers->len; i > 0; i--)
    {
      const WsdServer *server = g_ptr_array_index (self->servers, i - 1);
      if (g_strcmp0 (server->name, name) != 0)
        g_ptr_array_remove_index (self->servers, i - 1);
    }
  g_hash_table_iter_init (&iter, self->config_findings);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_strcmp0 (key, name) != 0)
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->probes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_strcmp0 (key, name) != 0)
      g_hash_table_iter_remove (&iter);
}

WsdAnalysis *
wsd_analysis_new_from_store (WsdStore *store, WsdKnowledgeBase *kb, const char *server,
                             gint64 since, GError **error)
{
  g_autoptr(WsdAnalysis) self = wsd_analysis_new ();
  g_autoptr(GPtrArray) listed = wsd_store_list_servers (store, error);
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *name = NULL;
  WsdRunQuery query;

  if (listed == NULL)
    return NULL;
  if (server != NULL)
    {
      const WsdServer *found = wsd_analysis_find_server (listed, server);
      if (found == NULL)
        {
          g_set_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND, "no server named “%s”", server);
          return NULL;
        }
      name = g_strdup (found->name);
    }
  /* Every server, even with @server: cross-server checks need the
   * upstream's updates list and the parent's approvals. */
  for (guint i = 0; i < listed->len; i++)
    {
      const WsdServer *brief = g_ptr_array_index (listed, i);
      WsdServer *full = wsd_store_get_server (store, brief->name, NULL);
      WsdProbeResult *probe;
      g_ptr_array_add (self->servers, full != NULL ? full : wsd_server_copy (brief));
      probe = wsd_store_latest_probe_result (store, brief->name, NULL);
      if (probe != NULL)
        g_hash_table_insert (self->probes, g_strdup (brief->name), probe);
    }

  wsd_run_query_init (&query);
  query.server = name;
  query.since = since;
  query.with_evidence = TRUE;
  query.sort = WSD_RUN_SORT_STARTED;
  runs = wsd_store_list_runs (store, &query, error);
  if (runs == NULL)
    return NULL;
  self->since = since;
  /* Incidents need all runs of the server; the query already has only them. */
  wsd_analysis_diagnose (self, kb, runs);
  if (name != NULL)
    keep_only_server (self, name);

  for (guint i = 0; i < self->runs->len; i++)
    {
      WsdRunDiagnosis *diagnosis = g_ptr_array_index (self->runs, i);
      WsdFinding *top = diagnosis->findings->len > 0 ? g_ptr_array_index (diagnosis->findings, 0) : NULL;
      if (diagnosis->run->id == 0)
        continue;
      if (top != NULL && top->kind == WSD_FINDING_CAUSE)
        wsd_store_set_diagnosis (store, diagnosis->run->id, top->rule, top->title, NULL);
      else
        wsd_store_set_diagnosis (store, diagnosis->run->id, NULL, NULL, NULL);
    }
  return g_steal_pointer (&self);
}
