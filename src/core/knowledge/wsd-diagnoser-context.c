/* wsd-diagnoser-context.c: what a run's surroundings say about it.
 *
 * Its neighbours on the same server: a ConfigMgr sync that found WSUS "not
 * configured" is explained by the last WCM.log attempt before it, and a
 * run whose evidence does not name the sync endpoint used the endpoint its
 * nearest run names.
 *
 * Facts its evidence states about the server, for rules whose Facts a
 * loose log can answer without an exported configuration: the WSUS
 * product version the server logs when a web service starts ("Product
 * Version = 3.2.7600.283", formats §1.4) and whether its sync peer is
 * Microsoft Update (the sync web service URL of "Calling GetAuthConfig on
 * …"). */
#include <string.h>

#include "wsd-diagnosis-state.h"

#define VERSION_LABEL "Product Version = "

static gboolean
run_has_kind (const WsdRun *run, WsdSourceKind kind)
{
  for (guint i = 0; run->evidence != NULL && i < run->evidence->len; i++)
    if (((const WsdEvidence *) g_ptr_array_index (run->evidence, i))->kind == kind)
      return TRUE;
  return FALSE;
}

/* The first URL of a synchronization web service named in @run's evidence. */
char *
wsd_run_sync_url (const WsdRun *run, const WsdEvidence **out_evidence)
{
  for (guint i = 0; run->evidence != NULL && i < run->evidence->len; i++)
    {
      const WsdEvidence *ev = g_ptr_array_index (run->evidence, i);
      WsdSignals signals;
      /* Stack frames name ServerSyncWebServices too: only a URL counts. */
      if (ev->text == NULL || strstr (ev->text, "://") == NULL
          || (strstr (ev->text, "SyncWebService") == NULL && strstr (ev->text, "DssAuthWebService") == NULL))
        continue;
      wsd_signals_extract (ev->text, strlen (ev->text), &signals);
      for (guint h = 0; h < signals.n_hosts; h++)
        {
          const WsdHostRef *ref = &signals.hosts[h];
          g_autofree char *path = NULL;
          if (ref->kind != WSD_HOST_URL || ref->path_length == 0)
            continue;
          path = g_strndup (ev->text + ref->path_offset, ref->path_length);
          if (strstr (path, "SyncWebService") != NULL || strstr (path, "DssAuthWebService") != NULL)
            {
              if (out_evidence != NULL)
                *out_evidence = ev;
              /* from "http" to the end of the path */
              return g_strndup (ev->text + ref->offset - (ev->text[ref->offset - 4] == 's' ? 8 : 7),
                                ref->path_offset + ref->path_length - ref->offset + (ev->text[ref->offset - 4] == 's' ? 8 : 7));
            }
        }
    }
  return NULL;
}

