/* wsd-cli-rules.c: the "rules" command: list the knowledge base, or
 * validate a folder of rule files. */
#include <glib/gi18n.h>

#include "wsd-cli.h"
#include "wsd-knowledge-base-private.h"

int
wsd_cli_rules (WsdCliContext *context, int argc, char **argv)
{
  g_autofree char *check_dir = NULL;
  const GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_FILENAME, &check_dir, "Validate the rule files in DIR", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— list the knowledge base's rules");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(WsdKnowledgeBase) kb = NULL;
  GPtrArray *rules;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      wsd_cli_error ("rules: %s", error->message);
      return WSD_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      wsd_cli_error ("rules: unexpected argument “%s”", argv[1]);
      return WSD_CLI_EXIT_USAGE;
    }
  if (check_dir != NULL)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      if (wsd_knowledge_base_check_dir (check_dir, problems))
        {
          wsd_cli_print ("%s: all rule files are valid\n", check_dir);
          return WSD_CLI_EXIT_OK;
        }
      for (guint i = 0; i < problems->len; i++)
        wsd_cli_print ("%s\n", (const char *) g_ptr_array_index (problems, i));
      return WSD_CLI_EXIT_FAILURE;
    }

  kb = wsd_knowledge_base_new_default (&warnings, &error);
  if (kb == NULL)
    {
      wsd_cli_error ("rules: %s", error->message);
      return WSD_CLI_EXIT_FAILURE;
    }
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    {
      g_autofree char *safe = wsd_cli_safe_text (g_ptr_array_index (warnings, i), FALSE);
      g_printerr ("warning: %s (skipped)\n", safe);
    }
  rules = wsd_knowledge_base_get_rules (kb);
  for (guint i = 0; i < rules->len; i++)
    {
      const WsdRule *rule = g_ptr_array_index (rules, i);
      wsd_cli_print ("%-30s %-6s %-8s %s\n", rule->id, wsd_finding_kind_to_string (rule->kind),
               rule->severity, rule->title);
      wsd_cli_print ("%-30s source: %s%s\n", "", rule->source != NULL ? rule->source : "-",
               g_str_has_prefix (rule->origin, "/io/") ? "" : " (user rule)");
    }
  return WSD_CLI_EXIT_OK;
}
