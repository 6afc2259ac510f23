/* wsd-diagnoser-probe.c: the server's latest probe as evidence.
 *
 * The prober's classifier already names, for every failed step, the rule
 * its failure maps to (WsdProbeStep.rule, docs/probe.md). That step is
 * evidence for that rule whatever the rule's [Match] groups say, so no rule
 * file has to list which step kinds can fail for it (a proxy refusal reaches
 * proxy-unreachable from the dns, tcp or proxy step alike).
 *
 * How much it weighs (KNOWLEDGE-BASE.md: the run's own final error outranks
 * everything else; a probe is seen from this workstation, not from WSUS):
 *
 * - Agreement: the run's own evidence matched the rule and the probe fails
 *   the same way. A probe made after the run ended describes the path as it
 *   is now: the cause is certain (0.99) and it gains PROBE_AFTER_BONUS in
 *   the ranking. A probe made before the run counts less: a few points of
 *   confidence, never certain, and PROBE_BEFORE_BONUS.
 * - The probe alone: the rule becomes a cause of the run that ranks by the
 *   rule's Rank alone, without the weight of the run's final error
 *   (FINAL_BONUS + INDEPENDENT_BONUS). So it is the diagnosis when the run's
 *   own evidence explains nothing, or only with a rule less specific by
 *   more than that weight (a 407 seen now over the run's generic HTTP 502),
 *   and it follows a specific final error of another kind (an SqlException
 *   stays database-error). A probe alone made before the run ranks below
 *   every cause of the run's own evidence and is less sure.
 * - A synchronization of the same server that succeeded between the run
 *   and the probe shows the path worked in between: the probe then says
 *   nothing about that run.
 * - Warnings are never causes. A warning or failure that names a note or
 *   configuration rule (basic-auth-cleartext: the proxy accepted Basic)
 *   becomes that note, or more evidence for the configuration finding of
 *   the same id. A warning without a rule ("cannot be verified here") is
 *   not evidence.
 */
#include "wsd-config.h"

#include <glib/gi18n-lib.h>

#include "wsd-diagnosis-state.h"

#define CONFIDENCE_CERTAIN 0.99
#define CONFIDENCE_BEFORE_CAP 0.97
#define CONFIDENCE_BEFORE_GAIN 0.05
#define CONFIDENCE_ALONE_AFTER 0.7
#define CONFIDENCE_ALONE_BEFORE 0.5
#define CONFIDENCE_NOTE 0.9

static gint64
run_end (const WsdRun *run)
{
  return run->finished > 0 ? run->finished : run->started;
}

static gboolean
probe_is_after_run (const WsdProbeResult *probe, const WsdRun *run)
{
  return probe->started > 0 && probe->started >= run_end (run);
}

static gboolean
success_between (GPtrArray *server_runs, gint64 from, gint64 to)
{
  if (server_runs == NULL)
    return FALSE;
  /* Runs are sorted by start: only those starting inside the window count. */
  for (guint i = wsd_runs_lower_bound (server_runs, from); i < server_runs->len; i++)
    {
      const WsdRun *run = g_ptr_array_index (server_runs, i);
      if (run->started > to)
        break;
      if (run->result == WSD_RESULT_SUCCEEDED && run_end (run) <= to)
        return TRUE;
    }
  return FALSE;
}

static WsdEvidence *
step_evidence (const WsdProbeResult *probe, const WsdProbeTarget *target, const WsdProbeStep *step, gboolean after)
{
  WsdEvidence *ev = wsd_evidence_new ();
  const char *name = wsd_probe_step_kind_to_string (step->step);
  const char *detail = step->detail != NULL ? step->detail : wsd_probe_status_to_string (step->status);

  ev->kind = WSD_SOURCE_KIND_PROBE;
  ev->time = probe->started;
  ev->level = step->status == WSD_PROBE_STATUS_FAILED ? WSD_LEVEL_ERROR : WSD_LEVEL_WARNING;
  ev->component = g_strdup_printf ("probe %s", name);
  /* TRANSLATORS: probe evidence; the first %s is "host:port", the second a
   * probe step (dns, tcp, proxy, tls, http, soap, content), the last what it saw. */
  ev->text = after ? g_strdup_printf (_("%s, step %s, seen from this workstation after this synchronization: %s"),
                                      target->name, name, detail)
                   : g_strdup_printf (_("%s, step %s, seen from this workstation before this synchronization: %s"),
                                      target->name, name, detail);
  return ev;
}

