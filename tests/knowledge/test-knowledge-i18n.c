/* test-knowledge-i18n.c: run with LANGUAGE=de; a German string from
 * po/de.po, merged into the rule at build time, reaches a finding. */
#include "kb-fixtures.h"

static void
test_german_title (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdKnowledgeBase) kb = wsd_knowledge_base_new_builtin (&error);
  g_autoptr(WsdRun) run = fx_run (NULL, "2026-10-02T03:00:18Z", WSD_RUN_TYPE_SCHEDULED, WSD_RESULT_FAILED);
  g_autoptr(GPtrArray) findings = NULL;
  WsdFinding *top;

  g_assert_no_error (error);
  g_assert_cmpstr (g_get_language_names ()[0], ==, "de");
  fx_add (run, WSD_SOURCE_KIND_SOFTWARE_DISTRIBUTION_LOG, WSD_LEVEL_ERROR, "CatalogSyncAgentCore.CatalogSyncThreadProcess", 4,
          "WebException: Der Remoteserver hat einen Fehler zurückgegeben: (407) Proxyauthentifizierung erforderlich.");
  findings = fx_diagnose (kb, run, NULL, NULL);
  top = g_ptr_array_index (findings, 0);
  g_assert_cmpstr (top->rule, ==, "proxy-auth");
  g_assert_cmpstr (top->title, ==, "Der Proxyserver hat die Anmeldedaten von WSUS abgelehnt");
  g_assert_true (g_str_has_prefix (top->summary, "Der Proxy zwischen diesem WSUS-Server"));
  /* Untranslated keys fall back to English. */
  g_assert_true (g_str_has_prefix (top->steps[0], "In the WSUS console"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/knowledge/i18n/german-title", test_german_title);
  return g_test_run ();
}
