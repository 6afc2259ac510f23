/* test-probe-drop.c: silently dropped packets, for real. As root, the test
 * moves into a network namespace of its own (only its loopback, gone when
 * the test ends) and adds an nftables (or iptables) DROP rule for two
 * ports; the prober and the CLI then meet a port that never answers. */
#define _GNU_SOURCE
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "probe-test-harness.h"

#define DROPPED_PORT   8531   /* an "upstream" whose SYNs vanish */
#define DROPPED_PROXY  3128   /* a "proxy" whose SYNs vanish */
#define CLOSED_PORT    8530   /* nothing listens: refused */

static char *skip_reason;

static gboolean
run_quiet (const char * const *argv, const char *stdin_text)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                     | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (process == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (process, stdin_text, NULL, NULL, NULL, &error))
    return FALSE;
  return g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
}

/* Before any thread exists: unshare() refuses multi-threaded callers. */
static void
enter_namespace (void)
{
  g_autofree char *rules = g_strdup_printf (
    "table inet wsd_probe_drop {\n"
    "  chain input { type filter hook input priority 0; tcp dport { %d, %d } drop; }\n"
    "}\n", DROPPED_PORT, DROPPED_PROXY);
  g_autofree char *upstream_port = g_strdup_printf ("%d", DROPPED_PORT);
  g_autofree char *proxy_port = g_strdup_printf ("%d", DROPPED_PROXY);
  const char *lo_up[] = { "ip", "link", "set", "lo", "up", NULL };
  const char *nft[] = { "nft", "-f", "-", NULL };
  const char *iptables_upstream[] = { "iptables", "-A", "INPUT", "-p", "tcp", "--dport", upstream_port, "-j", "DROP", NULL };
  const char *iptables_proxy[] = { "iptables", "-A", "INPUT", "-p", "tcp", "--dport", proxy_port, "-j", "DROP", NULL };

  if (geteuid () != 0)
    {
      skip_reason = g_strdup ("needs root for a network namespace with a DROP rule");
      return;
    }
  if (unshare (CLONE_NEWNET) != 0)
    {
      skip_reason = g_strdup_printf ("cannot create a network namespace: %s", g_strerror (errno));
      return;
    }
  if (!run_quiet (lo_up, NULL))
    {
      skip_reason = g_strdup ("needs “ip” (iproute2) to bring up the namespace's loopback");
      return;
    }
  if (!run_quiet (nft, rules)
      && !(run_quiet (iptables_upstream, NULL) && run_quiet (iptables_proxy, NULL)))
    skip_reason = g_strdup ("needs nft (nftables) or iptables for the DROP rule");
}

#define SKIP_UNLESS_NAMESPACE() \
  G_STMT_START { if (skip_reason != NULL) { g_test_skip (skip_reason); return; } } G_STMT_END

static void
assert_detail_has (WsdProbeStep *step, const char *part)
{
  if (step->detail == NULL || strstr (step->detail, part) == NULL)
    g_error ("detail “%s” lacks “%s”", step->detail ? step->detail : "", part);
}

static void
test_dropped_upstream (void)
{
  WsdProbeTargetSpec *spec;
  g_autoptr(WsdProbeResult) result = NULL;
  WsdProbeStep *tcp;
  gint64 start;
  gint64 wall_ms;

  SKIP_UNLESS_NAMESPACE ();
  spec = wsd_probe_target_spec_new ("127.0.0.1", DROPPED_PORT, TRUE, "upstream");
  start = g_get_monotonic_time ();
  result = probe_one (spec, 1500, NULL);
  wall_ms = (g_get_monotonic_time () - start) / 1000;
  wsd_probe_target_spec_free (spec);

  probe_assert_step (result, WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_FAILED, "firewall-blocked");
  tcp = probe_find_step (g_ptr_array_index (result->targets, 0), WSD_PROBE_STEP_TCP);
  assert_detail_has (tcp, "packets dropped");
  /* the step's own bound, no more: 1.5 s plus scheduling */
  g_assert_cmpint (tcp->elapsed_ms, >=, 1450);
  g_assert_cmpint (tcp->elapsed_ms, <=, 2000);
  g_assert_cmpint (wall_ms, <=, 2000);
  probe_assert_step (result, WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_SKIPPED, NULL);
}

static void
test_refused_is_not_dropped (void)
{
  WsdProbeTargetSpec *spec;
  g_autoptr(WsdProbeResult) result = NULL;
  WsdProbeStep *tcp;

  SKIP_UNLESS_NAMESPACE ();
  spec = wsd_probe_target_spec_new ("127.0.0.1", CLOSED_PORT, FALSE, "upstream");
  result = probe_one (spec, 1500, NULL);
  wsd_probe_target_spec_free (spec);
  probe_assert_step (result, WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_FAILED, "firewall-blocked");
  tcp = probe_find_step (g_ptr_array_index (result->targets, 0), WSD_PROBE_STEP_TCP);
  assert_detail_has (tcp, "refused");
  g_assert_cmpint (tcp->elapsed_ms, <, 500);
}

