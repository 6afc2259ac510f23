/* wsd-diagnoser-detail.c: run-specific values for a rule's Detail lines. */
#include "wsd-config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "wsd-diagnosis-state.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

static char *
first_host (WsdHit *hit, WsdHostKind kind, gboolean with_port)
{
  for (guint i = 0; i < hit->items->len; i++)
    {
      const WsdItem *item = g_ptr_array_index (hit->items, i);
      for (guint h = 0; h < item->signals.n_hosts; h++)
        {
          const WsdHostRef *ref = &item->signals.hosts[h];
          if (ref->kind != kind)
            continue;
          if (with_port && ref->port != 0)
            return g_strdup_printf ("%.*s:%u", (int) ref->length, item->text + ref->offset, ref->port);
          return g_strndup (item->text + ref->offset, ref->length);
        }
    }
  return NULL;
}

/* Text of a record without the SoftwareDistribution.log line prefix. */
static const char *
skip_log_prefix (const char *text)
{
  if (strlen (text) > 24 && g_ascii_isdigit (text[0]) && text[4] == '-' && text[10] == ' '
      && strncmp (text + 23, " UTC", 4) == 0)
    {
      const char *p = text + 27;
      for (int field = 0; field < 4 && *p; field++)
        {
          while (*p == ' ' || *p == '\t')
            p++;
          while (*p && *p != '\t' && *p != ' ')
            p++;
        }
      while (*p == ' ' || *p == '\t')
        p++;
      return p;
    }
  return text;
}

static const WsdItem *
final_item (WsdDiagnosis *self)
{
  const WsdItem *last = NULL;
  for (guint i = 0; i < self->items->len; i++)
    {
      const WsdItem *item = wsd_diagnosis_item (self, i);
      if (item->role == WSD_ITEM_FINAL && item->event_id != 386)
        return item;   /* the first of the final block carries the most detail */
      if (item->role == WSD_ITEM_FINAL || item->role == WSD_ITEM_SUPPORT)
        last = item;
    }
  return last;
}

static char *
first_line (WsdDiagnosis *self)
{
  const char *text = self->run->error_text;
  const char *end;

  if (text == NULL || *text == '\0')
    {
      const WsdItem *item = final_item (self);
      if (item == NULL)
        return NULL;
      text = skip_log_prefix (item->text);
    }
  end = strpbrk (text, "\r\n");
  return end != NULL ? g_strndup (text, end - text) : g_strdup (text);
}

static char *
exception_type (WsdDiagnosis *self)
{
  g_autofree char *line = first_line (self);
  const char *found;
  const char *start;

  if (line == NULL || (found = strstr (line, "Exception")) == NULL)
    return NULL;
  start = found;
  while (start > line && (g_ascii_isalnum (start[-1]) || start[-1] == '.' || start[-1] == '_'))
    start--;
  if (start == found)
    return NULL;
  {
    const char *dot = g_strrstr_len (start, found - start, ".");
    if (dot != NULL)
      start = dot + 1;
  }
  return g_strndup (start, found + strlen ("Exception") - start);
}

static char *
where (WsdDiagnosis *self)
{
  const WsdItem *item = final_item (self);
  if (item != NULL && item->evidence->source_path != NULL)
    {
      if (item->evidence->line > 0)
        return g_strdup_printf ("%s:%u", item->evidence->source_path, item->evidence->line);
      return g_strdup (item->evidence->source_path);
    }
  return g_strdup (_("the WSUS console: Synchronizations, the failed synchronization, Details"));
}

static char *
quoted_path (WsdHit *hit)
{
  for (guint i = 0; i < hit->items->len; i++)
    {
      const WsdItem *item = g_ptr_array_index (hit->items, i);
      const char *end = item->text + item->length;
      for (const char *p = item->text; p < end; p++)
        if (*p == '\'')
          {
            const char *close = memchr (p + 1, '\'', end - p - 1);
            if (close == NULL)
              break;
            if (memchr (p + 1, '\\', close - p - 1) != NULL)
              return g_strndup (p + 1, close - p - 1);
            p = close;
          }
    }
  return NULL;
}

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M UTC") : NULL;
}

static const WsdRun *
incident_first (WsdDiagnosis *self)
{
  GPtrArray *runs = self->context->server_runs;
  gint at = wsd_diagnosis_run_index (self);

  /* An incident's attempts are consecutive runs: look back from this one. */
  for (gint i = at; at >= 0 && i >= 0 && i >= at - WSD_NEIGHBOUR_SPAN; i--)
    {
      const WsdRun *other = g_ptr_array_index (runs, i);
      if (other->attempt == 0 && g_strcmp0 (other->incident, self->run->incident) == 0)
        return other;
    }
  return self->run->attempt == 0 ? self->run : NULL;
}

