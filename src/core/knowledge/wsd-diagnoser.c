/* wsd-diagnoser.c: run + evidence + facts + probe → ranked findings.
 *
 * The matching of rules against a run's evidence is in
 * wsd-diagnoser-match.c, the latest probe's weight in
 * wsd-diagnoser-probe.c; here the hits become findings: ranked causes,
 * configuration findings merged or listed, notes. */
#include <string.h>

#include "wsd-diagnosis-state.h"

#define FINAL_BONUS 30
#define INDEPENDENT_BONUS 5
#define DEFER_PENALTY 1000
/* The latest probe, see wsd-diagnoser-probe.c. */
#define PROBE_AFTER_BONUS 15
#define PROBE_BEFORE_BONUS 5
#define PROBE_ALONE_BEFORE_PENALTY 500

static GPtrArray *diagnose_server (WsdKnowledgeBase *kb, const WsdServer *server,
                                   GPtrArray *related, GArray *attach);

/* A probe alone has no final error to add weight: it competes by the
 * rule's rank (more specific by more than the final error's weight wins),
 * and below every cause of the run's own evidence when it is older. */
static int
hit_score (const WsdHit *hit)
{
  int score = hit->rule->rank - (hit->rule->defer ? DEFER_PENALTY : 0);

  if (hit->probe_only)
    return score - (hit->probe_after ? 0 : PROBE_ALONE_BEFORE_PENALTY);
  score += (hit->final ? FINAL_BONUS : 0) + (hit->independent ? INDEPENDENT_BONUS : 0);
  if (hit->probe_seen)
    score += hit->probe_after ? PROBE_AFTER_BONUS : PROBE_BEFORE_BONUS;
  return score;
}

static int
compare_hits (gconstpointer a, gconstpointer b)
{
  const WsdHit *ha = *(WsdHit * const *) a;
  const WsdHit *hb = *(WsdHit * const *) b;
  int sa = hit_score (ha), sb = hit_score (hb);
  if (sa != sb)
    return sb - sa;
  if (ha->probe_only != hb->probe_only)
    return ha->probe_only ? 1 : -1;
  return strcmp (ha->rule->id, hb->rule->id);
}

/* The line of @item's text that holds @offset, as the evidence shown. */
static WsdEvidence *
evidence_for (WsdLiteralSet *literals, const WsdItem *item, guint offset)
{
  const WsdEvidence *from = item->evidence;
  WsdEvidence *ev = wsd_evidence_new ();
  const char *start = item->text, *end;
  guint line_delta = 0;

  /* Not wsd_evidence_copy(): the record's text is replaced by one line. */
  ev->kind = from->kind;
  ev->source_path = g_strdup (from->source_path);
  ev->line = from->line;
  ev->offset = from->offset;
  ev->time = from->time;
  ev->level = from->level;
  ev->component = g_strdup (from->component);
  ev->event_id = from->event_id;
  offset = wsd_diagnosis_resolve_offset (literals, item, offset);

  if (offset != G_MAXUINT && offset < item->length)
    {
      for (const char *p = item->text; p < item->text + offset; p++)
        if (*p == '\n')
          {
            start = p + 1;
            line_delta++;
          }
    }
  end = memchr (start, '\n', item->length - (start - item->text));
  if (end == NULL)
    end = item->text + item->length;
  if (end > start && end[-1] == '\r')
    end--;
  ev->text = g_strndup (start, end - start);
  if (ev->line > 0)
    ev->line += line_delta;
  return ev;
}

static WsdFinding *
finding_from_hit (WsdDiagnosis *self, WsdHit *hit, WsdFindingKind kind)
{
  WsdRule *rule = hit->rule;
  WsdFinding *finding = wsd_finding_new (rule->id, kind);

  finding->title = g_strdup (rule->title);
  finding->summary = g_strdup (rule->summary);
  finding->steps = g_strdupv (rule->steps != NULL ? rule->steps : (char *[]) { NULL });
  finding->notes = g_strdup (rule->notes);
  finding->references = g_strdupv (rule->references != NULL ? rule->references : (char *[]) { NULL });
  finding->detail = wsd_render_detail (self, hit, rule->detail);
  finding->confidence = hit->confidence > 0 ? hit->confidence : 0.5;
  if (rule->defer)
    finding->confidence = MIN (finding->confidence, 0.6);
  for (guint i = 0; i < hit->items->len; i++)
    g_ptr_array_add (finding->evidence, evidence_for (self->literals, g_ptr_array_index (hit->items, i),
                                                     g_array_index (hit->offsets, guint, i)));
  for (guint i = 0; i < hit->extra->len; i++)
    g_ptr_array_add (finding->evidence, wsd_evidence_copy (g_ptr_array_index (hit->extra, i)));
  return finding;
}

