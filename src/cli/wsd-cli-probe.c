/* wsd-cli-probe.c: the "probe" command (synchronization check). */
#include "wsd-config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "wsd-cli.h"
#include "wsd-knowledge-base.h"
#include "wsd-prober.h"
#include "wsd-probe-classifier.h"

#define PASSWORD_MAX 1024

typedef struct {
  char     *server;
  char     *upstream;
  gboolean  ssl;
  gboolean  microsoft_update;
  char     *proxy;
  char     *proxy_user;
  gboolean  password_stdin;
  gboolean  allow_basic;
  int       timeout_seconds;
  char     *ca_file;
  gboolean  json;
  gboolean  authorization_cookie;
} ProbeOptions;

static void
probe_options_clear (ProbeOptions *options)
{
  g_free (options->server);
  g_free (options->upstream);
  g_free (options->proxy);
  g_free (options->proxy_user);
  g_free (options->ca_file);
}

/* One line from stdin, without its line end. The buffer is wiped; only the
 * returned copy lives on, and its owner wipes it. */
static char *
read_password_stdin (GError **error)
{
  char buffer[PASSWORD_MAX + 2];
  char *password;
  gsize length;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, WSD_ERROR, WSD_ERROR_INVALID, _("--password-stdin: no password on standard input"));
      return NULL;
    }
  length = strcspn (buffer, "\r\n");
  if (length > PASSWORD_MAX)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, WSD_ERROR, WSD_ERROR_INVALID, _("--password-stdin: the password is too long"));
      return NULL;
    }
  password = g_strndup (buffer, length);
  explicit_bzero (buffer, sizeof buffer);
  return password;
}

static void
wipe_free (char *text)
{
  if (text == NULL)
    return;
  explicit_bzero (text, strlen (text));
  g_free (text);
}

static const char *
status_text (WsdProbeStatus status)
{
  return wsd_probe_status_to_string (status);
}

/* The knowledge base's title of a rule; the prober's own short title
 * when the rule files cannot be loaded. */
static const char *
rule_title (WsdKnowledgeBase *kb, const char *rule)
{
  const char *title = kb != NULL ? wsd_knowledge_base_get_title (kb, rule) : NULL;

  return title != NULL ? title : wsd_probe_rule_title (rule);
}

static void
print_text (const WsdProbeResult *result)
{
  g_autofree char *started = wsd_time_format_iso (result->started);
  g_autoptr(WsdKnowledgeBase) kb = wsd_knowledge_base_new_builtin (NULL);

  wsd_cli_print (_("Synchronization check, seen from this workstation, started %s"), started);
  if (result->server != NULL)
    wsd_cli_print (_(" for %s"), result->server);
  wsd_cli_print ("\n");
  for (guint i = 0; i < result->targets->len; i++)
    {
      WsdProbeTarget *target = g_ptr_array_index (result->targets, i);

      wsd_cli_print ("\n%s (%s)\n", target->name, target->kind);
      wsd_cli_print ("  %-8s %-8s %7s  %s\n", _("STEP"), _("STATUS"), _("MS"), _("DETAIL"));
      for (guint j = 0; j < target->steps->len; j++)
        {
          WsdProbeStep *step = g_ptr_array_index (target->steps, j);
          g_autofree char *elapsed = step->status == WSD_PROBE_STATUS_SKIPPED
            ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, step->elapsed_ms);

          wsd_cli_print ("  %-8s %-8s %7s  %s\n", wsd_probe_step_kind_to_string (step->step),
                   status_text (step->status), elapsed, step->detail ? step->detail : "");
          if (step->rule != NULL)
            {
              const char *title = rule_title (kb, step->rule);

              wsd_cli_print ("  %-8s %-8s %7s  %s %s%s%s\n", "", "", "", _("rule"), step->rule,
                       title ? ": " : "", title ? title : "");
            }
        }
    }
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

typedef struct {
  GMainLoop      *loop;
  WsdProbeResult *result;
  GError         *error;
} ProbeWait;

