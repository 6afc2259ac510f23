/* wsd-diagnoser.c: run + evidence + facts + probe → ranked findings.
 *
 * Every evidence text is scanned once by the knowledge base's literal
 * automaton and once for codes, statuses and hosts; rule groups are then
 * evaluated on bitsets and small arrays. Regular expressions only run on
 * texts that already passed a group's literals. */
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

static const guint lifecycle_events[] = { 381, 382, 384, 361, 0 };

WsdItem *
wsd_diagnosis_item (WsdDiagnosis *self, guint index)
{
  return &g_array_index (self->items, WsdItem, index);
}

gboolean
wsd_item_has_literal (WsdDiagnosis *self, const WsdItem *item, WsdBuiltinLiteral which)
{
  return wsd_literal_bits_has (item->bits, wsd_knowledge_base_builtin_literal (self->kb, which));
}

void
wsd_hit_free (WsdHit *hit)
{
  g_ptr_array_unref (hit->items);
  g_array_unref (hit->offsets);
  g_ptr_array_unref (hit->extra);
  g_free (hit);
}

WsdHit *
wsd_hit_new (WsdRule *rule)
{
  WsdHit *hit = g_new0 (WsdHit, 1);
  hit->rule = rule;
  hit->items = g_ptr_array_new ();
  hit->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  hit->extra = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_evidence_free);
  return hit;
}

static gboolean
is_lifecycle (guint event_id)
{
  for (guint i = 0; lifecycle_events[i] != 0; i++)
    if (lifecycle_events[i] == event_id)
      return TRUE;
  return event_id == 0;
}

void
wsd_diagnosis_add_item (WsdDiagnosis *self, const WsdEvidence *evidence)
{
  WsdItem item = { 0 };

  if (evidence->text == NULL || evidence->text[0] == '\0')
    return;
  item.evidence = evidence;
  item.text = evidence->text;
  item.length = strlen (evidence->text);
  g_array_append_val (self->items, item);
}

static void
classify_items (WsdDiagnosis *self)
{
  guint n = self->items->len;
  gint last_error = -1;

  self->bit_storage = g_new0 (guint64, (gsize) n * self->n_words + 1);
  for (guint i = 0; i < n; i++)
    {
      WsdItem *item = wsd_diagnosis_item (self, i);
      const WsdEvidence *ev = item->evidence;

      item->bits = self->bit_storage + (gsize) i * self->n_words;
      wsd_literal_set_scan (self->literals, item->text, item->length, item->bits);
      if (ev->component != NULL)
        wsd_literal_set_scan (self->literals, ev->component, strlen (ev->component), item->bits);
      wsd_signals_extract (item->text, item->length, &item->signals);
      item->event_id = ev->event_id != 0 ? ev->event_id : item->signals.event_id;
      item->retry = wsd_item_has_literal (self, item, WSD_LIT_ACTION_RETRY);

      if (wsd_item_has_literal (self, item, WSD_LIT_HEALTH_MONITOR))
        item->role = WSD_ITEM_NOISE;
      else if (ev == self->error_pseudo)
        item->role = WSD_ITEM_FINAL;
      else if (ev->level == WSD_LEVEL_ERROR || ev->level == WSD_LEVEL_WARNING
               || !is_lifecycle (item->event_id)
               || ev->kind == WSD_SOURCE_KIND_CONFIGMGR_LOG || ev->kind == WSD_SOURCE_KIND_WCM_LOG
               || ev->kind == WSD_SOURCE_KIND_HISTORY)
        item->role = WSD_ITEM_SUPPORT;
      else
        item->role = WSD_ITEM_CONTEXT;

      if (item->role == WSD_ITEM_SUPPORT && item->event_id == 386)
        item->role = WSD_ITEM_FINAL;
      if (item->role == WSD_ITEM_SUPPORT && ev->level == WSD_LEVEL_ERROR && !item->retry
          && is_lifecycle (item->event_id) && ev->kind != WSD_SOURCE_KIND_EVENT)
        last_error = i;
    }

  /* The final error: the last error record and the error records right
   * before it, back to the last record WSUS retried past. */
  for (gint i = last_error; i >= 0; i--)
    {
      WsdItem *item = wsd_diagnosis_item (self, i);
      if (item->retry)
        break;
      if (item->role == WSD_ITEM_SUPPORT && item->evidence->level == WSD_LEVEL_ERROR)
        item->role = WSD_ITEM_FINAL;
    }
}