static void
add_note (WsdDiagnosis *self, GPtrArray *findings, const char *rule_id, GPtrArray *items)
{
  WsdRule *rule = wsd_knowledge_base_get_rule (self->kb, rule_id);
  WsdHit *hit;

  if (rule == NULL)
    return;
  hit = wsd_hit_new (rule);
  hit->confidence = 0.9;
  for (guint i = 0; items != NULL && i < items->len && i < 5; i++)
    {
      guint none = G_MAXUINT;
      g_ptr_array_add (hit->items, g_ptr_array_index (items, i));
      g_array_append_val (hit->offsets, none);
    }
  g_ptr_array_add (findings, finding_from_hit (self, hit, rule->kind));
  wsd_hit_free (hit);
}

/* Notes and configuration risks whose [Match] held on this run's evidence
 * (a loose log showing what a bundle's facts would): listed as notes,
 * merged into a configuration finding of the same id. */
static void
add_matched_notes (WsdDiagnosis *self, GPtrArray *findings)
{
  for (guint i = 0; i < self->n_rules; i++)
    {
      WsdHit *hit = self->hits[i];
      WsdFinding *same = NULL;

      if (hit == NULL || hit->rule->kind == WSD_FINDING_CAUSE)
        continue;
      for (guint f = 0; f < findings->len && same == NULL; f++)
        if (g_str_equal (((WsdFinding *) g_ptr_array_index (findings, f))->rule, hit->rule->id))
          same = g_ptr_array_index (findings, f);
      if (same == NULL)
        g_ptr_array_add (findings, finding_from_hit (self, hit, WSD_FINDING_NOTE));
      else if (same->kind == WSD_FINDING_CONFIG)
        for (guint e = 0; e < hit->extra->len; e++)
          {
            const WsdEvidence *ev = g_ptr_array_index (hit->extra, e);
            gboolean shown = FALSE;
            for (guint k = 0; k < same->evidence->len && !shown; k++)
              shown = g_strcmp0 (((WsdEvidence *) g_ptr_array_index (same->evidence, k))->text, ev->text) == 0;
            if (!shown)
              g_ptr_array_add (same->evidence, wsd_evidence_copy (ev));
          }
    }
}

static void
read_facts (WsdDiagnosis *self)
{
  gboolean value = FALSE;

  if (self->server == NULL)
    return;
  self->proxy_host = wsd_server_fact_string (self->server, "proxy.host");
  wsd_server_fact_int (self->server, "proxy.port", &self->proxy_port);
  self->proxy_enabled = wsd_server_fact_bool (self->server, "proxy.enabled", &value) ? value
                        : self->proxy_host != NULL;
  if (!self->proxy_enabled)
    self->proxy_host = NULL;
  self->syncs_from_microsoft = wsd_server_fact_bool (self->server, "sync_from_microsoft_update", &value) && value;
}