static void
on_probe_done (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  ProbeWait *wait = user_data;

  wait->result = wsd_prober_run_finish (WSD_PROBER (source), async_result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
apply_proxy_overrides (GPtrArray *targets, const ProbeOptions *options, const WsdProbeProxy *given,
                       const char *password)
{
  for (guint i = 0; i < targets->len; i++)
    {
      WsdProbeTargetSpec *spec = g_ptr_array_index (targets, i);

      if (given != NULL)
        {
          wsd_probe_proxy_free (spec->proxy);
          spec->proxy = wsd_probe_proxy_copy (given);
        }
      if (spec->proxy == NULL)
        continue;
      if (options->proxy_user != NULL)
        {
          g_free (spec->proxy->user);
          g_clear_pointer (&spec->proxy->domain, g_free);
          spec->proxy->user = g_strdup (options->proxy_user);
        }
      if (options->allow_basic)
        spec->proxy->allow_basic = TRUE;
      if (password != NULL)
        wsd_probe_proxy_set_password (spec->proxy, password);
    }
}

static GPtrArray *
targets_for_options (WsdCliContext *context, const ProbeOptions *options, const char *password,
                     WsdStore **out_store, GError **error)
{
  g_autoptr(WsdProbeProxy) given = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  if (options->proxy != NULL)
    {
      g_autofree char *host = NULL;
      guint16 port = 0;

      if (!wsd_probe_parse_host_port (options->proxy, &host, &port, error))
        return NULL;
      given = wsd_probe_proxy_new (host, port);
    }

  if (options->server != NULL)
    {
      g_autoptr(WsdServer) server = NULL;

      *out_store = wsd_cli_open_store (context);
      if (*out_store == NULL)
        {
          g_set_error_literal (error, WSD_ERROR, WSD_ERROR_STORE, "");
          return NULL;
        }
      server = wsd_store_get_server (*out_store, options->server, error);
      if (server == NULL)
        return NULL;
      targets = wsd_probe_targets_for_server (server, NULL, error);
      if (targets == NULL)
        return NULL;
    }
  else if (options->upstream != NULL)
    {
      g_autofree char *host = NULL;
      guint16 port = 0;

      if (!wsd_probe_parse_host_port (options->upstream, &host, &port, error))
        return NULL;
      targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);
      /* WSUS 6.2 and later listen on 8530 / 8531 */
      g_ptr_array_add (targets, wsd_probe_target_spec_new (host, port ? port : (options->ssl ? 8531 : 8530),
                                                           options->ssl, "upstream"));
    }
  else
    targets = wsd_probe_targets_microsoft_update (NULL);

  apply_proxy_overrides (targets, options, given, password);
  return g_steal_pointer (&targets);
}

int
wsd_cli_probe (WsdCliContext *context, int argc, char **argv)
{
  ProbeOptions options = { .timeout_seconds = WSD_PROBER_DEFAULT_TIMEOUT_MS / 1000 };
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &options.server, N_("Probe the upstream of a stored server, through its proxy"), N_("NAME") },
    { "upstream", 0, 0, G_OPTION_ARG_STRING, &options.upstream, N_("Probe this upstream WSUS server (port 8530, 8531 with --ssl)"), N_("HOST[:PORT]") },
    { "ssl", 0, 0, G_OPTION_ARG_NONE, &options.ssl, N_("The upstream uses SSL"), NULL },
    { "microsoft-update", 0, 0, G_OPTION_ARG_NONE, &options.microsoft_update, N_("Probe the Microsoft Update endpoints"), NULL },
    { "proxy", 0, 0, G_OPTION_ARG_STRING, &options.proxy, N_("Go through this proxy (port 80 when omitted)"), N_("HOST[:PORT]") },
    { "proxy-user", 0, 0, G_OPTION_ARG_STRING, &options.proxy_user, N_("Proxy user, as DOMAIN\\user"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin, N_("Read the proxy password from standard input"), NULL },
    { "allow-basic", 0, 0, G_OPTION_ARG_NONE, &options.allow_basic, N_("Allow Basic proxy authentication (password in cleartext), as the WSUS setting does"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options.timeout_seconds, N_("Bound of each step (default 10)"), N_("SECONDS") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options.ca_file, N_("Trust these PEM certificates too (added to the system bundle)"), N_("FILE") },
    { "with-authorization-cookie", 0, 0, G_OPTION_ARG_NONE, &options.authorization_cookie, N_("Also call GetAuthorizationCookie (may register this tool on the upstream)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdProber) prober = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(WsdProbeResult) result = NULL;
  g_autoptr(WsdStore) store = NULL;
  char *password = NULL;
  guint sigint_id, sigterm_id;
  int chosen;

  g_option_context_set_summary (option_context,
    _("Probes the network path a synchronization needs, step by step, as seen from this workstation."));
  g_option_context_add_main_entries (option_context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (option_context, TRUE);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    {
      wsd_cli_error ("probe: %s", error->message);
      probe_options_clear (&options);
      return WSD_CLI_EXIT_USAGE;
    }
  chosen = (options.server != NULL) + (options.upstream != NULL) + (options.microsoft_update != FALSE);
  if (chosen != 1 || argc > 1 || options.timeout_seconds < 1 || options.timeout_seconds > 600
      || (options.ssl && options.upstream == NULL))
    {
      wsd_cli_error ("probe: give one of --server NAME, --upstream HOST[:PORT] [--ssl], --microsoft-update; "
                     "--timeout between 1 and 600 seconds");
      probe_options_clear (&options);
      return WSD_CLI_EXIT_USAGE;
    }
  if (options.password_stdin && (password = read_password_stdin (&error)) == NULL)
    {
      wsd_cli_error ("probe: %s", error->message);
      probe_options_clear (&options);
      return WSD_CLI_EXIT_USAGE;
    }

  targets = targets_for_options (context, &options, password, &store, &error);
  wipe_free (password);
  if (targets == NULL)
    {
      if (error->message[0] != '\0')
        wsd_cli_error ("probe: %s", error->message);
      probe_options_clear (&options);
      return g_error_matches (error, WSD_ERROR, WSD_ERROR_INVALID) ? WSD_CLI_EXIT_USAGE : WSD_CLI_EXIT_FAILURE;
    }

  prober = wsd_prober_new ();
  wsd_prober_set_step_timeout (prober, (gint64) options.timeout_seconds * 1000);
  wsd_prober_set_extra_ca_file (prober, options.ca_file);
  wsd_prober_set_authorization_cookie (prober, options.authorization_cookie);

  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);
  {
    ProbeWait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };

    wsd_prober_run_async (prober, targets, options.server, NULL, NULL, NULL, cancellable, on_probe_done, &wait);
    g_main_loop_run (wait.loop);
    g_main_loop_unref (wait.loop);
    result = wait.result;
    if (wait.error != NULL)
      g_propagate_error (&error, wait.error);
  }
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_pointer (&targets, g_ptr_array_unref);   /* wipes the password copies */
  if (result == NULL)
    {
      wsd_cli_error ("probe: %s", error->message);
      probe_options_clear (&options);
      return WSD_CLI_EXIT_FAILURE;
    }

  if (store != NULL && !wsd_store_add_probe_result (store, result, &error))
    {
      wsd_cli_error ("probe: cannot store the result: %s", error->message);
      probe_options_clear (&options);
      return WSD_CLI_EXIT_FAILURE;
    }

  if (options.json)
    {
      g_autofree char *json = wsd_probe_result_to_json (result);
      g_autofree char *safe = wsd_cli_json_safe (json);
      g_print ("%s\n", safe);
    }
  else
    print_text (result);
  probe_options_clear (&options);
  return wsd_probe_result_has_failure (result) ? WSD_CLI_EXIT_FAILURE : WSD_CLI_EXIT_OK;
}
