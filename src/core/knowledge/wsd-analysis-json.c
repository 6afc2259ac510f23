/* wsd-analysis-json.c: the diagnose --json contract (DESIGN.md). */
#include <string.h>

#include "wsd-analysis.h"

static void
add_string_or_null (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_time (JsonBuilder *b, const char *member, gint64 usec)
{
  g_autofree char *iso = wsd_time_format_iso (usec);
  add_string_or_null (b, member, iso);
}

static void
add_strv (JsonBuilder *b, const char *member, char **list)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (list[i][0] != '\0')
      json_builder_add_string_value (b, list[i]);
  json_builder_end_array (b);
}

static void
add_evidence (JsonBuilder *b, const WsdEvidence *ev)
{
  json_builder_begin_object (b);
  add_string_or_null (b, "path", ev->source_path);
  json_builder_set_member_name (b, "line");
  if (ev->line > 0)
    json_builder_add_int_value (b, ev->line);
  else
    json_builder_add_null_value (b);
  add_string_or_null (b, "kind", wsd_source_kind_to_string (ev->kind));
  if (ev->time != 0)
    add_time (b, "time", ev->time);
  add_string_or_null (b, "text", ev->text);
  json_builder_end_object (b);
}

JsonNode *
wsd_finding_to_json (const WsdFinding *finding)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string_or_null (b, "rule", finding->rule);
  add_string_or_null (b, "kind", wsd_finding_kind_to_string (finding->kind));
  add_string_or_null (b, "title", finding->title);
  json_builder_set_member_name (b, "confidence");
  json_builder_add_double_value (b, ((int) (finding->confidence * 100 + 0.5)) / 100.0);
  add_string_or_null (b, "summary", finding->summary);
  add_string_or_null (b, "detail", finding->detail);
  json_builder_set_member_name (b, "evidence");
  json_builder_begin_array (b);
  for (guint i = 0; finding->evidence != NULL && i < finding->evidence->len; i++)
    add_evidence (b, g_ptr_array_index (finding->evidence, i));
  json_builder_end_array (b);
  add_strv (b, "steps", finding->steps);
  add_string_or_null (b, "notes", finding->notes);
  add_strv (b, "references", finding->references);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
add_sources (JsonBuilder *b, const WsdRun *run)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; run->evidence != NULL && i < run->evidence->len; i++)
    {
      const WsdEvidence *ev = g_ptr_array_index (run->evidence, i);
      gpointer line;
      if (ev->source_path == NULL)
        continue;
      if (!g_hash_table_lookup_extended (seen, ev->source_path, NULL, &line))
        {
          g_hash_table_insert (seen, g_strdup (ev->source_path), GUINT_TO_POINTER (ev->line));
          g_ptr_array_add (order, ev->source_path);
        }
      else if (ev->line > 0 && (GPOINTER_TO_UINT (line) == 0 || ev->line < GPOINTER_TO_UINT (line)))
        g_hash_table_insert (seen, g_strdup (ev->source_path), GUINT_TO_POINTER (ev->line));
    }
  json_builder_set_member_name (b, "sources");
  json_builder_begin_array (b);
  for (guint i = 0; i < order->len; i++)
    {
      guint line = GPOINTER_TO_UINT (g_hash_table_lookup (seen, g_ptr_array_index (order, i)));
      json_builder_begin_object (b);
      add_string_or_null (b, "path", g_ptr_array_index (order, i));
      json_builder_set_member_name (b, "line");
      if (line > 0)
        json_builder_add_int_value (b, line);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
wsd_analysis_to_json (WsdAnalysis *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_time (b, "generated", self->generated);
  json_builder_set_member_name (b, "servers");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->servers->len; i++)
    {
      const WsdServer *server = g_ptr_array_index (self->servers, i);
      GPtrArray *config = g_hash_table_lookup (self->config_findings, server->name);
      if (wsd_server_name_is_unnamed (server->name))
        continue;
      json_builder_begin_object (b);
      add_string_or_null (b, "name", server->name);
      add_string_or_null (b, "role", wsd_role_to_string (server->role));
      add_string_or_null (b, "version", server->version != NULL ? server->version
                          : wsd_server_fact_string (server, "wsus_version"));
      json_builder_set_member_name (b, "configuration");
      json_builder_begin_array (b);
      for (guint f = 0; config != NULL && f < config->len; f++)
        json_builder_add_value (b, wsd_finding_to_json (g_ptr_array_index (config, f)));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->runs->len; i++)
    {
      const WsdRunDiagnosis *d = g_ptr_array_index (self->runs, i);
      const WsdRun *run = d->run;
      g_autofree char *id = run->id != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, run->id) : NULL;

      json_builder_begin_object (b);
      add_string_or_null (b, "id", id);
      add_string_or_null (b, "server", wsd_server_name_is_unnamed (run->server) ? NULL : run->server);
      add_time (b, "started", run->started);
      add_time (b, "finished", run->finished);
      add_string_or_null (b, "type", wsd_run_type_to_string (run->type));
      add_string_or_null (b, "result", wsd_result_to_string (run->result));
      add_string_or_null (b, "error", run->error);
      add_string_or_null (b, "error_text", run->error_text);
      add_string_or_null (b, "phase", wsd_phase_to_string (run->phase));
      add_string_or_null (b, "incident", run->incident);
      if (run->incident != NULL)
        {
          json_builder_set_member_name (b, "attempt");
          json_builder_add_int_value (b, run->attempt);
        }
      json_builder_set_member_name (b, "approximate_times");
      json_builder_add_boolean_value (b, run->approximate_times);
      add_sources (b, run);
      json_builder_set_member_name (b, "findings");
      json_builder_begin_array (b);
      for (guint f = 0; f < d->findings->len; f++)
        json_builder_add_value (b, wsd_finding_to_json (g_ptr_array_index (d->findings, f)));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