static void
test_dropped_proxy (void)
{
  WsdProbeTargetSpec *spec;
  g_autoptr(WsdProbeResult) result = NULL;

  SKIP_UNLESS_NAMESPACE ();
  spec = wsd_probe_target_spec_new ("sws.update.microsoft.com", 443, TRUE, "microsoft-update");
  spec->proxy = wsd_probe_proxy_new ("127.0.0.1", DROPPED_PROXY);
  result = probe_one (spec, 1000, NULL);
  wsd_probe_target_spec_free (spec);
  probe_assert_step (result, WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_FAILED, "proxy-unreachable");
  assert_detail_has (probe_find_step (g_ptr_array_index (result->targets, 0), WSD_PROBE_STEP_TCP), "dropped");
  probe_assert_step (result, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_SKIPPED, NULL);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_REMOVE;
}

static void
on_canceled_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GError **error = data;
  WsdProbeResult *probe = wsd_prober_run_finish (WSD_PROBER (source), result, error);

  g_assert_null (probe);
}

static void
test_cancel_aborts_transfers (void)
{
  g_autoptr(WsdProber) prober = wsd_prober_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  gint64 start;

  SKIP_UNLESS_NAMESPACE ();
  for (int i = 0; i < 4; i++)
    g_ptr_array_add (targets, wsd_probe_target_spec_new ("127.0.0.1", DROPPED_PORT, FALSE, "upstream"));
  wsd_prober_set_step_timeout (prober, 20000);
  start = g_get_monotonic_time ();
  wsd_prober_run_async (prober, targets, NULL, NULL, NULL, NULL, cancellable, on_canceled_done, &error);
  g_timeout_add (300, cancel_later, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* 20 s timeouts, canceled after 0.3 s: done well within a second */
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 1000);
}

static void
test_targets_in_parallel (void)
{
  g_autoptr(WsdProber) prober = wsd_prober_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);
  g_autoptr(WsdProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, wall_ms;

  SKIP_UNLESS_NAMESPACE ();
  for (int i = 0; i < 6; i++)
    {
      g_ptr_array_add (targets, wsd_probe_target_spec_new ("127.0.0.1", DROPPED_PORT, i % 2, "upstream"));
      g_ptr_array_add (targets, wsd_probe_target_spec_new ("127.0.0.1", CLOSED_PORT, FALSE, "upstream"));
    }
  wsd_prober_set_step_timeout (prober, 1000);
  start = g_get_monotonic_time ();
  result = wsd_prober_run (prober, targets, NULL, NULL, NULL, NULL, &error);
  wall_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_no_error (error);
  g_assert_cmpuint (result->targets->len, ==, 12);
  /* six 1 s timeouts one after the other would take 6 s */
  g_assert_cmpint (wall_ms, <, 1800);
}

static void
test_cli_in_namespace (void)
{
  g_autofree char *upstream = g_strdup_printf ("127.0.0.1:%d", DROPPED_PORT);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *target, *tcp;

  SKIP_UNLESS_NAMESPACE ();
  {
    const char *argv[] = { "--memory", "probe", "--upstream", upstream, "--ssl", "--timeout", "1", "--json", NULL };
    g_assert_cmpint (probe_run_cli (argv, NULL, &out, NULL), ==, 1);
  }
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  target = json_array_get_object_element (json_object_get_array_member (root, "targets"), 0);
  tcp = json_array_get_object_element (json_object_get_array_member (target, "steps"), 1);
  g_assert_cmpstr (json_object_get_string_member (tcp, "step"), ==, "tcp");
  g_assert_cmpstr (json_object_get_string_member (tcp, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (tcp, "rule"), ==, "firewall-blocked");
  g_assert_nonnull (strstr (json_object_get_string_member (tcp, "detail"), "no answer"));
  g_assert_cmpint (json_object_get_int_member (tcp, "elapsed_ms"), >=, 950);
}

int
main (int argc, char **argv)
{
  enter_namespace ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/probe/drop/dropped-upstream", test_dropped_upstream);
  g_test_add_func ("/probe/drop/refused-is-not-dropped", test_refused_is_not_dropped);
  g_test_add_func ("/probe/drop/dropped-proxy", test_dropped_proxy);
  g_test_add_func ("/probe/drop/cancel-aborts-transfers", test_cancel_aborts_transfers);
  g_test_add_func ("/probe/drop/targets-in-parallel", test_targets_in_parallel);
  g_test_add_func ("/probe/drop/cli-in-namespace", test_cli_in_namespace);
  return g_test_run ();
}