guint
wsd_runs_lower_bound (GPtrArray *runs, gint64 started)
{
  guint low = 0, high = runs->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      if (((const WsdRun *) g_ptr_array_index (runs, mid))->started < started)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

gint
wsd_diagnosis_run_index (WsdDiagnosis *self)
{
  GPtrArray *runs = self->context->server_runs;

  if (self->run_index_known)
    return self->run_index;
  self->run_index_known = TRUE;
  self->run_index = -1;
  if (runs == NULL)
    return -1;
  /* Runs that start in the same microsecond sit side by side. */
  for (guint i = wsd_runs_lower_bound (runs, self->run->started); i < runs->len; i++)
    {
      const WsdRun *other = g_ptr_array_index (runs, i);
      if (other == self->run)
        return self->run_index = (gint) i;
      if (other->started != self->run->started)
        break;
    }
  /* Not sorted after all: fall back to a scan rather than a wrong answer. */
  for (guint i = 0; i < runs->len; i++)
    if (g_ptr_array_index (runs, i) == self->run)
      return self->run_index = (gint) i;
  return -1;
}

/* What a run's neighbours on the same server tell about it: a ConfigMgr
 * sync that found WSUS "not configured" is explained by the last WCM.log
 * attempt before it; a run whose evidence does not name the sync endpoint
 * (a history row) used the endpoint its nearest run names. */
void
wsd_diagnosis_borrow_from_neighbours (WsdDiagnosis *self)
{
  GPtrArray *runs = self->context->server_runs;
  const WsdRun *run = self->run;
  gint at = wsd_diagnosis_run_index (self);

  if (at < 0)
    return;

  if (run->configmgr && !run_has_kind (run, WSD_SOURCE_KIND_WCM_LOG))
    for (gint i = at - 1; i >= 0; i--)
      {
        const WsdRun *before = g_ptr_array_index (runs, i);
        if (run->started - before->started > 3 * G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
          break;
        if (!run_has_kind (before, WSD_SOURCE_KIND_WCM_LOG))
          continue;
        for (guint e = 0; e < before->evidence->len; e++)
          {
            const WsdEvidence *ev = g_ptr_array_index (before->evidence, e);
            if (ev->kind == WSD_SOURCE_KIND_WCM_LOG && ev->level == WSD_LEVEL_ERROR)
              wsd_diagnosis_add_item (self, ev);
          }
        break;
      }

  {
    g_autofree char *own = wsd_run_sync_url (run, NULL);
    if (own == NULL)
      for (guint distance = 1; distance < runs->len && distance <= WSD_NEIGHBOUR_SPAN && self->endpoint_pseudo == NULL; distance++)
        for (int side = -1; side <= 1 && self->endpoint_pseudo == NULL; side += 2)
          {
            gint j = at + side * (gint) distance;
            const WsdEvidence *source = NULL;
            g_autofree char *url = NULL;
            if (j < 0 || j >= (gint) runs->len)
              continue;
            url = wsd_run_sync_url (g_ptr_array_index (runs, j), &source);
            if (url == NULL)
              continue;
            self->endpoint_pseudo = wsd_evidence_copy (source);
            g_free (self->endpoint_pseudo->text);
            self->endpoint_pseudo->text = g_strdup_printf ("Synchronization endpoint of this server: %s", url);
            self->endpoint_pseudo->level = WSD_LEVEL_WARNING;
            wsd_diagnosis_add_item (self, self->endpoint_pseudo);
          }
  }
}

static void
run_fact_free (WsdRunFact *fact)
{
  g_free (fact->value);
  wsd_evidence_free (fact->evidence);
  g_free (fact);
}

void
wsd_run_facts_free (GPtrArray *run_facts)
{
  if (run_facts != NULL)
    g_ptr_array_unref (run_facts);
}

static void
add_fact (WsdDiagnosis *self, const char *path, char *value, const WsdEvidence *evidence)
{
  WsdRunFact *fact = g_new0 (WsdRunFact, 1);

  fact->path = path;
  fact->value = value;
  fact->evidence = wsd_evidence_copy (evidence);
  g_ptr_array_add (self->run_facts, fact);
}

/* The version after the last "Product Version = " in @run's evidence. */
static char *
logged_version (const WsdRun *run, const WsdEvidence **out_evidence)
{
  for (guint i = run->evidence != NULL ? run->evidence->len : 0; i > 0; i--)
    {
      const WsdEvidence *ev = g_ptr_array_index (run->evidence, i - 1);
      const char *at = ev->text != NULL ? strstr (ev->text, VERSION_LABEL) : NULL;
      const char *end;

      if (at == NULL)
        continue;
      at += strlen (VERSION_LABEL);
      for (end = at; g_ascii_isdigit (*end) || *end == '.'; end++)
        ;
      if (end > at && g_ascii_isdigit (at[0]) && memchr (at, '.', end - at) != NULL)
        {
          *out_evidence = ev;
          return g_strndup (at, end - at);
        }
    }
  return NULL;
}

/* The version this run's server logged: in the run, else in the nearest
 * run before it (a version line falls between runs, at a web service
 * start), else the nearest after it. */
static void
derive_version (WsdDiagnosis *self)
{
  GPtrArray *runs = self->context->server_runs;
  const WsdEvidence *source = NULL;
  char *version = logged_version (self->run, &source);
  gint at = version == NULL ? wsd_diagnosis_run_index (self) : -1;

  for (gint i = at - 1; version == NULL && at >= 0 && i >= 0 && i >= at - WSD_NEIGHBOUR_SPAN; i--)
    version = logged_version (g_ptr_array_index (runs, i), &source);
  for (gint i = at + 1; version == NULL && at >= 0 && i < (gint) runs->len && i <= at + WSD_NEIGHBOUR_SPAN; i++)
    version = logged_version (g_ptr_array_index (runs, i), &source);
  if (version != NULL)
    add_fact (self, "wsus_version", version, source);
}

/* Whether the peer is Microsoft Update: from the sync URL the run (or its
 * nearest neighbour) names. A downstream's peer never is. */
static void
derive_microsoft_update (WsdDiagnosis *self)
{
  const WsdEvidence *source = NULL;
  g_autofree char *url = wsd_run_sync_url (self->run, &source);
  WsdSignals signals;
  gboolean microsoft = FALSE;

  if (url == NULL && self->endpoint_pseudo != NULL)
    {
      const char *at = strstr (self->endpoint_pseudo->text, "http");
      source = self->endpoint_pseudo;
      url = at != NULL ? g_strdup (at) : NULL;
    }
  if (url == NULL)
    return;
  wsd_signals_extract (url, strlen (url), &signals);
  for (guint h = 0; h < signals.n_hosts; h++)
    if (signals.hosts[h].kind == WSD_HOST_URL)
      {
        microsoft = wsd_host_is_microsoft (url + signals.hosts[h].offset, signals.hosts[h].length);
        break;
      }
  add_fact (self, "sync_from_microsoft_update",
            g_strdup (microsoft && !self->downstream ? "true" : "false"), source);
}

void
wsd_run_facts_derive (WsdDiagnosis *self)
{
  self->run_facts = g_ptr_array_new_with_free_func ((GDestroyNotify) run_fact_free);
  derive_version (self);
  derive_microsoft_update (self);
}

const char *
wsd_run_fact_value (WsdDiagnosis *self, const char *path)
{
  for (guint i = 0; self->run_facts != NULL && i < self->run_facts->len; i++)
    {
      const WsdRunFact *fact = g_ptr_array_index (self->run_facts, i);
      if (g_str_equal (fact->path, path))
        return fact->value;
    }
  return NULL;
}
