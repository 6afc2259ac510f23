/* wsd-cli-servers.c: the "servers" command. */
#include <json-glib/json-glib.h>

#include "wsd-cli.h"

static void
add_time (JsonBuilder *builder, const char *member, gint64 usec)
{
  g_autofree char *text = wsd_time_format_iso (usec);

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
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

/* What the collector bundle said about the server: when it was
 * collected, its facts (never a password: the readers and the store drop
 * them) and the size of its updates list (null when never collected). */
static void
add_server_facts (JsonBuilder *builder, WsdStore *store, const WsdServer *server)
{
  g_autoptr(WsdServer) full = wsd_store_get_server (store, server->name, NULL);

  add_time (builder, "collected", server->collected);
  json_builder_set_member_name (builder, "facts");
  if (server->facts != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, server->facts);
      json_builder_add_value (builder, g_steal_pointer (&node));
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "update_count");
  if (full != NULL && full->updates != NULL)
    json_builder_add_int_value (builder, full->updates->len);
  else
    json_builder_add_null_value (builder);
}

/* Names and versions come from the evidence: longer ones are cut with "…". */
#define MAX_NAME_WIDTH 48
#define MAX_VERSION_WIDTH 24

/* The text table, its NAME and VERSION columns as wide as their widest
 * cell (in characters, after escaping). */
static gboolean
print_table (WsdStore *store, GPtrArray *servers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) summaries = g_array_sized_new (FALSE, TRUE, sizeof (WsdRunSummary), servers->len);
  guint name_width = strlen ("NAME"), version_width = strlen ("VERSION");
  g_autofree char *name_header = NULL, *version_header = NULL;

  for (guint i = 0; i < servers->len; i++)
    {
      WsdServer *server = servers->pdata[i];
      WsdRunSummary summary = { 0 };
      g_autofree char *name = wsd_cli_cell (server->name, 0, MAX_NAME_WIDTH);
      g_autofree char *version = wsd_cli_cell (server->version != NULL ? server->version : "-", 0, MAX_VERSION_WIDTH);

      if (!wsd_store_summarize_runs (store, server->name, &summary, &error))
        {
          wsd_cli_error ("%s", error->message);
          return FALSE;
        }
      g_array_append_val (summaries, summary);
      name_width = MAX (name_width, wsd_cli_text_width (name));
      version_width = MAX (version_width, wsd_cli_text_width (version));
    }

  name_header = wsd_cli_cell ("NAME", name_width, 0);
  version_header = wsd_cli_cell ("VERSION", version_width, 0);
  wsd_cli_print ("%s %-11s %s %6s %6s  %-20s %s\n", name_header, "ROLE", version_header,
                 "RUNS", "FAILED", "LAST SUCCESS", "LAST RESULT");
  for (guint i = 0; i < servers->len; i++)
    {
      WsdServer *server = servers->pdata[i];
      const WsdRunSummary *summary = &g_array_index (summaries, WsdRunSummary, i);
      g_autofree char *name = wsd_cli_cell (server->name, name_width, MAX_NAME_WIDTH);
      g_autofree char *version = wsd_cli_cell (server->version != NULL ? server->version : "-",
                                               version_width, MAX_VERSION_WIDTH);
      g_autofree char *last_success = wsd_time_format_iso (summary->last_success);

      wsd_cli_print ("%s %-11s %s %6" G_GINT64_FORMAT " %6" G_GINT64_FORMAT "  %-20s %s\n",
                     name, wsd_role_to_string (server->role), version,
                     summary->runs, summary->failed, last_success != NULL ? last_success : "never",
                     summary->runs > 0 ? wsd_result_to_string (summary->last_result) : "-");
    }
  return TRUE;
}

int
wsd_cli_servers (WsdCliContext *context, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— list the servers in the history");
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      wsd_cli_error ("servers: %s", error->message);
      return WSD_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      wsd_cli_error ("servers: unexpected argument “%s”", argv[1]);
      return WSD_CLI_EXIT_USAGE;
    }

  store = wsd_cli_open_store (context);
  if (store == NULL)
    return WSD_CLI_EXIT_FAILURE;
  servers = wsd_store_list_servers (store, &error);
  if (servers == NULL)
    {
      wsd_cli_error ("%s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }

  if (!json)
    return print_table (store, servers) ? WSD_CLI_EXIT_OK : WSD_CLI_EXIT_FAILURE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "servers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < servers->len; i++)
    {
      WsdServer *server = servers->pdata[i];
      WsdRunSummary summary = { 0 };

      if (!wsd_store_summarize_runs (store, server->name, &summary, &error))
        {
          wsd_cli_error ("%s", error->message);
          return WSD_CLI_EXIT_FAILURE;
        }
      json_builder_begin_object (builder);
      add_string_or_null (builder, "name", server->name);
      add_string_or_null (builder, "role", wsd_role_to_string (server->role));
      add_string_or_null (builder, "version", server->version);
      json_builder_set_member_name (builder, "runs");
      json_builder_add_int_value (builder, summary.runs);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, summary.failed);
      add_time (builder, "last_run", summary.last_run);
      add_time (builder, "last_success", summary.last_success);
      add_string_or_null (builder, "last_result",
                          summary.runs > 0 ? wsd_result_to_string (summary.last_result) : NULL);
      json_builder_set_member_name (builder, "failure_streak");
      json_builder_add_int_value (builder, summary.failure_streak);
      add_server_facts (builder, store, server);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  {
    g_autoptr(JsonNode) root = json_builder_get_root (builder);
    wsd_cli_print_json (root);
  }
  return WSD_CLI_EXIT_OK;
}
