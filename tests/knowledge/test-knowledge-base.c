/* test-knowledge-base.c: the rule catalogue, the loader, user rules and
 * rule-file validation with file:line problems. */
#include <glib/gstdio.h>
#include "kb-fixtures.h"
#include "wsd-knowledge-base-private.h"

/* Every id of KNOWLEDGE-BASE.md. */
static const char * const contract_ids[] = {
  "proxy-auth", "proxy-unreachable", "firewall-blocked", "upstream-name-resolution",
  "content-dir-permissions", "update-missing-on-upstream", "bits-service-disabled",
  "replica-approval-mismatch", "catalog-sync-failed", "wsus2-replica-timeout",
  "retry-schedule", "basic-auth-cleartext", "see-details",
  "decommissioned-endpoint", "tls-handshake", "certificate-untrusted",
  "upstream-service-unavailable", "upstream-http-error", "upstream-auth-required",
  "protocol-incompatible", "invalid-cookie", "upstream-busy", "database-error",
  "import-update-error", "operation-timeout", "content-range-unsupported",
  "content-disk-full", "configmgr-wsus-not-configured", "eula-download-failed",
  "health-monitor-noise", "wsus-deprecated-version", "wsuspool-memory-limit", "unclassified",
  NULL
};

static void
test_every_id (void)
{
  WsdKnowledgeBase *kb = fx_kb ();

  g_assert_cmpuint (wsd_knowledge_base_get_n_rules (kb), ==, g_strv_length ((char **) contract_ids));
  for (guint i = 0; contract_ids[i] != NULL; i++)
    {
      WsdRule *rule = wsd_knowledge_base_get_rule (kb, contract_ids[i]);
      g_assert_nonnull (rule);
      g_assert_nonnull (rule->title);
      g_assert_nonnull (rule->summary);
      g_assert_nonnull (rule->source);
      g_assert_nonnull (rule->references);
      g_assert_true (g_str_has_prefix (rule->references[0], "http"));
    }
}

static gboolean
steps_mention (WsdRule *rule, const char *word)
{
  for (guint i = 0; rule->steps != NULL && rule->steps[i] != NULL; i++)
    if (strstr (rule->steps[i], word) != NULL)
      return TRUE;
  return (rule->notes != NULL && strstr (rule->notes, word) != NULL)
         || (rule->summary != NULL && strstr (rule->summary, word) != NULL);
}

/* The seed rules carry the seed article's advice. */
static void
test_seed_guidance (void)
{
  WsdKnowledgeBase *kb = fx_kb ();
  WsdRule *bits = wsd_knowledge_base_get_rule (kb, "bits-service-disabled");
  WsdRule *proxy = wsd_knowledge_base_get_rule (kb, "proxy-auth");
  WsdRule *missing = wsd_knowledge_base_get_rule (kb, "update-missing-on-upstream");
  WsdRule *name = wsd_knowledge_base_get_rule (kb, "upstream-name-resolution");

  g_assert_cmpuint (g_strv_length (bits->steps), ==, 4);
  g_assert_true (strstr (bits->steps[1], "Startup Type is Manual") != NULL);
  g_assert_true (strstr (bits->steps[2], "Restart") != NULL);
  g_assert_true (strstr (bits->steps[3], "Synchronize now") != NULL);
  g_assert_true (strstr (bits->notes, "start automatically") != NULL);

  g_assert_true (steps_mention (proxy, "expired"));
  g_assert_true (steps_mention (proxy, "cleartext"));

  g_assert_true (steps_mention (missing, "select their products and classifications on the upstream"));
  g_assert_true (steps_mention (missing, "decline"));
  g_assert_true (steps_mention (missing, "transient"));

  g_assert_true (steps_mention (name, "ping"));
  g_assert_true (steps_mention (name, "naming convention"));
  g_assert_true (steps_mention (name, "IP address"));
  g_assert_true (strstr (name->detail[0], "{host}") != NULL);
}

static void
write_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
test_user_rules (void)
{
  g_autofree char *home = g_dir_make_tmp ("wsd-kb-XXXXXX", NULL);
  g_autofree char *rules = g_build_filename (home, "wsus-sync-doctor", "rules", NULL);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdKnowledgeBase) kb = NULL;

  g_assert_cmpint (g_mkdir_with_parents (rules, 0700), ==, 0);
  write_file (rules, "mine.rule",
              "[Rule]\nId=proxy-auth\nKind=cause\nRank=95\nTitle=Our proxy wants a password\nSource=local\n"
              "Steps=Call the network team;\n\n[Match]\nHttpStatuses=407\n");
  write_file (rules, "broken.rule", "[Rule]\nId=x\nKind=cause\nTitle=t\n\n[Match]\nWhatever=1\n");
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  kb = wsd_knowledge_base_new_default (&warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wsd_knowledge_base_get_title (kb, "proxy-auth"), ==, "Our proxy wants a password");
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (warnings, 0), "broken.rule:7: unknown key “Whatever” in [Match]"));
  /* The rest of the built-in rules are still there. */
  g_assert_cmpuint (wsd_knowledge_base_get_n_rules (kb), ==, g_strv_length ((char **) contract_ids));
}

static void
test_check_dir (void)
{
  g_autofree char *source = g_build_filename (g_getenv ("WSD_SOURCE_ROOT"), "data", "knowledge", NULL);
  g_autofree char *dir = g_dir_make_tmp ("wsd-rules-XXXXXX", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *all = NULL;

  g_assert_true (wsd_knowledge_base_check_dir (source, problems));
  g_assert_cmpuint (problems->len, ==, 0);

  write_file (dir, "a.rule", "[Rule]\nKind=reason\n\n[Match]\nRegex=([a\nHResults=0xZZ\nCheck=nope\n");
  write_file (dir, "b.rule", "[Rule]\nId=b\nKind=cause\nTitle=t\nthis is not a key\n");
  g_assert_false (wsd_knowledge_base_check_dir (dir, bad));
  g_ptr_array_add (bad, NULL);
  all = g_strjoinv ("\n", (char **) bad->pdata);
  g_test_message ("%s", all);
  g_assert_nonnull (strstr (all, "a.rule:1: [Rule] has no Id"));
  g_assert_nonnull (strstr (all, "a.rule:2: unknown Kind “reason”"));
  g_assert_nonnull (strstr (all, "a.rule:1: [Rule] has no Title"));
  g_assert_nonnull (strstr (all, "a.rule:5: bad regular expression"));
  g_assert_nonnull (strstr (all, "a.rule:6: “0xZZ” is not a valid value for HResults"));
  g_assert_nonnull (strstr (all, "a.rule:7: unknown check “nope”"));
  g_assert_nonnull (strstr (all, "b.rule:5: not a “key=value” line"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/knowledge/every-id", test_every_id);
  g_test_add_func ("/knowledge/seed-guidance", test_seed_guidance);
  g_test_add_func ("/knowledge/user-rules", test_user_rules);
  g_test_add_func ("/knowledge/check-dir", test_check_dir);
  return g_test_run ();
}
