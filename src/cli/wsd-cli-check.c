/* wsd-cli-check.c: the "check" command, a monitoring plugin: one status
 * line and the exit codes 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
#include <glib/gi18n.h>

#include "wsd-cli-analysis.h"

enum { CHECK_OK = 0, CHECK_WARNING = 1, CHECK_CRITICAL = 2, CHECK_UNKNOWN = 3 };

static const char * const state_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

static char *
short_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = usec != 0 ? g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC) : NULL;
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M UTC") : g_strdup ("?");
}

int
wsd_cli_check (WsdCliContext *context, int argc, char **argv)
{
  g_autofree char *server = NULL;
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "Only this server", "NAME" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "[PATH…]" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("[PATH…] — monitoring check of the last synchronization");
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdAnalysis) analysis = NULL;
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) last_success = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) message = g_string_new (NULL);
  int state = CHECK_OK;
  GHashTableIter iter;
  gpointer key, value;
  guint n_servers = 0, n_failed = 0;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      wsd_cli_print ("WSUS SYNC UNKNOWN - %s\n", error->message);
      return CHECK_UNKNOWN;
    }
  analysis = wsd_cli_analyse (context, (const char *const *) paths, server, "check", &error);
  if (analysis == NULL)
    {
      /* A monitoring plugin that cannot tell says UNKNOWN, on stdout. */
      wsd_cli_print ("WSUS SYNC UNKNOWN - %s\n", error->message);
      return CHECK_UNKNOWN;
    }

  /* Runs are ordered by start: the last one seen per server is its latest. */
  for (guint i = 0; i < analysis->runs->len; i++)
    {
      WsdRunDiagnosis *d = g_ptr_array_index (analysis->runs, i);
      const char *name = d->run->server != NULL ? d->run->server : "(unnamed)";
      g_hash_table_insert (last, (gpointer) name, d);
      if (d->run->result == WSD_RESULT_SUCCEEDED)
        g_hash_table_insert (last_success, (gpointer) name, d);
    }
  if (g_hash_table_size (last) == 0)
    {
      wsd_cli_print ("WSUS SYNC UNKNOWN - no synchronizations%s%s\n", server ? " of " : "", server ? server : "");
      return CHECK_UNKNOWN;
    }

  g_hash_table_iter_init (&iter, last);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const WsdRunDiagnosis *d = value;
      const WsdRunDiagnosis *ok = g_hash_table_lookup (last_success, key);
      const char *name = wsd_server_name_is_unnamed (key) ? "(unnamed)" : key;
      GPtrArray *config = g_hash_table_lookup (analysis->config_findings, key);
      g_autofree char *when = short_time (d->run->started);

      n_servers++;
      if (d->run->result == WSD_RESULT_FAILED)
        {
          const WsdFinding *top = d->findings->len > 0 ? g_ptr_array_index (d->findings, 0) : NULL;
          g_autofree char *success = ok != NULL ? short_time (ok->run->started) : g_strdup ("never");
          n_failed++;
          state = CHECK_CRITICAL;
          g_string_append_printf (message, "%s%s: synchronization failed %s: %s (%s); last success %s",
                                  message->len ? "; " : "", name, when,
                                  top != NULL ? top->rule : "unclassified",
                                  top != NULL && top->title != NULL ? top->title : "", success);
        }
      else if (d->run->result == WSD_RESULT_SUCCEEDED)
        {
          if (config != NULL && config->len > 0)
            {
              const WsdFinding *finding = g_ptr_array_index (config, 0);
              state = MAX (state, CHECK_WARNING);
              g_string_append_printf (message, "%s%s: last synchronization succeeded %s, but %s (%s)",
                                      message->len ? "; " : "", name, when, finding->rule, finding->title);
            }
          else
            g_string_append_printf (message, "%s%s: last synchronization succeeded %s",
                                    message->len ? "; " : "", name, when);
        }
      else
        {
          state = MAX (state, CHECK_WARNING);
          g_string_append_printf (message, "%s%s: last synchronization %s %s", message->len ? "; " : "",
                                  name, wsd_result_to_string (d->run->result), when);
        }
    }
  wsd_cli_print ("WSUS SYNC %s - %s | servers=%u failed=%u\n", state_names[state], message->str, n_servers, n_failed);
  return state;
}