static gboolean
any_literal (const WsdItem *item, GArray *ids, guint *out_id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      guint id = g_array_index (ids, guint, i);
      if (wsd_literal_bits_has (item->bits, id))
        {
          if (out_id != NULL)
            *out_id = id;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
in_scope (const WsdMatchGroup *group, const WsdItem *item)
{
  switch (group->scope)
    {
    case WSD_SCOPE_FINAL:
      return item->role == WSD_ITEM_FINAL;
    case WSD_SCOPE_NOISE:
      return item->role == WSD_ITEM_NOISE;
    case WSD_SCOPE_ANY:
      return item->role != WSD_ITEM_NOISE;
    case WSD_SCOPE_ERRORS:
    default:
      return item->role == WSD_ITEM_FINAL || item->role == WSD_ITEM_SUPPORT;
    }
}

/* Where a literal matched is only needed for the evidence shown, so the
 * search is deferred: the literal id is kept with this flag instead. */
#define LITERAL_FLAG 0x80000000u

static guint
literal_offset (WsdDiagnosis *self, const WsdItem *item, guint id)
{
  return LITERAL_FLAG | id;
}

static guint
resolve_offset (WsdLiteralSet *literals, const WsdItem *item, guint offset)
{
  const char *found;

  if (offset == G_MAXUINT || !(offset & LITERAL_FLAG))
    return offset;
  found = wsd_ascii_strcasestr (item->text, item->length, wsd_literal_set_get (literals, offset & ~LITERAL_FLAG));
  return found != NULL ? (guint) (found - item->text) : G_MAXUINT;
}

/* Does @item satisfy the item-level keys of @group? */
static gboolean
item_matches (WsdDiagnosis *self, const WsdMatchGroup *group, const WsdItem *item, guint *out_offset)
{
  guint offset = G_MAXUINT;
  guint id;

  if (!in_scope (group, item))
    return FALSE;
  if (group->lit_not != NULL && any_literal (item, group->lit_not, NULL))
    return FALSE;
  if (group->lit_exception_types != NULL && !any_literal (item, group->lit_exception_types, &id))
    return FALSE;
  if (group->lit_identifiers != NULL)
    {
      if (!any_literal (item, group->lit_identifiers, &id))
        return FALSE;
    }
  if (group->lit_hosts != NULL)
    {
      if (!any_literal (item, group->lit_hosts, &id))
        return FALSE;
      offset = literal_offset (self, item, id);
    }
  if (group->lit_text != NULL)
    {
      if (!any_literal (item, group->lit_text, &id))
        return FALSE;
      offset = literal_offset (self, item, id);
    }
  if (group->hresults != NULL)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < group->hresults->len && !found; i++)
        found = wsd_signals_has_hresult (&item->signals, g_array_index (group->hresults, guint32, i), &offset);
      if (!found)
        return FALSE;
    }
  if (group->http_statuses != NULL)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < group->http_statuses->len && !found; i++)
        found = wsd_signals_has_status (&item->signals, g_array_index (group->http_statuses, guint32, i), &offset);
      if (!found)
        return FALSE;
    }
  if (group->soap_codes != NULL)
    {
      gboolean found = FALSE;
      for (guint i = 0; group->soap_codes[i] != NULL && !found; i++)
        found = wsd_signals_has_soap (&item->signals, item->text, group->soap_codes[i], &offset);
      if (!found)
        return FALSE;
    }
  if (group->event_ids != NULL)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < group->event_ids->len && !found; i++)
        found = item->event_id == g_array_index (group->event_ids, guint32, i);
      if (!found)
        return FALSE;
    }
  for (guint i = 0; i < group->item_checks->len; i++)
    if (!wsd_check_item (self, g_ptr_array_index (group->item_checks, i), item))
      return FALSE;
  if (group->regexes != NULL)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < group->regexes->len && !found; i++)
        {
          g_autoptr(GMatchInfo) info = NULL;
          if (g_regex_match_full (g_ptr_array_index (group->regexes, i), item->text, item->length,
                                  0, 0, &info, NULL))
            {
              int start = 0;
              found = TRUE;
              if (g_match_info_fetch_pos (info, 0, &start, NULL))
                offset = start;
            }
        }
      if (!found)
        return FALSE;
    }
  *out_offset = offset;
  return TRUE;
}

