/* wsd-cli-lookup.c: the "lookup" command: what an error code means. */
#include <glib/gi18n.h>
#include <string.h>

#include "wsd-cli.h"
#include "wsd-error-codes.h"
#include "wsd-knowledge-base.h"

static const char *
kind_label (WsdCodeKind kind)
{
  switch (kind)
    {
    case WSD_CODE_HRESULT: return "HRESULT";
    case WSD_CODE_HTTP: return "HTTP status";
    case WSD_CODE_SYNC_ERROR: return "SynchronizationError";
    case WSD_CODE_UPDATE_ERROR: return "SynchronizationUpdateError";
    case WSD_CODE_SOAP: return "SOAP ErrorCode";
    default: return "code";
    }
}

int
wsd_cli_lookup (WsdCliContext *context, int argc, char **argv)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(WsdKnowledgeBase) kb = NULL;
  WsdErrorCodes *codes = wsd_error_codes_get_default ();

  if (argc < 2 || g_str_equal (argv[1], "--help"))
    {
      g_printerr ("Usage: wsus-sync-doctor-cli lookup CODE\n"
                  "CODE: an HRESULT in any printed form (0x80072EE7, 80072ee7, -2145386477, hr=0x…,\n"
                  "HRESULT 0x…, error code: 0x…, (0x…), Error = 5), an HTTP status, or a SynchronizationError / SOAP ErrorCode name.\n");
      return argc < 2 ? WSD_CLI_EXIT_USAGE : WSD_CLI_EXIT_OK;
    }
  /* "Error = 5" may arrive as several arguments; other words are not one code. */
  for (int i = 1; i < argc; i++)
    g_string_append_printf (query, "%s%s", i > 1 ? " " : "", argv[i]);
  g_strstrip (query->str);
  query->len = strlen (query->str);
  if (query->len == 0)
    {
      wsd_cli_error ("lookup: CODE is empty");
      return WSD_CLI_EXIT_USAGE;
    }
  if (argc > 2 && !wsd_hresult_parse (query->str, &(guint32) { 0 }))
    {
      wsd_cli_error ("lookup: expected one CODE, got %d arguments (quote a code that has spaces)", argc - 1);
      return WSD_CLI_EXIT_USAGE;
    }

  found = wsd_error_codes_lookup (codes, query->str);
  if (found->len == 0)
    {
      wsd_cli_error ("lookup: “%s” is not a known code", query->str);
      return WSD_CLI_EXIT_FAILURE;
    }
  kb = wsd_knowledge_base_new_builtin (NULL);
  for (guint i = 0; i < found->len; i++)
    {
      const WsdCodeInfo *code = g_ptr_array_index (found, i);
      wsd_cli_print ("%s %s: %s\n  %s\n", kind_label (code->kind), code->code, code->name, code->meaning);
      if (code->rule != NULL)
        {
          const char *title = kb != NULL ? wsd_knowledge_base_get_title (kb, code->rule) : NULL;
          wsd_cli_print ("  Rule: %s%s%s%s\n", code->rule, title ? " (" : "", title ? title : "", title ? ")" : "");
        }
    }
  return WSD_CLI_EXIT_OK;
}