static char *
next_day (WsdDiagnosis *self)
{
  const char *first_sync = self->server != NULL ? wsd_server_fact_string (self->server, "schedule.first_sync_utc") : NULL;
  const WsdRun *first = incident_first (self);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) day = NULL;
  int h = 0, m = 0, s = 0;

  if (first_sync == NULL || sscanf (first_sync, "%d:%d:%d", &h, &m, &s) < 2 || first == NULL)
    return NULL;
  start = g_date_time_new_from_unix_utc ((first->started) / G_USEC_PER_SEC);
  day = g_date_time_new_utc (g_date_time_get_year (start), g_date_time_get_month (start),
                             g_date_time_get_day_of_month (start), h, m, s);
  if (day == NULL)
    return NULL;
  {
    g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);
    return g_date_time_format (next, "%Y-%m-%d %H:%M UTC");
  }
}

static char *
fact (WsdDiagnosis *self, const char *path)
{
  const char *value = self->server != NULL ? wsd_server_fact_string (self->server, path) : NULL;
  gint64 number;

  if (value != NULL)
    return g_strdup (value);
  if (self->server != NULL && wsd_server_fact_int (self->server, path, &number))
    return g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return NULL;
}

static char *
languages (const WsdServer *server)
{
  JsonNode *node = server != NULL ? wsd_server_fact_node (server, "languages") : NULL;
  GString *text;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (node), i);
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        g_string_append_printf (text, "%s%s", text->len ? ", " : "", json_node_get_string (e));
    }
  return g_string_free (text, FALSE);
}