GPtrArray *
wsd_diagnose_run (WsdKnowledgeBase *kb, const WsdDiagnosisContext *context)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
  WsdDiagnosis self = { 0 };
  GPtrArray *rules = wsd_knowledge_base_get_rules (kb);
  g_autoptr(GPtrArray) causes = g_ptr_array_new ();
  g_autoptr(GPtrArray) noise = g_ptr_array_new ();
  g_autoptr(GPtrArray) configs = NULL;
  const WsdRun *run = context->run;
  gboolean have_final = FALSE;

  if (run == NULL || run->result != WSD_RESULT_FAILED)
    return findings;

  self.kb = kb;
  self.literals = wsd_knowledge_base_get_literals (kb);
  self.n_words = wsd_literal_set_n_words (self.literals);
  self.context = context;
  self.run = run;
  self.server = context->server;
  self.items = g_array_new (FALSE, TRUE, sizeof (WsdItem));
  self.n_rules = rules->len;
  self.hits = g_new0 (WsdHit *, rules->len);
  read_facts (&self);

  if (run->error_text != NULL && run->error_text[0] != '\0')
    {
      gboolean duplicate = FALSE;
      for (guint i = 0; run->evidence != NULL && i < run->evidence->len && !duplicate; i++)
        {
          const WsdEvidence *ev = g_ptr_array_index (run->evidence, i);
          duplicate = g_strcmp0 (ev->text, run->error_text) == 0;
        }
      if (!duplicate)
        {
          self.error_pseudo = wsd_evidence_new ();
          self.error_pseudo->kind = WSD_SOURCE_KIND_HISTORY;
          self.error_pseudo->level = WSD_LEVEL_ERROR;
          self.error_pseudo->time = run->finished;
          self.error_pseudo->text = g_strdup (run->error_text);
          for (guint i = 0; run->evidence != NULL && i < run->evidence->len; i++)
            {
              const WsdEvidence *ev = g_ptr_array_index (run->evidence, i);
              if (ev->kind == WSD_SOURCE_KIND_HISTORY || ev->kind == WSD_SOURCE_KIND_BUNDLE)
                {
                  self.error_pseudo->kind = ev->kind;
                  self.error_pseudo->source_path = g_strdup (ev->source_path);
                  self.error_pseudo->line = ev->line;
                  break;
                }
            }
          wsd_diagnosis_add_item (&self, self.error_pseudo);
        }
    }
  for (guint i = 0; run->evidence != NULL && i < run->evidence->len; i++)
    wsd_diagnosis_add_item (&self, g_ptr_array_index (run->evidence, i));
  wsd_diagnosis_borrow_from_neighbours (&self);
  wsd_diagnosis_classify_items (&self);
  self.downstream = wsd_run_is_downstream (&self);
  wsd_run_facts_derive (&self);

  for (guint i = 0; i < rules->len; i++)
    wsd_diagnosis_evaluate_rule (&self, g_ptr_array_index (rules, i), FALSE);
  for (guint i = 0; i < rules->len; i++)
    wsd_diagnosis_evaluate_rule (&self, g_ptr_array_index (rules, i), TRUE);
  wsd_diagnosis_weigh_probe (&self);

  for (guint i = 0; i < self.n_rules; i++)
    if (self.hits[i] != NULL && self.hits[i]->rule->kind == WSD_FINDING_CAUSE)
      g_ptr_array_add (causes, self.hits[i]);
  g_ptr_array_sort (causes, compare_hits);
  for (guint i = 0; i < causes->len; i++)
    g_ptr_array_add (findings, finding_from_hit (&self, g_ptr_array_index (causes, i), WSD_FINDING_CAUSE));
  if (causes->len == 0)
    {
      g_autoptr(GPtrArray) final_items = g_ptr_array_new ();
      for (guint i = 0; i < self.items->len; i++)
        if (wsd_diagnosis_item (&self, i)->role == WSD_ITEM_FINAL)
          g_ptr_array_add (final_items, wsd_diagnosis_item (&self, i));
      add_note (&self, findings, "unclassified", final_items);
      if (findings->len > 0)
        {
          WsdFinding *fallback = g_ptr_array_index (findings, 0);
          fallback->kind = WSD_FINDING_CAUSE;
          fallback->confidence = 0.3;
        }
    }

  /* Configuration findings: merged into the cause of the same id, else after the causes. */
  if (self.server != NULL)
    {
      g_autoptr(GPtrArray) related = g_ptr_array_new ();
      g_autoptr(GArray) attach = g_array_new (FALSE, FALSE, sizeof (gboolean));
      if (context->upstream != NULL)
        g_ptr_array_add (related, (gpointer) context->upstream);
      configs = diagnose_server (kb, self.server, related, attach);
      for (guint i = 0; i < configs->len; i++)
        {
          WsdFinding *config = g_ptr_array_index (configs, i);
          WsdFinding *merged_into = NULL;

          for (guint f = 0; f < findings->len; f++)
            {
              WsdFinding *cause = g_ptr_array_index (findings, f);
              if (cause->kind == WSD_FINDING_CAUSE && g_str_equal (cause->rule, config->rule))
                merged_into = cause;
            }
          if (merged_into != NULL)
            {
              for (guint e = 0; e < config->evidence->len; e++)
                g_ptr_array_add (merged_into->evidence, wsd_evidence_copy (g_ptr_array_index (config->evidence, e)));
              merged_into->confidence = MIN (0.99, MAX (merged_into->confidence, config->confidence) + 0.05);
            }
          else if (g_array_index (attach, gboolean, i))
            g_ptr_array_add (findings, wsd_finding_copy (config));
        }
    }

  /* Notes. */
  for (guint i = 0; i < self.items->len; i++)
    {
      WsdItem *item = wsd_diagnosis_item (&self, i);
      if (item->role == WSD_ITEM_NOISE)
        g_ptr_array_add (noise, item);
      have_final |= item->role == WSD_ITEM_FINAL;
    }
  if (run->incident != NULL && !run->configmgr && run->type == WSD_RUN_TYPE_SCHEDULED
      && !self.syncs_from_microsoft)
    add_note (&self, findings, "retry-schedule", NULL);
  {
    g_autoptr(GPtrArray) final_items = g_ptr_array_new ();
    for (guint i = 0; i < self.items->len; i++)
      {
        WsdItem *item = wsd_diagnosis_item (&self, i);
        if (item->role == WSD_ITEM_FINAL || (!have_final && item->role == WSD_ITEM_SUPPORT))
          g_ptr_array_add (final_items, item);
      }
    add_note (&self, findings, "see-details", final_items);
  }
  if (noise->len > 0)
    add_note (&self, findings, "health-monitor-noise", noise);
  add_matched_notes (&self, findings);

  for (guint i = 0; i < self.n_rules; i++)
    if (self.hits[i] != NULL)
      wsd_hit_free (self.hits[i]);
  g_free (self.hits);
  g_array_unref (self.items);
  g_free (self.bit_storage);
  g_clear_pointer (&self.error_pseudo, wsd_evidence_free);
  g_clear_pointer (&self.endpoint_pseudo, wsd_evidence_free);
  g_clear_pointer (&self.run_facts, wsd_run_facts_free);
  return findings;
}