static gboolean
sync_error_matches (const WsdRun *run, char **names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (run->error != NULL && g_ascii_strcasecmp (run->error, names[i]) == 0)
        return TRUE;
      for (guint u = 0; run->update_errors != NULL && u < run->update_errors->len; u++)
        {
          const WsdUpdateError *ue = g_ptr_array_index (run->update_errors, u);
          if (ue->error != NULL && g_ascii_strcasecmp (ue->error, names[i]) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static void
record (WsdHit **hit_slot, WsdRule *rule, const WsdMatchGroup *group, WsdItem *item, guint offset,
        gboolean text_only)
{
  WsdHit *hit = *hit_slot;
  double confidence = group->confidence >= 0 ? group->confidence : (text_only ? 0.75 : 0.9);

  if (hit == NULL)
    *hit_slot = hit = wsd_hit_new (rule);
  if (item != NULL)
    {
      if (!g_ptr_array_find (hit->items, item, NULL))
        {
          g_ptr_array_add (hit->items, item);
          g_array_append_val (hit->offsets, offset);
        }
      if (item->role == WSD_ITEM_FINAL)
        {
          hit->final = TRUE;
          confidence += 0.05;
        }
    }
  if (!text_only)
    hit->independent = TRUE;
  hit->confidence = MAX (hit->confidence, MIN (confidence, 0.99));
}

static void
evaluate_rule (WsdDiagnosis *self, WsdRule *rule, gboolean second_pass)
{
  WsdHit *hit = self->hits[rule->index];

  for (guint g = 0; g < rule->matches->len; g++)
    {
      const WsdMatchGroup *group = g_ptr_array_index (rule->matches, g);
      g_autoptr(GPtrArray) extra = NULL;
      gboolean text_only = !group->language_independent;

      if ((group->when_rule != NULL || group->unless_rule != NULL) != second_pass || group->produced_in_c
          || group->probe_only)
        continue;
      if (group->facts != NULL || group->run_checks->len > 0)
        extra = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_evidence_free);
      /* Run-level conditions first: they are cheap. */
      if (group->sync_errors != NULL && !sync_error_matches (self->run, group->sync_errors))
        continue;
      if (group->facts != NULL && !wsd_facts_hold_for_run (self, group->facts, extra))
        continue;
      if (group->when_rule != NULL)
        {
          gboolean any = FALSE;
          for (guint i = 0; group->when_rule[i] != NULL; i++)
            {
              WsdRule *other = wsd_knowledge_base_get_rule (self->kb, group->when_rule[i]);
              any |= other != NULL && self->hits[other->index] != NULL;
            }
          if (!any)
            continue;
        }
      if (group->unless_rule != NULL)
        {
          gboolean explained = FALSE;
          for (guint i = 0; group->unless_rule[i] != NULL; i++)
            {
              WsdRule *other = wsd_knowledge_base_get_rule (self->kb, group->unless_rule[i]);
              explained |= other != NULL && other != rule && self->hits[other->index] != NULL;
            }
          if (explained)
            continue;
        }
      /* A condition only: the step itself is weighed with the rest of the probe. */
      if (group->probe != NULL && !wsd_diagnosis_probe_failed_at (self, rule, group->probe))
        continue;
      {
        gboolean run_check_failed = FALSE;
        for (guint i = 0; i < group->run_checks->len; i++)
            {
              WsdHit *scratch = wsd_hit_new (rule);
              if (!wsd_check_run (self, g_ptr_array_index (group->run_checks, i), scratch))
                run_check_failed = TRUE;
              else
                for (guint e = 0; e < scratch->extra->len; e++)
                  g_ptr_array_add (extra, wsd_evidence_copy (g_ptr_array_index (scratch->extra, e)));
              wsd_hit_free (scratch);
            }
        if (run_check_failed)
          continue;
      }

      if (group->has_item_keys)
        {
          gboolean matched = FALSE;
          for (guint i = 0; i < self->items->len; i++)
            {
              WsdItem *item = wsd_diagnosis_item (self, i);
              guint offset = G_MAXUINT;
              if (item_matches (self, group, item, &offset))
                {
                  record (&hit, rule, group, item, offset, text_only);
                  matched = TRUE;
                }
            }
          if (!matched)
            continue;
        }
      else
        {
          /* Not without other item keys: no record of the run may hold them. */
          if (group->lit_not != NULL)
            {
              gboolean excluded = FALSE;
              for (guint i = 0; i < self->items->len && !excluded; i++)
                {
                  WsdItem *item = wsd_diagnosis_item (self, i);
                  excluded = in_scope (group, item) && any_literal (item, group->lit_not, NULL);
                }
              if (excluded)
                continue;
            }
          record (&hit, rule, group, NULL, G_MAXUINT, text_only);
          if (group->sync_errors != NULL)
            {
              /* The run's SynchronizationError is part of its final error. */
              hit->final = TRUE;
              for (guint i = 0; i < self->items->len; i++)
                {
                  WsdItem *item = wsd_diagnosis_item (self, i);
                  if (item->role == WSD_ITEM_FINAL && !g_ptr_array_find (hit->items, item, NULL))
                    {
                      guint none = G_MAXUINT;
                      g_ptr_array_add (hit->items, item);
                      g_array_append_val (hit->offsets, none);
                      break;
                    }
                }
            }
        }
      for (guint e = 0; extra != NULL && e < extra->len; e++)
        g_ptr_array_add (hit->extra, wsd_evidence_copy (g_ptr_array_index (extra, e)));
    }
  self->hits[rule->index] = hit;
}

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
  offset = resolve_offset (literals, item, offset);

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
  classify_items (&self);
  self.downstream = wsd_run_is_downstream (&self);
  wsd_run_facts_derive (&self);

  for (guint i = 0; i < rules->len; i++)
    evaluate_rule (&self, g_ptr_array_index (rules, i), FALSE);
  for (guint i = 0; i < rules->len; i++)
    evaluate_rule (&self, g_ptr_array_index (rules, i), TRUE);
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
