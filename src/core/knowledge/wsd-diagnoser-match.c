/* wsd-diagnoser-match.c: which rules the evidence of one run matches.
 *
 * Every evidence text is scanned once by the knowledge base's literal
 * automaton and once for codes, statuses and hosts; rule groups are then
 * evaluated on bitsets and small arrays. Regular expressions only run on
 * texts that already passed a group's literals. */
#include <string.h>

#include "wsd-diagnosis-state.h"

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

void
wsd_diagnosis_classify_items (WsdDiagnosis *self)
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

guint
wsd_diagnosis_resolve_offset (WsdLiteralSet *literals, const WsdItem *item, guint offset)
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

void
wsd_diagnosis_evaluate_rule (WsdDiagnosis *self, WsdRule *rule, gboolean second_pass)
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
