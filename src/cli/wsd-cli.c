/* wsd-cli.c: wsus-sync-doctor-cli, a thin front end over the core. */
#include <locale.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "wsd-config.h"
#include "wsd-cli.h"
#include "wsd-analysis.h"

typedef struct {
  const char        *name;
  WsdCliCommandFunc  func;
  const char        *synopsis;
} CliCommand;

static const CliCommand commands[] = {
  { "import",   wsd_cli_import,   "PATH… [--server NAME]" },
  { "servers",  wsd_cli_servers,  "[--json]" },
  { "runs",     wsd_cli_runs,     "[--server NAME] [--failed] [--since DATE] [--json]" },
  { "diagnose", wsd_cli_diagnose, "[PATH…] [--server NAME] [--json]" },
  { "probe",    wsd_cli_probe,    "(--server NAME | --upstream HOST[:PORT] [--ssl] | --microsoft-update) [--proxy HOST:PORT] [--proxy-user USER] [--password-stdin] [--allow-basic] [--timeout SECONDS] [--json]" },
  { "report",   wsd_cli_report,   "--output FILE.html [PATH…] [--server NAME] [--since DATE] [--redact]" },
  { "lookup",   wsd_cli_lookup,   "CODE" },
  { "rules",    wsd_cli_rules,    "[--check DIR]" },
  { "check",    wsd_cli_check,    "[--server NAME] [PATH…]" },
};

void
wsd_cli_error (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;
  g_autofree char *safe = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  safe = wsd_cli_safe_text (message, FALSE);
  g_printerr ("wsus-sync-doctor-cli: %s\n", safe);
}

WsdStore *
wsd_cli_try_open_store (WsdCliContext *context, GError **error)
{
  g_autofree char *path = NULL;
  WsdStore *store;

  if (!context->memory)
    path = context->database != NULL ? g_strdup (context->database) : wsd_store_default_path ();
  store = wsd_store_open (path, error);
  if (store == NULL)
    g_prefix_error (error, "%s: ", path != NULL ? path : ":memory:");
  return store;
}

WsdStore *
wsd_cli_open_store (WsdCliContext *context)
{
  g_autoptr(GError) error = NULL;
  WsdStore *store = wsd_cli_try_open_store (context, &error);

  if (store == NULL)
    wsd_cli_error ("%s", error->message);
  return store;
}

gboolean
wsd_cli_resolve_server (WsdStore *store, const char *name, char **out_name, GError **error)
{
  g_autoptr(GPtrArray) servers = wsd_store_list_servers (store, error);
  const WsdServer *found;

  if (servers == NULL)
    return FALSE;
  found = wsd_analysis_find_server (servers, name);
  if (found == NULL)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_NOT_FOUND, "no server named “%s”", name);
      return FALSE;
    }
  *out_name = g_strdup (found->name);
  return TRUE;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: wsus-sync-doctor-cli [--database FILE | --memory] COMMAND …\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-9s %s\n", commands[i].name, commands[i].synopsis);
  fprintf (out, "\nExit status: 0 success, 1 failure, 2 usage error.\n");
}

int
main (int argc, char **argv)
{
  WsdCliContext context = { 0 };
  int i;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  for (i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--database") && i + 1 < argc)
        context.database = argv[++i];
      else if (g_str_has_prefix (argv[i], "--database="))
        context.database = argv[i] + strlen ("--database=");
      else if (g_str_equal (argv[i], "--memory"))
        context.memory = TRUE;
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return WSD_CLI_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          g_print ("wsus-sync-doctor-cli %s\n", PACKAGE_VERSION);
          return WSD_CLI_EXIT_OK;
        }
      else
        break;
    }

  if (context.database != NULL && context.memory)
    {
      wsd_cli_error ("--database and --memory exclude each other");
      return WSD_CLI_EXIT_USAGE;
    }
  if (i >= argc)
    {
      print_usage (stderr);
      return WSD_CLI_EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      return commands[c].func (&context, argc - i, argv + i);

  wsd_cli_error ("unknown command “%s”", argv[i]);
  print_usage (stderr);
  return WSD_CLI_EXIT_USAGE;
}