static void
add_unique_evidence (WsdHit *hit, WsdEvidence *ev)
{
  for (guint i = 0; i < hit->extra->len; i++)
    if (g_strcmp0 (((WsdEvidence *) g_ptr_array_index (hit->extra, i))->text, ev->text) == 0)
      {
        wsd_evidence_free (ev);
        return;
      }
  g_ptr_array_add (hit->extra, ev);
}

static gboolean
counts_as_evidence (const WsdRule *rule, const WsdProbeStep *step)
{
  if (rule->kind == WSD_FINDING_CAUSE)
    return step->status == WSD_PROBE_STATUS_FAILED;
  return step->status == WSD_PROBE_STATUS_FAILED || step->status == WSD_PROBE_STATUS_WARNING;
}

static void
settle_confidence (WsdHit *hit)
{
  if (hit->rule->kind != WSD_FINDING_CAUSE)
    hit->confidence = MAX (hit->confidence, CONFIDENCE_NOTE);
  else if (hit->probe_only)
    hit->confidence = hit->probe_after ? CONFIDENCE_ALONE_AFTER : CONFIDENCE_ALONE_BEFORE;
  else if (hit->probe_after)
    hit->confidence = CONFIDENCE_CERTAIN;
  else
    hit->confidence = MAX (hit->confidence, MIN (CONFIDENCE_BEFORE_CAP, hit->confidence + CONFIDENCE_BEFORE_GAIN));
}

void
wsd_diagnosis_weigh_probe (WsdDiagnosis *self)
{
  const WsdProbeResult *probe = self->context->probe;
  gboolean after;

  if (probe == NULL || probe->targets == NULL)
    return;
  after = probe_is_after_run (probe, self->run);
  if (after ? success_between (self->context->server_runs, run_end (self->run), probe->started)
            : success_between (self->context->server_runs, probe->started, self->run->started))
    return;
  for (guint t = 0; t < probe->targets->len; t++)
    {
      const WsdProbeTarget *target = g_ptr_array_index (probe->targets, t);
      for (guint s = 0; target->steps != NULL && s < target->steps->len; s++)
        {
          const WsdProbeStep *step = g_ptr_array_index (target->steps, s);
          WsdRule *rule;
          WsdHit *hit;

          if (step->rule == NULL)
            continue;
          rule = wsd_knowledge_base_get_rule (self->kb, step->rule);
          if (rule == NULL || !counts_as_evidence (rule, step))
            continue;
          hit = self->hits[rule->index];
          if (hit == NULL)
            {
              hit = self->hits[rule->index] = wsd_hit_new (rule);
              hit->probe_only = TRUE;
            }
          hit->probe_seen = TRUE;
          hit->probe_after = after;
          add_unique_evidence (hit, step_evidence (probe, target, step, after));
        }
    }
  for (guint i = 0; i < self->n_rules; i++)
    if (self->hits[i] != NULL && self->hits[i]->probe_seen)
      settle_confidence (self->hits[i]);
}

gboolean
wsd_diagnosis_probe_failed_at (WsdDiagnosis *self, const WsdRule *rule, char **steps)
{
  const WsdProbeResult *probe = self->context->probe;

  for (guint t = 0; probe != NULL && probe->targets != NULL && t < probe->targets->len; t++)
    {
      const WsdProbeTarget *target = g_ptr_array_index (probe->targets, t);
      for (guint s = 0; target->steps != NULL && s < target->steps->len; s++)
        {
          const WsdProbeStep *step = g_ptr_array_index (target->steps, s);
          if (step->status == WSD_PROBE_STATUS_FAILED && g_strcmp0 (step->rule, rule->id) == 0
              && g_strv_contains ((const char * const *) steps, wsd_probe_step_kind_to_string (step->step)))
            return TRUE;
        }
    }
  return FALSE;
}
