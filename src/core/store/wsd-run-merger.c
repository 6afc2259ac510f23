/* wsd-run-merger.c: one synchronization from several sources. */
#include <string.h>

#include "wsd-run-merger.h"

gint64
wsd_evidence_text_hash (const char *text)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (const guchar *p = (const guchar *) (text != NULL ? text : ""); *p != '\0'; p++)
    {
      hash ^= *p;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  return (gint64) hash;
}

/* A record's identity, as the store keeps it: the same line read from a
 * copy of its file under another name is the same record. */
static char *
evidence_key (const WsdEvidence *evidence)
{
  return g_strdup_printf ("%u\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT,
                          evidence->line, evidence->time, wsd_evidence_text_hash (evidence->text));
}

static gboolean
is_final (WsdResult result)
{
  return result == WSD_RESULT_SUCCEEDED || result == WSD_RESULT_FAILED || result == WSD_RESULT_CANCELED;
}

static gboolean
facts_can_merge (const WsdRun *a, const WsdRun *b, gint64 tolerance)
{
  gint64 delta;

  if (a->history_id != NULL && b->history_id != NULL)
    return g_strcmp0 (a->history_id, b->history_id) == 0;
  if (a->type != WSD_RUN_TYPE_UNKNOWN && b->type != WSD_RUN_TYPE_UNKNOWN && a->type != b->type)
    return FALSE;
  delta = a->started > b->started ? a->started - b->started : b->started - a->started;
  if (delta > tolerance)
    return FALSE;
  /* Exact times that do not overlap are two attempts one after the other. */
  if (!a->approximate_times && !b->approximate_times)
    {
      if (a->finished != 0 && a->finished < b->started)
        return FALSE;
      if (b->finished != 0 && b->finished < a->started)
        return FALSE;
    }
  return TRUE;
}

/* A source names each sync once: two runs built from the same file are
 * two syncs, unless they share a record (the same file read again). */
static gboolean
evidence_can_merge (const WsdRun *a, const WsdRun *b)
{
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) keys = NULL;
  gboolean overlap = FALSE;

  for (guint i = 0; i < a->evidence->len; i++)
    {
      const WsdEvidence *evidence = g_ptr_array_index (a->evidence, i);

      if (evidence->source_path != NULL)
        g_hash_table_add (paths, evidence->source_path);
    }
  for (guint i = 0; i < b->evidence->len && !overlap; i++)
    {
      const WsdEvidence *evidence = g_ptr_array_index (b->evidence, i);

      overlap = evidence->source_path != NULL && g_hash_table_contains (paths, evidence->source_path);
    }
  if (!overlap)
    return TRUE;

  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < a->evidence->len; i++)
    g_hash_table_add (keys, evidence_key (g_ptr_array_index (a->evidence, i)));
  for (guint i = 0; i < b->evidence->len; i++)
    {
      g_autofree char *key = evidence_key (g_ptr_array_index (b->evidence, i));

      if (g_hash_table_contains (keys, key))
        return TRUE;
    }
  return FALSE;
}

gboolean
wsd_run_merger_can_merge (const WsdRun *a, const WsdRun *b, gint64 tolerance)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return facts_can_merge (a, b, tolerance) && evidence_can_merge (a, b);
}

gint64
wsd_run_merger_distance (const WsdRun *a, const WsdRun *b)
{
  if (a->history_id != NULL && g_strcmp0 (a->history_id, b->history_id) == 0)
    return 0;
  return 1 + (a->started > b->started ? a->started - b->started : b->started - a->started);
}

static int
time_rank (const WsdRun *run)
{
  if (run->started == 0)
    return -1;
  if (run->approximate_times)
    return 0;
  return run->history_id != NULL ? 2 : 1;
}

static int
result_rank (WsdResult result)
{
  switch (result)
    {
    case WSD_RESULT_UNKNOWN:
      return 0;
    case WSD_RESULT_RUNNING:
      return 1;
    default:
      return 2;
    }
}

static gboolean
prefer_result (const WsdRun *into, const WsdRun *from)
{
  if (from->result == into->result)
    return FALSE;
  if (result_rank (from->result) != result_rank (into->result))
    return result_rank (from->result) > result_rank (into->result);
  /* Both final and different: the history row is what WSUS recorded. */
  if ((from->history_id != NULL) != (into->history_id != NULL))
    return from->history_id != NULL;
  /* Never hide a failure behind a success. */
  return into->result == WSD_RESULT_SUCCEEDED && is_final (from->result);
}