static GPtrArray *
diagnose_server (WsdKnowledgeBase *kb, const WsdServer *server, GPtrArray *related, GArray *attach)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
  GPtrArray *rules = wsd_knowledge_base_get_rules (kb);
  WsdDiagnosis self = { 0 };

  g_autoptr(WsdRun) no_run = wsd_run_new ();
  WsdDiagnosisContext context = { .run = no_run, .server = server };

  if (server == NULL || server->facts == NULL)
    return findings;
  /* Detail values read the context; a server's configuration has no run. */
  context.upstream = wsd_find_upstream (server, related);
  self.kb = kb;
  self.context = &context;
  self.run = no_run;
  self.server = server;
  read_facts (&self);
  self.items = g_array_new (FALSE, TRUE, sizeof (WsdItem));
  for (guint r = 0; r < rules->len; r++)
    {
      WsdRule *rule = g_ptr_array_index (rules, r);
      for (guint g = 0; g < rule->configs->len; g++)
        {
          const WsdMatchGroup *group = g_ptr_array_index (rule->configs, g);
          WsdHit *hit = wsd_hit_new (rule);
          gboolean holds = TRUE;

          if (group->facts != NULL)
            holds = wsd_facts_hold (server, group->facts, hit->extra);
          for (guint i = 0; holds && group->checks != NULL && group->checks[i] != NULL; i++)
            holds = wsd_check_server (group->checks[i], server, related, hit->extra);
          if (holds)
            {
              WsdFinding *finding = finding_from_hit (&self, hit, WSD_FINDING_CONFIG);
              finding->confidence = group->severity != NULL && g_str_equal (group->severity, "warning") ? 0.6 : 0.9;
              g_ptr_array_add (findings, finding);
              if (attach != NULL)
                g_array_append_val (attach, group->attach);
              wsd_hit_free (hit);
              break;
            }
          wsd_hit_free (hit);
        }
    }
  g_array_unref (self.items);
  return findings;
}

GPtrArray *
wsd_diagnose_server (WsdKnowledgeBase *kb, const WsdServer *server, GPtrArray *related)
{
  return diagnose_server (kb, server, related, NULL);
}
