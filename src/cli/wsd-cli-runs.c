/* wsd-cli-runs.c: the "runs" command. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "wsd-cli.h"

/* "2026-11-20", "2026-11-20T03:00:00", "2026-11-20 03:00:00" (UTC) or ISO
 * 8601 with a zone; 0 when it is none of these. */
static gint64
parse_date (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *iso = NULL;
  int y, m, d;
  char tail;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen (text) == 10)
    when = g_date_time_new (utc, y, m, d, 0, 0, 0);
  else
    {
      iso = g_strdup (text);
      if (strlen (iso) > 10 && iso[10] == ' ')
        iso[10] = 'T';
      when = g_date_time_new_from_iso8601 (iso, utc);
    }
  return when != NULL ? g_date_time_to_unix (when) * G_USEC_PER_SEC
                        + g_date_time_get_microsecond (when) : 0;
}

static void
add_string_or_null (JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder, const char *member, gint64 usec)
{
  g_autofree char *text = wsd_time_format_iso (usec);
  add_string_or_null (builder, member, text);
}

/* The files a run's evidence came from, each with its first line. */
static void
add_sources (JsonBuilder *builder, const WsdRun *run)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < run->evidence->len; i++)
    {
      WsdEvidence *evidence = run->evidence->pdata[i];

      if (evidence->source_path == NULL || g_hash_table_contains (seen, evidence->source_path))
        continue;
      g_hash_table_add (seen, evidence->source_path);
      json_builder_begin_object (builder);
      add_string_or_null (builder, "path", evidence->source_path);
      json_builder_set_member_name (builder, "line");
      if (evidence->line > 0)
        json_builder_add_int_value (builder, evidence->line);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_run (JsonBuilder *builder, const WsdRun *run)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, run->id);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "id", id);
  add_string_or_null (builder, "server", run->server);
  add_time (builder, "started", run->started);
  add_time (builder, "finished", run->finished);
  add_string_or_null (builder, "type", wsd_run_type_to_string (run->type));
  add_string_or_null (builder, "result", wsd_result_to_string (run->result));
  add_string_or_null (builder, "error", run->error);
  add_string_or_null (builder, "error_text", run->error_text);
  add_string_or_null (builder, "phase", wsd_phase_to_string (run->phase));
  if (run->new_updates >= 0 || run->revised_updates >= 0 || run->expired_updates >= 0)
    {
      const char *names[] = { "new_updates", "revised_updates", "expired_updates" };
      int values[] = { run->new_updates, run->revised_updates, run->expired_updates };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          json_builder_set_member_name (builder, names[i]);
          if (values[i] >= 0)
            json_builder_add_int_value (builder, values[i]);
          else
            json_builder_add_null_value (builder);
        }
    }
  add_sources (builder, run);
  json_builder_end_object (builder);
}

/* First line of @text, at most @max characters. */
static char *
first_line (const char *text, guint max)
{
  const char *nl;
  g_autofree char *line = NULL;

  if (text == NULL)
    return g_strdup ("");
  nl = strchr (text, '\n');
  line = nl != NULL ? g_strndup (text, nl - text) : g_strdup (text);
  g_strchomp (line);
  if (g_utf8_strlen (line, -1) > max)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, max - 1);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&line);
}

/* Longer server names are cut with "…" so the table stays readable. */
#define MAX_SERVER_WIDTH 48

static void
print_table (GPtrArray *runs, gboolean with_server)
{
  guint server_width = strlen ("SERVER");

  for (guint i = 0; with_server && i < runs->len; i++)
    {
      g_autofree char *cell = wsd_cli_cell (((WsdRun *) runs->pdata[i])->server, 0, MAX_SERVER_WIDTH);
      server_width = MAX (server_width, wsd_cli_text_width (cell));
    }
  if (with_server)
    {
      g_autofree char *header = wsd_cli_cell ("SERVER", server_width, 0);
      wsd_cli_print ("%s ", header);
    }
  wsd_cli_print ("%-20s %-20s %-9s %-9s %-13s %s\n", "STARTED", "FINISHED", "TYPE", "RESULT", "PHASE", "ERROR");
  for (guint i = 0; i < runs->len; i++)
    {
      WsdRun *run = runs->pdata[i];
      g_autofree char *started = wsd_time_format_iso (run->started);
      g_autofree char *finished = wsd_time_format_iso (run->finished);
      g_autofree char *error = first_line (run->error != NULL ? run->error : run->error_text, 60);
      const char *phase = wsd_phase_to_string (run->phase);

      if (with_server)
        {
          g_autofree char *cell = wsd_cli_cell (run->server != NULL ? run->server : "-", server_width,
                                                MAX_SERVER_WIDTH);
          wsd_cli_print ("%s ", cell);
        }
      wsd_cli_print ("%-20s %-20s %-9s %-9s %-13s %s\n", started, finished != NULL ? finished : "-",
               wsd_run_type_to_string (run->type), wsd_result_to_string (run->result),
               phase != NULL ? phase : "-", error);
    }
}

int
wsd_cli_runs (WsdCliContext *context, int argc, char **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *since = NULL;
  gboolean failed = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "Only runs of this server", "NAME" },
    { "failed", 0, 0, G_OPTION_ARG_NONE, &failed, "Only failed or canceled runs", NULL },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, "Only runs started at or after DATE (UTC)", "DATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— list synchronization runs, oldest first");
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  WsdRunQuery query;
  gboolean several_servers = FALSE;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      wsd_cli_error ("runs: %s", error->message);
      return WSD_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      wsd_cli_error ("runs: unexpected argument “%s”", argv[1]);
      return WSD_CLI_EXIT_USAGE;
    }

  wsd_run_query_init (&query);
  query.server = server;
  query.failed_only = failed;
  query.with_evidence = json;
  if (since != NULL && (query.since = parse_date (since)) == 0)
    {
      wsd_cli_error ("runs: --since: “%s” is not a date (use 2026-11-20 or 2026-11-20T03:00:00Z)", since);
      return WSD_CLI_EXIT_USAGE;
    }

  store = wsd_cli_open_store (context);
  if (store == NULL)
    return WSD_CLI_EXIT_FAILURE;
  if (server != NULL)
    {
      g_autofree char *name = NULL;
      if (!wsd_cli_resolve_server (store, server, &name, &error))
        {
          wsd_cli_error ("runs: %s", error->message);
          return WSD_CLI_EXIT_FAILURE;
        }
      g_free (server);
      server = g_steal_pointer (&name);
      query.server = server;
    }
  runs = wsd_store_list_runs (store, &query, &error);
  if (runs == NULL)
    {
      wsd_cli_error ("%s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }

  if (!json)
    {
      for (guint i = 1; i < runs->len; i++)
        if (g_strcmp0 (((WsdRun *) runs->pdata[i])->server, ((WsdRun *) runs->pdata[0])->server) != 0)
          several_servers = TRUE;
      print_table (runs, several_servers);
      return WSD_CLI_EXIT_OK;
    }

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "runs");
    json_builder_begin_array (builder);
    for (guint i = 0; i < runs->len; i++)
      add_run (builder, runs->pdata[i]);
    json_builder_end_array (builder);
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    wsd_cli_print_json (root);
  }
  return WSD_CLI_EXIT_OK;
}