static int
phase_rank (WsdPhase phase)
{
  return phase == WSD_PHASE_NONE ? 0 : phase == WSD_PHASE_UNKNOWN ? 1 : 2;
}

static gboolean
set_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
set_count (int *field, int value, gboolean authoritative)
{
  if (value < 0 || *field == value)
    return FALSE;
  if (*field >= 0 && !authoritative)
    return FALSE;
  *field = value;
  return TRUE;
}

gboolean
wsd_run_merger_merge_facts (WsdRun *into, const WsdRun *from)
{
  gboolean changed = FALSE;
  gboolean from_history = from->history_id != NULL && into->history_id == NULL;
  int into_rank = time_rank (into);
  int from_rank = time_rank (from);

  g_return_val_if_fail (into != NULL && from != NULL, FALSE);

  if (from_rank > into_rank)
    {
      if (into->started != from->started || into->approximate_times != from->approximate_times)
        changed = TRUE;
      into->started = from->started;
      into->approximate_times = from->approximate_times;
      if (from->finished != 0 && into->finished != from->finished)
        {
          into->finished = from->finished;
          changed = TRUE;
        }
    }
  else if (into->finished == 0 && from->finished != 0 && from_rank == into_rank)
    {
      into->finished = from->finished;
      changed = TRUE;
    }

  if (into->server == NULL && from->server != NULL)
    changed |= set_string (&into->server, from->server);
  if (into->history_id == NULL && from->history_id != NULL)
    changed |= set_string (&into->history_id, from->history_id);
  if (into->type == WSD_RUN_TYPE_UNKNOWN && from->type != WSD_RUN_TYPE_UNKNOWN)
    {
      into->type = from->type;
      changed = TRUE;
    }
  if (prefer_result (into, from))
    {
      into->result = from->result;
      changed = TRUE;
    }

  if (from->error != NULL && *from->error != '\0')
    {
      if (into->error == NULL || *into->error == '\0'
          || (g_str_has_prefix (into->error, "Unknown(") && !g_str_has_prefix (from->error, "Unknown("))
          || from_history)
        changed |= set_string (&into->error, from->error);
    }
  if (from->error_text != NULL && *from->error_text != '\0'
      && (into->error_text == NULL || strlen (from->error_text) > strlen (into->error_text)))
    changed |= set_string (&into->error_text, from->error_text);

  if (phase_rank (from->phase) > phase_rank (into->phase))
    {
      into->phase = from->phase;
      changed = TRUE;
    }
  if (from->configmgr && !into->configmgr)
    {
      into->configmgr = TRUE;
      changed = TRUE;
    }
  changed |= set_count (&into->new_updates, from->new_updates, from_history);
  changed |= set_count (&into->revised_updates, from->revised_updates, from_history);
  changed |= set_count (&into->expired_updates, from->expired_updates, from_history);

  if (into->incident == NULL && from->incident != NULL)
    {
      changed |= set_string (&into->incident, from->incident);
      into->attempt = from->attempt;
    }
  return changed;
}

gboolean
wsd_run_merger_merge (WsdRun *into, const WsdRun *from)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean changed;

  g_return_val_if_fail (into != NULL && from != NULL, FALSE);

  changed = wsd_run_merger_merge_facts (into, from);

  for (guint i = 0; i < into->evidence->len; i++)
    g_hash_table_add (keys, evidence_key (g_ptr_array_index (into->evidence, i)));
  for (guint i = 0; i < from->evidence->len; i++)
    {
      const WsdEvidence *evidence = g_ptr_array_index (from->evidence, i);
      char *key = evidence_key (evidence);

      if (g_hash_table_add (keys, key))
        {
          g_ptr_array_add (into->evidence, wsd_evidence_copy (evidence));
          changed = TRUE;
        }
    }

  g_hash_table_remove_all (keys);
  for (guint i = 0; i < into->update_errors->len; i++)
    {
      const WsdUpdateError *ue = g_ptr_array_index (into->update_errors, i);
      g_hash_table_add (keys, g_strdup_printf ("%s\x1f%d\x1f%s", ue->update_id ? ue->update_id : "",
                                               ue->revision, ue->error ? ue->error : ""));
    }
  for (guint i = 0; i < from->update_errors->len; i++)
    {
      const WsdUpdateError *ue = g_ptr_array_index (from->update_errors, i);
      char *key = g_strdup_printf ("%s\x1f%d\x1f%s", ue->update_id ? ue->update_id : "",
                                   ue->revision, ue->error ? ue->error : "");

      if (g_hash_table_add (keys, key))
        {
          g_ptr_array_add (into->update_errors, wsd_update_error_copy (ue));
          changed = TRUE;
        }
    }
  return changed;
}

