/* wsd-incidents.c: retry chains of downstream servers and ConfigMgr. */
#include <string.h>

#include "wsd-incidents.h"
#include "wsd-signals.h"

/* "The proxy name could not be resolved: 'x'" (in the .NET languages):
 * the quoted name is the proxy's, not the peer's. */
static gboolean
names_proxy_before (const char *text, guint offset)
{
  static const char * const words[] = { "proxy", "Proxy", "прокси", "プロキシ", "代理", "프록시", NULL };
  guint start = offset;

  while (start > 0 && text[start - 1] != '\n')
    start--;
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *line = g_strndup (text + start, offset - start);
      if (strstr (line, words[i]) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
text_names_non_microsoft (const char *text, const char *proxy)
{
  WsdSignals signals;

  if (text == NULL || strstr (text, "HmtWebServices.") != NULL)
    return FALSE;
  wsd_signals_extract (text, strlen (text), &signals);
  for (guint i = 0; i < signals.n_hosts; i++)
    {
      const WsdHostRef *ref = &signals.hosts[i];
      const char *host = text + ref->offset;
      if (ref->kind == WSD_HOST_ENDPOINT || g_ascii_isdigit (host[0]))
        continue;
      if (ref->kind == WSD_HOST_QUOTED && names_proxy_before (text, ref->offset))
        continue;
      if (proxy != NULL && wsd_host_names_match (host, ref->length, proxy, strlen (proxy)))
        continue;
      if (ref->kind == WSD_HOST_URL && memchr (host, '.', ref->length) == NULL)
        continue;   /* http://localhost… */
      if (!wsd_host_is_microsoft (host, ref->length))
        return TRUE;
    }
  return FALSE;
}

gboolean
wsd_run_names_non_microsoft_peer (const WsdRun *run, const WsdServer *server)
{
  const char *proxy = server != NULL ? wsd_server_fact_string (server, "proxy.host") : NULL;

  if (text_names_non_microsoft (run->error_text, proxy))
    return TRUE;
  for (guint i = 0; run->evidence != NULL && i < run->evidence->len; i++)
    {
      const WsdEvidence *ev = g_ptr_array_index (run->evidence, i);
      if (ev->kind == WSD_SOURCE_KIND_EVENT)
        continue;
      if (text_names_non_microsoft (ev->text, proxy))
        return TRUE;
    }
  return FALSE;
}

static void
set_incident (WsdRun *run, const WsdRun *first, int attempt)
{
  g_autofree char *iso = wsd_time_format_iso (first->started);
  g_free (run->incident);
  run->incident = g_strdup_printf ("%s@%s", first->server != NULL ? first->server : "", iso != NULL ? iso : "");
  run->attempt = attempt;
}

void
wsd_incidents_assign (GPtrArray *runs, const WsdServer *server)
{
  gboolean value = FALSE;
  gboolean from_microsoft = server != NULL && wsd_server_fact_bool (server, "sync_from_microsoft_update", &value) && value;
  WsdRole role = server != NULL ? wsd_server_role_from_facts (server) : WSD_ROLE_UNKNOWN;
  gboolean downstream = role == WSD_ROLE_DOWNSTREAM || role == WSD_ROLE_REPLICA;

  for (guint i = 0; i < runs->len; i++)
    {
      WsdRun *run = g_ptr_array_index (runs, i);
      g_clear_pointer (&run->incident, g_free);
      run->attempt = 0;
    }
  if (!downstream && !from_microsoft)
    for (guint i = 0; i < runs->len && !downstream; i++)
      {
        const WsdRun *run = g_ptr_array_index (runs, i);
        downstream = run->result == WSD_RESULT_FAILED && !run->configmgr
                     && wsd_run_names_non_microsoft_peer (run, server);
      }

  for (guint i = 0; i < runs->len; i++)
    {
      WsdRun *first = g_ptr_array_index (runs, i);
      g_autoptr(GPtrArray) chain = NULL;
      gint64 min_gap, max_gap;
      guint max_attempts;

      if (first->incident != NULL || first->result != WSD_RESULT_FAILED)
        continue;
      if (first->configmgr)
        {
          min_gap = WSD_CM_RETRY_MIN_GAP;
          max_gap = WSD_CM_RETRY_MAX_GAP;
          max_attempts = G_MAXUINT;
        }
      else if (first->type == WSD_RUN_TYPE_SCHEDULED && !from_microsoft)
        {
          min_gap = WSD_RETRY_MIN_GAP;
          max_gap = WSD_RETRY_MAX_GAP;
          max_attempts = 3;
        }
      else
        continue;

      chain = g_ptr_array_new ();
      g_ptr_array_add (chain, first);
      for (guint k = i + 1; k < runs->len && chain->len < max_attempts; k++)
        {
          WsdRun *prev = g_ptr_array_index (chain, chain->len - 1);
          WsdRun *next = g_ptr_array_index (runs, k);
          gint64 gap = next->started - prev->started;

          if (next->type == WSD_RUN_TYPE_MANUAL && !first->configmgr)
            continue;   /* an admin's manual sync does not break the schedule */
          if (next->configmgr != first->configmgr || gap < min_gap || gap > max_gap)
            break;
          g_ptr_array_add (chain, next);
          if (next->result != WSD_RESULT_FAILED)
            break;
        }
      if (first->configmgr && chain->len < 2)
        continue;
      if (!first->configmgr && !downstream && chain->len < 3)
        continue;
      for (guint a = 0; a < chain->len; a++)
        set_incident (g_ptr_array_index (chain, a), first, (int) a);
    }
}