static char *
value_for (WsdDiagnosis *self, WsdHit *hit, const char *name)
{
  const WsdRun *run = self->run;

  if (g_str_equal (name, "host"))
    {
      char *host = first_host (hit, WSD_HOST_QUOTED, FALSE);
      if (host == NULL && hit->items->len == 0)
        return NULL;
      return host != NULL ? host : first_host (hit, WSD_HOST_URL, FALSE);
    }
  if (g_str_equal (name, "endpoint"))
    {
      char *endpoint = first_host (hit, WSD_HOST_ENDPOINT, TRUE);
      return endpoint != NULL ? endpoint : first_host (hit, WSD_HOST_URL, TRUE);
    }
  if (g_str_equal (name, "proxy"))
    return self->proxy_host == NULL ? NULL
           : self->proxy_port > 0 ? g_strdup_printf ("%s:%" G_GINT64_FORMAT, self->proxy_host, self->proxy_port)
           : g_strdup (self->proxy_host);
  if (g_str_equal (name, "proxy_user"))
    {
      g_autofree char *user = fact (self, "proxy.user");
      g_autofree char *domain = fact (self, "proxy.domain");
      if (user == NULL || self->proxy_host == NULL)
        return NULL;
      return domain != NULL ? g_strdup_printf ("%s\\%s", domain, user) : g_steal_pointer (&user);
    }
  if (g_str_equal (name, "path"))
    {
      char *path = quoted_path (hit);
      return path != NULL ? path : fact (self, "content.local_path");
    }
  if (g_str_equal (name, "exception"))
    return exception_type (self);
  if (g_str_equal (name, "first_line"))
    return first_line (self);
  if (g_str_equal (name, "where"))
    return where (self);
  if (g_str_equal (name, "phase"))
    {
      WsdPhase phase = run->phase;
      if (phase == WSD_PHASE_NONE || phase == WSD_PHASE_UNKNOWN)
        {
          const WsdItem *item = final_item (self);
          phase = wsd_phase_from_text (run->error_text != NULL && *run->error_text ? run->error_text
                                       : item != NULL ? item->text : NULL);
        }
      return phase == WSD_PHASE_UNKNOWN || phase == WSD_PHASE_NONE ? NULL : g_strdup (wsd_phase_to_string (phase));
    }
  if (g_str_equal (name, "status") || g_str_equal (name, "code"))
    {
      gboolean status = g_str_equal (name, "status");
      for (guint i = 0; i < hit->items->len; i++)
        {
          const WsdItem *item = g_ptr_array_index (hit->items, i);
          if (status && item->signals.n_statuses > 0)
            return g_strdup_printf ("%u", item->signals.statuses[0]);
          if (!status && item->signals.n_soap > 0)
            return g_strndup (item->text + item->signals.soap_offsets[item->signals.n_soap - 1],
                              item->signals.soap_lengths[item->signals.n_soap - 1]);
        }
      return NULL;
    }
  if (g_str_equal (name, "version"))
    {
      char *version = self->server != NULL && self->server->version != NULL ? g_strdup (self->server->version)
                      : fact (self, "wsus_version");
      return version != NULL ? version : g_strdup (wsd_run_fact_value (self, "wsus_version"));
    }
  if (g_str_equal (name, "bits_start_type"))
    return fact (self, "services.BITS.start_type");
  if (g_str_equal (name, "mu_url"))
    return fact (self, "mu_url");
  if (g_str_equal (name, "memory_kb"))
    return fact (self, "iis.wsuspool_private_memory_kb");
  if (g_str_equal (name, "acl"))
    {
      for (guint i = 0; i < hit->extra->len; i++)
        {
          const WsdEvidence *ev = g_ptr_array_index (hit->extra, i);
          if (g_str_has_prefix (ev->text, "server.content.acl = "))
            return g_strdup (ev->text + strlen ("server.content.acl = "));
        }
      return NULL;
    }
  if (g_str_equal (name, "files"))
    {
      GString *files = g_string_new (NULL);
      guint n = 0;
      for (guint i = 0; i < hit->items->len && n < 5; i++)
        {
          const WsdItem *item = g_ptr_array_index (hit->items, i);
          for (guint h = 0; h < item->signals.n_hosts && n < 5; h++)
            {
              const WsdHostRef *ref = &item->signals.hosts[h];
              g_autofree char *url = NULL;
              /* SOAP action names (www.microsoft.com/SoftwareDistribution/…) are not files. */
              if (ref->kind != WSD_HOST_URL || ref->path_length == 0
                  || (ref->length == 17 && strncmp (item->text + ref->offset, "www.microsoft.com", 17) == 0))
                continue;
              url = g_strndup (item->text + ref->path_offset, ref->path_length);
              if (strstr (files->str, url) != NULL || g_str_has_suffix (url, ".asmx"))
                continue;
              g_string_append_printf (files, "%s%s", files->len ? ", " : "", url);
              n++;
            }
        }
      return n > 0 ? g_string_free (files, FALSE) : (g_string_free (files, TRUE), NULL);
    }
  if (g_str_equal (name, "updates") || g_str_equal (name, "missing") || g_str_equal (name, "present")
      || g_str_equal (name, "upstream"))
    {
      const WsdServer *upstream = self->context->upstream;
      g_autoptr(GPtrArray) missing = NULL;
      g_autoptr(GPtrArray) present = NULL;
      if (g_str_equal (name, "upstream"))
        return upstream != NULL ? g_strdup (upstream->name) : NULL;
      if (g_str_equal (name, "updates"))
        {
          g_autoptr(GPtrArray) ids = wsd_diagnosis_failed_updates (self);
          GString *text;
          if (ids->len == 0)
            return NULL;
          text = g_string_new (NULL);
          for (guint i = 0; i < ids->len && i < 10; i++)
            g_string_append_printf (text, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (ids, i));
          return g_string_free (text, FALSE);
        }
      {
        GPtrArray *list;
        GString *text;
        if (!wsd_diagnosis_split_by_upstream (self, &missing, &present))
          return NULL;
        list = g_str_equal (name, "missing") ? missing : present;
        if (list->len == 0)
          return NULL;
        text = g_string_new (NULL);
        for (guint i = 0; i < list->len && i < 10; i++)
          g_string_append_printf (text, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (list, i));
        return g_string_free (text, FALSE);
      }
    }
  if (g_str_equal (name, "parent"))
    return self->context->upstream != NULL ? g_strdup (self->context->upstream->name) : NULL;
  if (g_str_equal (name, "parent_count") || g_str_equal (name, "replica_count"))
    {
      const WsdServer *server = g_str_equal (name, "parent_count") ? self->context->upstream : self->server;
      gint64 count;
      if (server == NULL || self->context->upstream == NULL || !wsd_server_fact_int (server, "approved_update_count", &count))
        return NULL;
      return g_strdup_printf ("%" G_GINT64_FORMAT, count);
    }
  if (g_str_equal (name, "parent_languages") || g_str_equal (name, "replica_languages"))
    {
      if (self->context->upstream == NULL)
        return NULL;
      return languages (g_str_equal (name, "parent_languages") ? self->context->upstream : self->server);
    }
  if (g_str_equal (name, "count"))
    return hit->items->len > 0 ? g_strdup_printf ("%u", hit->items->len) : NULL;
  if (g_str_equal (name, "events"))
    {
      GString *text = g_string_new (NULL);
      for (guint i = 0; i < hit->items->len; i++)
        {
          const WsdItem *item = g_ptr_array_index (hit->items, i);
          g_autofree char *id = g_strdup_printf ("%u", item->event_id);
          if (item->event_id != 0 && strstr (text->str, id) == NULL)
            g_string_append_printf (text, "%s%s", text->len ? ", " : "", id);
        }
      return text->len > 0 ? g_string_free (text, FALSE) : (g_string_free (text, TRUE), NULL);
    }
  if (g_str_equal (name, "update_errors"))
    {
      GString *text;
      if (run->update_errors == NULL || run->update_errors->len == 0)
        return NULL;
      text = g_string_new (NULL);
      for (guint i = 0; i < run->update_errors->len && i < 10; i++)
        {
          const WsdUpdateError *ue = g_ptr_array_index (run->update_errors, i);
          g_string_append_printf (text, "%s%s (%s)", i ? ", " : "", ue->update_id, ue->error ? ue->error : "?");
        }
      return g_string_free (text, FALSE);
    }
  if (g_str_equal (name, "error"))
    return g_strdup (run->error);
  if (g_str_equal (name, "issuer"))
    {
      const WsdProbeResult *probe = self->context->probe;
      for (guint t = 0; probe != NULL && t < probe->targets->len; t++)
        {
          const WsdProbeTarget *target = g_ptr_array_index (probe->targets, t);
          for (guint s = 0; s < target->steps->len; s++)
            {
              const WsdProbeStep *step = g_ptr_array_index (target->steps, s);
              if (step->step == WSD_PROBE_STEP_TLS && step->detail != NULL)
                return g_strdup (step->detail);
            }
        }
      return NULL;
    }
  if (g_str_equal (name, "schannel_missing"))
    {
      gboolean seen = TRUE;
      return self->server != NULL && wsd_server_fact_bool (self->server, "tls.schannel_lines_seen", &seen) && !seen
             ? g_strdup ("") : NULL;
    }
  if (g_str_equal (name, "if_first"))
    return run->incident != NULL && run->attempt == 0 ? g_strdup ("") : NULL;
  if (g_str_equal (name, "retry"))
    return run->attempt > 0 ? g_strdup_printf ("%d", run->attempt) : NULL;
  if (g_str_equal (name, "first"))
    {
      const WsdRun *first = incident_first (self);
      return first != NULL ? format_time (first->started) : NULL;
    }
  if (g_str_equal (name, "next_retry"))
    return run->incident != NULL && run->attempt < 2 ? format_time (run->started + 15 * MINUTE) : NULL;
  if (g_str_equal (name, "next_day"))
    return run->attempt == 2 ? next_day (self) : NULL;
  if (g_str_equal (name, "if_no_schedule"))
    {
      g_autofree char *day = run->attempt == 2 ? next_day (self) : NULL;
      return run->attempt == 2 && day == NULL ? g_strdup ("") : NULL;
    }
  return NULL;
}

char *
wsd_render_detail (WsdDiagnosis *self, WsdHit *hit, char **templates)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; templates != NULL && templates[i] != NULL; i++)
    {
      GString *line = g_string_new (NULL);
      const char *p = templates[i];
      gboolean complete = TRUE;

      while (*p && complete)
        {
          const char *open = strchr (p, '{');
          const char *close = open != NULL ? strchr (open, '}') : NULL;
          g_autofree char *name = NULL;
          g_autofree char *value = NULL;

          if (open == NULL || close == NULL)
            {
              g_string_append (line, p);
              break;
            }
          g_string_append_len (line, p, open - p);
          name = g_strndup (open + 1, close - open - 1);
          value = value_for (self, hit, name);
          if (value == NULL)
            complete = FALSE;
          else
            g_string_append (line, value);
          p = close + 1;
        }
      if (complete && line->len > 0)
        g_string_append_printf (out, "%s%s", out->len ? "\n" : "", line->str);
      g_string_free (line, TRUE);
    }
  return out->len > 0 ? g_string_free (out, FALSE) : (g_string_free (out, TRUE), NULL);
}