WsdRun *
wsd_run_copy_facts (const WsdRun *run)
{
  g_autoptr(GPtrArray) no_evidence = g_ptr_array_new ();
  g_autoptr(GPtrArray) no_update_errors = g_ptr_array_new ();
  WsdRun view = *run;

  view.evidence = no_evidence;
  view.update_errors = no_update_errors;
  return wsd_run_copy (&view);
}

void
wsd_run_group_free (WsdRunGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->server);
  wsd_run_free (group->merged);
  g_ptr_array_unref (group->members);
  g_free (group);
}

typedef struct {
  const WsdRun *run;
  const char   *server;
  guint         index;
} SortItem;

static int
compare_items (gconstpointer a, gconstpointer b)
{
  const SortItem *x = a, *y = b;
  int cmp = g_ascii_strcasecmp (x->server, y->server);   /* Windows names ignore case */

  if (cmp != 0)
    return cmp;
  if (x->run->started != y->run->started)
    return x->run->started < y->run->started ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static gboolean
group_accepts (const WsdRunGroup *group, const WsdRun *run, gint64 tolerance)
{
  if (!facts_can_merge (group->merged, run, tolerance))
    return FALSE;
  for (guint i = 0; i < group->members->len; i++)
    if (!evidence_can_merge (g_ptr_array_index (group->members, i), run))
      return FALSE;
  return TRUE;
}

GPtrArray *
wsd_run_merger_consolidate (GPtrArray *runs, const char *fallback_server, gint64 tolerance)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_run_group_free);
  g_autoptr(GArray) items = g_array_sized_new (FALSE, FALSE, sizeof (SortItem), runs->len);
  /* "server\nhistory id" → group, so history ids match whatever the times say. */
  g_autoptr(GHashTable) by_history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint server_start = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      const WsdRun *run = g_ptr_array_index (runs, i);
      SortItem item = { run, run->server != NULL ? run->server : fallback_server, i };

      g_array_append_val (items, item);
    }
  g_array_sort (items, compare_items);

  for (guint i = 0; i < items->len; i++)
    {
      const SortItem *item = &g_array_index (items, SortItem, i);
      WsdRunGroup *best = NULL;
      WsdRunGroup *candidate = NULL;
      gint64 best_distance = G_MAXINT64;

      if (groups->len > 0
          && g_ascii_strcasecmp (((WsdRunGroup *) g_ptr_array_index (groups, groups->len - 1))->server,
                                 item->server) != 0)
        server_start = groups->len;

      if (item->run->history_id != NULL)
        {
          g_autofree char *server = g_ascii_strdown (item->server, -1);
          g_autofree char *key = g_strconcat (server, "\n", item->run->history_id, NULL);
          WsdRunGroup *group = g_hash_table_lookup (by_history, key);

          if (group != NULL && group_accepts (group, item->run, tolerance))
            best = group;
        }

      /* Groups of this server are the tail of @groups, in start order. */
      for (guint j = groups->len; best == NULL && j > server_start; j--)
        {
          WsdRunGroup *group = g_ptr_array_index (groups, j - 1);
          const WsdRun *first = g_ptr_array_index (group->members, 0);
          gint64 distance;

          if (first->started < item->run->started - 2 * tolerance)
            break;
          if (!group_accepts (group, item->run, tolerance))
            continue;
          distance = wsd_run_merger_distance (group->merged, item->run);
          if (distance < best_distance)
            {
              best_distance = distance;
              candidate = group;
            }
        }
      if (best == NULL)
        best = candidate;

      if (best == NULL)
        {
          best = g_new0 (WsdRunGroup, 1);
          best->server = g_strdup (item->server);
          best->merged = wsd_run_copy_facts (item->run);
          if (best->merged->server == NULL)
            best->merged->server = g_strdup (item->server);
          best->members = g_ptr_array_new ();
          g_ptr_array_add (best->members, (gpointer) item->run);
          g_ptr_array_add (groups, best);
        }
      else
        {
          wsd_run_merger_merge_facts (best->merged, item->run);
          g_ptr_array_add (best->members, (gpointer) item->run);
        }
      if (best->merged->history_id != NULL)
        {
          g_autofree char *server = g_ascii_strdown (best->server, -1);

          g_hash_table_replace (by_history, g_strconcat (server, "\n", best->merged->history_id, NULL), best);
        }
    }
  return groups;
}
