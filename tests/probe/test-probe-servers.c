/* test-probe-servers.c: the prober and the probe command against real
 * servers on loopback: nginx answering like WSUS over HTTP and HTTPS (a CA
 * made by the harness), squid asking for Basic authentication. */
#define _GNU_SOURCE
#include <string.h>
#include <json-glib/json-glib.h>

#include "probe-test-harness.h"
#include "wsd-knowledge-base.h"
#include "wsd-report-writer.h"
#include "wsd-store.h"

static ProbeHarness *harness;
static char *skip_reason;

#define SKIP_WITHOUT_HARNESS() \
  G_STMT_START { if (harness == NULL) { g_test_skip (skip_reason); return; } } G_STMT_END

static WsdProbeTargetSpec *
local_target (const char *host, const char *port_key, gboolean ssl)
{
  return wsd_probe_target_spec_new (host, probe_harness_port (harness, port_key), ssl, "upstream");
}

static WsdProbeResult *
probe_port (const char *port_key, gboolean ssl, gboolean with_ca)
{
  WsdProbeTargetSpec *spec = local_target (ssl ? "localhost" : "127.0.0.1", port_key, ssl);
  WsdProbeResult *result = probe_one (spec, 5000, with_ca ? probe_harness_get (harness, "CA_FILE") : NULL);

  wsd_probe_target_spec_free (spec);
  return result;
}

static WsdProbeStep *
first_step (WsdProbeResult *result, WsdProbeStepKind kind)
{
  return probe_find_step (g_ptr_array_index (result->targets, 0), kind);
}

static void
assert_detail (WsdProbeResult *result, WsdProbeStepKind kind, const char *part)
{
  WsdProbeStep *step = first_step (result, kind);

  g_assert_nonnull (step);
  if (step->detail == NULL || strstr (step->detail, part) == NULL)
    g_error ("%s detail “%s” lacks “%s”", wsd_probe_step_kind_to_string (kind),
             step->detail ? step->detail : "", part);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static guint
count_lines_with (const char *path, const char *part)
{
  g_autofree char *text = read_text (path);
  guint count = 0;

  for (const char *p = text; (p = strstr (p, part)) != NULL; p++)
    count++;
  return count;
}

static void
test_http_healthy (void)
{
  g_autoptr(WsdProbeResult) result = NULL;

  SKIP_WITHOUT_HARNESS ();
  result = probe_port ("HTTP_OK_PORT", FALSE, FALSE);
  probe_assert_step (result, WSD_PROBE_STEP_DNS, WSD_PROBE_STATUS_OK, NULL);
  probe_assert_step (result, WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_OK, NULL);
  probe_assert_step (result, WSD_PROBE_STEP_HTTP, WSD_PROBE_STATUS_OK, NULL);
  probe_assert_step (result, WSD_PROBE_STEP_SOAP, WSD_PROBE_STATUS_OK, NULL);
  probe_assert_step (result, WSD_PROBE_STEP_CONTENT, WSD_PROBE_STATUS_OK, NULL);
  assert_detail (result, WSD_PROBE_STEP_HTTP, "a cabinet file");
  assert_detail (result, WSD_PROBE_STEP_SOAP, "DssTargeting");
  g_assert_null (first_step (result, WSD_PROBE_STEP_TLS));
  g_assert_null (first_step (result, WSD_PROBE_STEP_PROXY));
  g_assert_false (wsd_probe_result_has_failure (result));
}

static void
test_https_healthy (void)
{
  g_autoptr(WsdProbeResult) result = NULL;
  g_autofree char *content_port = NULL;

  SKIP_WITHOUT_HARNESS ();
  result = probe_port ("HTTPS_OK_PORT", TRUE, TRUE);
  probe_assert_step (result, WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_OK, NULL);
  assert_detail (result, WSD_PROBE_STEP_TLS, "TLSv1.");
  assert_detail (result, WSD_PROBE_STEP_TLS, "WSD Probe Test Root CA");
  probe_assert_step (result, WSD_PROBE_STEP_SOAP, WSD_PROBE_STATUS_OK, NULL);
  /* content over HTTP on N−1 */
  probe_assert_step (result, WSD_PROBE_STEP_CONTENT, WSD_PROBE_STATUS_OK, NULL);
  content_port = g_strdup_printf (":%s/Content/", probe_harness_get (harness, "HTTPS_CONTENT_PORT"));
  assert_detail (result, WSD_PROBE_STEP_CONTENT, content_port);
}

static void
test_https_untrusted_without_ca (void)
{
  g_autoptr(WsdProbeResult) result = NULL;

  SKIP_WITHOUT_HARNESS ();
  /* verification stays on: without the test CA the same site is refused */
  result = probe_port ("HTTPS_OK_PORT", TRUE, FALSE);
  probe_assert_step (result, WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_FAILED, "certificate-untrusted");
  probe_assert_step (result, WSD_PROBE_STEP_HTTP, WSD_PROBE_STATUS_SKIPPED, NULL);
  assert_detail (result, WSD_PROBE_STEP_TLS, "WSD Probe Test Root CA");
}

static void
test_upstream_answers (void)
{
  const struct { const char *port; WsdProbeStepKind step; const char *rule; const char *detail; } cases[] = {
    { "HTTP_BUSY_PORT", WSD_PROBE_STEP_SOAP, "upstream-busy", "ServerBusy" },
    { "HTTP_PROTOCOL_PORT", WSD_PROBE_STEP_SOAP, "protocol-incompatible", "IncompatibleProtocolVersion" },
    { "HTTP_UNAVAILABLE_PORT", WSD_PROBE_STEP_HTTP, "upstream-service-unavailable", "503" },
    { "HTTP_NOTFOUND_PORT", WSD_PROBE_STEP_HTTP, "upstream-http-error", "404" },
    { "HTTP_AUTH_PORT", WSD_PROBE_STEP_HTTP, "upstream-auth-required", "401" },
    { "HTTP_NOTWSUS_PORT", WSD_PROBE_STEP_SOAP, "upstream-http-error", "DssTargeting" },
    { "HTTP_NOCONTENT_PORT", WSD_PROBE_STEP_CONTENT, "upstream-http-error", "/Content/" },
  };

  SKIP_WITHOUT_HARNESS ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WsdProbeResult) result = probe_port (cases[i].port, FALSE, FALSE);
      WsdProbeTarget *target = g_ptr_array_index (result->targets, 0);
      gboolean after = FALSE;

      probe_assert_step (result, cases[i].step, WSD_PROBE_STATUS_FAILED, cases[i].rule);
      assert_detail (result, cases[i].step, cases[i].detail);
      /* a failed step skips the ones after it */
      for (guint j = 0; j < target->steps->len; j++)
        {
          WsdProbeStep *step = g_ptr_array_index (target->steps, j);

          if (after)
            g_assert_cmpint (step->status, ==, WSD_PROBE_STATUS_SKIPPED);
          if (step->step == cases[i].step)
            after = TRUE;
        }
      g_assert_true (wsd_probe_result_has_failure (result));
    }
}

static void
test_certificates (void)
{
  const struct { const char *port; WsdProbeStatus status; const char *rule; const char *detail; } cases[] = {
    { "HTTPS_EXPIRED_PORT", WSD_PROBE_STATUS_FAILED, "certificate-untrusted", "expired on 2020-02-01" },
    { "HTTPS_WRONGNAME_PORT", WSD_PROBE_STATUS_FAILED, "certificate-untrusted", "names other.example" },
    { "HTTPS_INSPECT_PORT", WSD_PROBE_STATUS_FAILED, "certificate-untrusted", "Contoso TLS Inspection CA" },
    /* a Microsoft root this workstation lacks: a warning, not a fault */
    { "HTTPS_MSROOT_PORT", WSD_PROBE_STATUS_WARNING, NULL, "cannot be verified here" },
  };

  SKIP_WITHOUT_HARNESS ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WsdProbeResult) result = probe_port (cases[i].port, TRUE, TRUE);

      probe_assert_step (result, WSD_PROBE_STEP_TLS, cases[i].status, cases[i].rule);
      assert_detail (result, WSD_PROBE_STEP_TLS, cases[i].detail);
      probe_assert_step (result, WSD_PROBE_STEP_HTTP, WSD_PROBE_STATUS_SKIPPED, NULL);
    }
}

static void
test_microsoft_root_with_ca_file (void)
{
  WsdProbeTargetSpec *spec;
  g_autoptr(WsdProbeResult) result = NULL;

  SKIP_WITHOUT_HARNESS ();
  /* with the root given as an extra CA the same chain verifies */
  spec = local_target ("localhost", "HTTPS_MSROOT_PORT", TRUE);
  result = probe_one (spec, 5000, probe_harness_get (harness, "MS_ROOT_FILE"));
  wsd_probe_target_spec_free (spec);
  probe_assert_step (result, WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_OK, NULL);
  probe_assert_step (result, WSD_PROBE_STEP_SOAP, WSD_PROBE_STATUS_OK, NULL);
}

static void
test_tls_version (void)
{
  WsdProbeTargetSpec *spec;
  g_autoptr(WsdProbeResult) result = NULL;

  SKIP_WITHOUT_HARNESS ();
  /* WSUS speaks TLS 1.2 to sws; a server that only does 1.3 fails the handshake */
  spec = local_target ("localhost", "HTTPS_TLS13_PORT", TRUE);
  spec->tls_policy = WSD_PROBE_TLS_1_2_ONLY;
  result = probe_one (spec, 5000, probe_harness_get (harness, "CA_FILE"));
  wsd_probe_target_spec_free (spec);
  probe_assert_step (result, WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_FAILED, "tls-handshake");
}

static void
test_refused_and_unresolvable (void)
{
  g_autoptr(WsdProbeResult) refused = NULL;
  g_autoptr(WsdProbeResult) unresolved = NULL;
  WsdProbeTargetSpec *spec;

  SKIP_WITHOUT_HARNESS ();
  refused = probe_port ("REFUSED_PORT", FALSE, FALSE);
  probe_assert_step (refused, WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_FAILED, "firewall-blocked");
  assert_detail (refused, WSD_PROBE_STEP_TCP, "refused");
  g_assert_cmpint (first_step (refused, WSD_PROBE_STEP_TCP)->elapsed_ms, <, 1000);

  spec = wsd_probe_target_spec_new ("wsus-hq.probe-test.invalid", 8531, TRUE, "upstream");
  unresolved = probe_one (spec, 5000, NULL);
  wsd_probe_target_spec_free (spec);
  probe_assert_step (unresolved, WSD_PROBE_STEP_DNS, WSD_PROBE_STATUS_FAILED, "upstream-name-resolution");
  assert_detail (unresolved, WSD_PROBE_STEP_DNS, "wsus-hq.probe-test.invalid");
  probe_assert_step (unresolved, WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_SKIPPED, NULL);
}

static WsdProbeTargetSpec *
proxied_target (const char *password, gboolean allow_basic)
{
  WsdProbeTargetSpec *spec = local_target ("localhost", "HTTPS_OK_PORT", TRUE);

  spec->proxy = wsd_probe_proxy_new ("127.0.0.1", probe_harness_port (harness, "SQUID_PORT"));
  spec->proxy->user = g_strdup (probe_harness_get (harness, "PROXY_USER"));
  spec->proxy->allow_basic = allow_basic;
  wsd_probe_proxy_set_password (spec->proxy, password);
  return spec;
}

static void
test_squid_basic_auth (void)
{
  const char *password;
  WsdProbeTargetSpec *spec;
  g_autoptr(WsdProbeResult) right = NULL;
  g_autoptr(WsdProbeResult) wrong = NULL;
  g_autoptr(WsdProbeResult) not_allowed = NULL;
  g_autoptr(WsdProbeResult) plain = NULL;

  SKIP_WITHOUT_HARNESS ();
  if (g_hash_table_lookup (harness->env, "SQUID_PORT") == NULL)
    {
      g_test_skip ("squid did not start");
      return;
    }
  password = probe_harness_get (harness, "PROXY_PASSWORD");

  spec = proxied_target (password, TRUE);
  right = probe_one (spec, 5000, probe_harness_get (harness, "CA_FILE"));
  wsd_probe_target_spec_free (spec);
  /* it works, and the cleartext password is called out */
  probe_assert_step (right, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_WARNING, "basic-auth-cleartext");
  probe_assert_step (right, WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_OK, NULL);
  probe_assert_step (right, WSD_PROBE_STEP_SOAP, WSD_PROBE_STATUS_OK, NULL);
  probe_assert_step (right, WSD_PROBE_STEP_CONTENT, WSD_PROBE_STATUS_OK, NULL);
  g_assert_false (wsd_probe_result_has_failure (right));
  g_assert_cmpuint (count_lines_with (probe_harness_get (harness, "SQUID_ACCESS_LOG"), "CONNECT localhost:"), >, 0);

  spec = proxied_target ("not-the-password", TRUE);
  wrong = probe_one (spec, 5000, probe_harness_get (harness, "CA_FILE"));
  wsd_probe_target_spec_free (spec);
  probe_assert_step (wrong, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED, "proxy-auth");
  assert_detail (wrong, WSD_PROBE_STEP_PROXY, "407");
  assert_detail (wrong, WSD_PROBE_STEP_PROXY, "Basic");
  probe_assert_step (wrong, WSD_PROBE_STEP_TLS, WSD_PROBE_STATUS_SKIPPED, NULL);

  /* as WSUS: without "allow basic" only NTLM/Negotiate go out, squid wants Basic */
  spec = proxied_target (password, FALSE);
  not_allowed = probe_one (spec, 5000, probe_harness_get (harness, "CA_FILE"));
  wsd_probe_target_spec_free (spec);
  probe_assert_step (not_allowed, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED, "proxy-auth");
  assert_detail (not_allowed, WSD_PROBE_STEP_PROXY, "Allow basic authentication");

  /* plain HTTP through the proxy: the 407 comes as an ordinary answer */
  spec = local_target ("127.0.0.1", "HTTP_OK_PORT", FALSE);
  spec->proxy = wsd_probe_proxy_new ("127.0.0.1", probe_harness_port (harness, "SQUID_PORT"));
  plain = probe_one (spec, 5000, NULL);
  wsd_probe_target_spec_free (spec);
  probe_assert_step (plain, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED, "proxy-auth");
  assert_detail (plain, WSD_PROBE_STEP_PROXY, "no credentials");
}

static void
test_proxy_unreachable (void)
{
  WsdProbeTargetSpec *spec;
  g_autoptr(WsdProbeResult) refused = NULL;
  g_autoptr(WsdProbeResult) unresolved = NULL;

  SKIP_WITHOUT_HARNESS ();
  spec = local_target ("localhost", "HTTPS_OK_PORT", TRUE);
  spec->proxy = wsd_probe_proxy_new ("127.0.0.1", probe_harness_port (harness, "REFUSED_PORT"));
  refused = probe_one (spec, 5000, NULL);
  probe_assert_step (refused, WSD_PROBE_STEP_TCP, WSD_PROBE_STATUS_FAILED, "proxy-unreachable");
  probe_assert_step (refused, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_SKIPPED, NULL);

  wsd_probe_proxy_free (spec->proxy);
  spec->proxy = wsd_probe_proxy_new ("proxy.probe-test.invalid", 8080);
  unresolved = probe_one (spec, 5000, NULL);
  wsd_probe_target_spec_free (spec);
  probe_assert_step (unresolved, WSD_PROBE_STEP_DNS, WSD_PROBE_STATUS_FAILED, "proxy-unreachable");
  assert_detail (unresolved, WSD_PROBE_STEP_DNS, "proxy.probe-test.invalid");
}

static void
test_authorization_cookie_opt_in (void)
{
  const char *log;
  g_autoptr(WsdProber) prober = wsd_prober_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);
  g_autoptr(WsdProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_WITHOUT_HARNESS ();
  log = probe_harness_get (harness, "NGINX_ACCESS_LOG");
  /* every test before this one probed without the opt-in: no call reached
   * the authorization service, and nothing with side effects ever did */
  g_assert_cmpuint (count_lines_with (log, "GetAuthConfig"), >, 0);
  g_assert_cmpuint (count_lines_with (log, "POST /DssAuthWebService"), ==, 0);

  g_ptr_array_add (targets, local_target ("127.0.0.1", "HTTP_OK_PORT", FALSE));
  wsd_prober_set_authorization_cookie (prober, TRUE);
  result = wsd_prober_run (prober, targets, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  probe_assert_step (result, WSD_PROBE_STEP_SOAP, WSD_PROBE_STATUS_OK, NULL);
  assert_detail (result, WSD_PROBE_STEP_SOAP, "GetAuthorizationCookie");
  g_assert_cmpuint (count_lines_with (log, "POST /DssAuthWebService"), ==, 1);
  g_assert_cmpuint (count_lines_with (log, "DownloadFiles"), ==, 0);
  g_assert_cmpuint (count_lines_with (log, "Rollup"), ==, 0);
}

typedef struct {
  GThread   *thread;
  GPtrArray *seen;     /* "index:step" */
  gboolean   done;
  WsdProbeResult *result;
} LiveRun;

static void
on_live_step (WsdProber *prober, guint index, const WsdProbeTarget *target, const WsdProbeStep *step, gpointer data)
{
  LiveRun *live = data;

  /* delivered on the caller's context, while the run is still going */
  g_assert_true (g_thread_self () == live->thread);
  g_assert_false (live->done);
  g_ptr_array_add (live->seen, g_strdup_printf ("%u:%s", index, wsd_probe_step_kind_to_string (step->step)));
}

static void
on_live_done (GObject *source, GAsyncResult *async_result, gpointer data)
{
  LiveRun *live = data;
  g_autoptr(GError) error = NULL;

  live->result = wsd_prober_run_finish (WSD_PROBER (source), async_result, &error);
  g_assert_no_error (error);
  live->done = TRUE;
}

static void
test_live_steps_and_concurrency (void)
{
  g_autoptr(WsdProber) prober = wsd_prober_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_probe_target_spec_free);
  LiveRun live = { g_thread_self (), g_ptr_array_new_with_free_func (g_free), FALSE, NULL };
  guint total = 0;

  SKIP_WITHOUT_HARNESS ();
  g_ptr_array_add (targets, local_target ("127.0.0.1", "HTTP_OK_PORT", FALSE));
  g_ptr_array_add (targets, local_target ("127.0.0.1", "HTTP_BUSY_PORT", FALSE));
  g_ptr_array_add (targets, local_target ("localhost", "HTTPS_OK_PORT", TRUE));
  g_ptr_array_add (targets, local_target ("127.0.0.1", "REFUSED_PORT", FALSE));
  wsd_prober_set_extra_ca_file (prober, probe_harness_get (harness, "CA_FILE"));
  wsd_prober_run_async (prober, targets, "wsus01.test", on_live_step, &live, NULL, NULL, on_live_done, &live);
  while (!live.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (live.result->targets->len, ==, 4);
  g_assert_cmpstr (live.result->server, ==, "wsus01.test");
  for (guint i = 0; i < live.result->targets->len; i++)
    {
      WsdProbeTarget *target = g_ptr_array_index (live.result->targets, i);
      guint position = 0;

      total += target->steps->len;
      /* the steps of one target arrive in their order */
      for (guint j = 0; j < live.seen->len; j++)
        {
          g_autofree char *prefix = g_strdup_printf ("%u:", i);
          const char *entry = g_ptr_array_index (live.seen, j);

          if (!g_str_has_prefix (entry, prefix))
            continue;
          g_assert_cmpstr (entry + strlen (prefix), ==,
                           wsd_probe_step_kind_to_string (((WsdProbeStep *) g_ptr_array_index (target->steps, position))->step));
          position++;
        }
      g_assert_cmpuint (position, ==, target->steps->len);
    }
  g_assert_cmpuint (live.seen->len, ==, total);
  {
    g_autofree char *name = g_strdup_printf ("localhost:%s", probe_harness_get (harness, "HTTPS_OK_PORT"));
    g_assert_cmpstr (((WsdProbeTarget *) g_ptr_array_index (live.result->targets, 2))->name, ==, name);
  }
  g_ptr_array_unref (live.seen);
  wsd_probe_result_free (live.result);
}

static JsonObject *
parse_object (const char *json, JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_cli_contract (void)
{
  g_autofree char *upstream = NULL;
  g_autofree char *busy = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *target;
  JsonArray *steps;

  SKIP_WITHOUT_HARNESS ();
  upstream = g_strdup_printf ("127.0.0.1:%s", probe_harness_get (harness, "HTTP_OK_PORT"));
  {
    const char *argv[] = { "--memory", "probe", "--upstream", upstream, "--timeout", "5", "--json", NULL };
    g_assert_cmpint (probe_run_cli (argv, NULL, &out, &err), ==, 0);
  }
  root = parse_object (out, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "seen_from"), ==, "this workstation");
  g_assert_true (json_object_has_member (root, "started"));
  target = json_array_get_object_element (json_object_get_array_member (root, "targets"), 0);
  g_assert_cmpstr (json_object_get_string_member (target, "name"), ==, upstream);
  g_assert_cmpstr (json_object_get_string_member (target, "kind"), ==, "upstream");
  steps = json_object_get_array_member (target, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 5);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);
      g_assert_cmpstr (json_object_get_string_member (step, "status"), ==, "ok");
      g_assert_true (json_object_has_member (step, "elapsed_ms"));
      g_assert_false (json_object_has_member (step, "rule"));
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* a failed step: exit 1, the rule named in JSON and in the text table */
  busy = g_strdup_printf ("127.0.0.1:%s", probe_harness_get (harness, "HTTP_BUSY_PORT"));
  {
    const char *argv[] = { "--memory", "probe", "--upstream", busy, "--timeout", "5", NULL };
    g_assert_cmpint (probe_run_cli (argv, NULL, &out, &err), ==, 1);
  }
  g_assert_nonnull (strstr (out, "seen from this workstation"));
  g_assert_nonnull (strstr (out, "upstream-busy"));
  g_assert_nonnull (strstr (out, "rule upstream-busy: The upstream server"));   /* id + the rule's title */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* usage errors: exit 2 */
  {
    const char *none[] = { "--memory", "probe", NULL };
    const char *both[] = { "--memory", "probe", "--upstream", "a", "--microsoft-update", NULL };
    const char *bad_host[] = { "--memory", "probe", "--upstream", "a:99999", NULL };
    const char *bad_timeout[] = { "--memory", "probe", "--upstream", "a", "--timeout", "0", NULL };
    const char *password_arg[] = { "--memory", "probe", "--upstream", "a", "--password", "x", NULL };

    g_assert_cmpint (probe_run_cli (none, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (probe_run_cli (both, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (probe_run_cli (bad_host, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (probe_run_cli (bad_timeout, NULL, NULL, NULL), ==, 2);
    /* there is no way to give a password as an argument */
    g_assert_cmpint (probe_run_cli (password_arg, NULL, NULL, NULL), ==, 2);
  }
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  return memmem (data, length, needle, strlen (needle)) != NULL;
}

static void
store_server (const char *db_path, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdStore) store = wsd_store_open (db_path, &error);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *facts = g_strdup_printf (
    "{\"name\":\"%s\",\"upstream_server\":\"localhost\",\"upstream_port\":%s,\"upstream_use_ssl\":true,"
    "\"proxy\":{\"enabled\":true,\"host\":\"127.0.0.1\",\"port\":%s,\"user\":\"%s\",\"anonymous\":false,"
    "\"allow_basic_over_non_ssl\":true}}",
    name, probe_harness_get (harness, "HTTPS_OK_PORT"), probe_harness_get (harness, "SQUID_PORT"),
    probe_harness_get (harness, "PROXY_USER"));
  WsdServer *server = wsd_server_new (name);
  WsdSource *source = wsd_source_new ("bundle.json", "bundle");

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, facts, -1, NULL));
  server->facts = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  server->role = WSD_ROLE_DOWNSTREAM;
  source->fingerprint = g_compute_checksum_for_string (G_CHECKSUM_SHA256, facts, -1);
  g_ptr_array_add (batch->sources, source);
  g_ptr_array_add (batch->servers, server);
  g_assert_true (wsd_store_import_batch (store, batch, NULL, &error));
  g_assert_no_error (error);
}

/* The password given on stdin must end up nowhere but in the proxy's
 * Authorization header: not in the database (and its WAL), the JSON, the
 * text output, stderr, the command line or environment, the harness logs. */
static void
test_password_stays_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *cmdline = NULL;
  g_autofree char *environ_path = NULL;
  g_autofree char *basic = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(WsdProbeResult) stored = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDir) listing = NULL;
  g_autofree char *stdin_text = NULL;
  const char *password, *name;
  gsize cmdline_length = 0;

  SKIP_WITHOUT_HARNESS ();
  if (g_hash_table_lookup (harness->env, "SQUID_PORT") == NULL)
    {
      g_test_skip ("squid did not start");
      return;
    }
  password = probe_harness_get (harness, "PROXY_PASSWORD");
  {
    g_autofree char *pair = g_strdup_printf ("%s:%s", probe_harness_get (harness, "PROXY_USER"), password);
    basic = g_base64_encode ((const guchar *) pair, strlen (pair));
  }
  dir = g_dir_make_tmp ("wsd-probe-secret-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "history.sqlite3", NULL);
  store_server (db, "wsus01.test");

  {
    const char *argv[] = { g_getenv ("WSD_CLI"), "--database", db, "probe", "--server", "wsus01.test",
                           "--password-stdin", "--ca-file", probe_harness_get (harness, "CA_FILE"),
                           "--timeout", "5", "--json", NULL };

    process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
    g_assert_no_error (error);
  }
  /* the CLI waits for the password on stdin: its command line and
   * environment can be read while it runs */
  name = g_subprocess_get_identifier (process);
  cmdline_path = g_strdup_printf ("/proc/%s/cmdline", name);
  environ_path = g_strdup_printf ("/proc/%s/environ", name);
  g_assert_true (g_file_get_contents (cmdline_path, &cmdline, &cmdline_length, NULL));
  g_assert_cmpuint (cmdline_length, >, 0);
  g_assert_null (memmem (cmdline, cmdline_length, password, strlen (password)));
  g_assert_false (file_contains (environ_path, password));

  stdin_text = g_strdup_printf ("%s\n", password);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  /* the password worked (so the search below is not vacuous) */
  {
    JsonObject *root = parse_object (out, parser);
    JsonObject *target = json_array_get_object_element (json_object_get_array_member (root, "targets"), 0);
    JsonObject *proxy = json_array_get_object_element (json_object_get_array_member (target, "steps"), 2);

    g_assert_cmpstr (json_object_get_string_member (proxy, "step"), ==, "proxy");
    g_assert_cmpstr (json_object_get_string_member (proxy, "rule"), ==, "basic-auth-cleartext");
  }
  store = wsd_store_open (db, &error);
  g_assert_no_error (error);
  stored = wsd_store_latest_probe_result (store, "wsus01.test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpuint (stored->targets->len, ==, 1);

  /* the HTML report shows the check, never the password */
  {
    g_autoptr(WsdKnowledgeBase) kb = wsd_knowledge_base_new_builtin (&error);
    g_autofree char *report = g_build_filename (dir, "report.html", NULL);
    g_autofree char *html = NULL;
    g_autofree char *target_name = g_strdup_printf ("localhost:%s", probe_harness_get (harness, "HTTPS_OK_PORT"));
    WsdReportOptions options = { FALSE, NULL };
    WsdAnalysis *analysis;

    g_assert_no_error (error);
    analysis = wsd_analysis_new_from_store (store, kb, NULL, 0, &error);
    g_assert_no_error (error);
    g_assert_true (wsd_report_write_file (analysis, &options, report, NULL, &error));
    g_assert_no_error (error);
    wsd_analysis_free (analysis);
    g_assert_true (g_file_get_contents (report, &html, NULL, NULL));
    g_assert_nonnull (strstr (html, target_name));
    g_assert_nonnull (strstr (html, "basic-auth-cleartext"));
  }
  g_clear_object (&store);

  g_assert_null (strstr (out, password));
  g_assert_null (strstr (err, password));
  g_assert_null (strstr (out, basic));
  /* every file next to the database: the database, -wal, -shm, journals */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  for (const char *file = g_dir_read_name (listing); file != NULL; file = g_dir_read_name (listing))
    {
      g_autofree char *path = g_build_filename (dir, file, NULL);

      g_test_message ("searching %s", path);
      g_assert_false (file_contains (path, password));
      g_assert_false (file_contains (path, basic));
    }
  g_assert_false (file_contains (probe_harness_get (harness, "SQUID_ACCESS_LOG"), password));
  g_assert_false (file_contains (probe_harness_get (harness, "SQUID_CACHE_LOG"), password));
  g_assert_false (file_contains (probe_harness_get (harness, "NGINX_ACCESS_LOG"), password));

  {
    const char *remove[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) remove, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

/* The diagnoser reads the latest probe: a failed 03:00 sync whose error
 * names no cause, and a 09:00 check through the proxy answering 407. */
static void
test_probe_feeds_diagnosis (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *out = NULL;
  g_autoptr(WsdStore) store = NULL;
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(WsdProbeResult) probe = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  WsdProbeTargetSpec *spec;
  WsdRun *run;
  WsdSource *source;
  JsonObject *root, *run_json, *top;
  JsonArray *runs, *findings, *evidence;
  gboolean probe_evidence = FALSE;

  SKIP_WITHOUT_HARNESS ();
  if (g_hash_table_lookup (harness->env, "SQUID_PORT") == NULL)
    {
      g_test_skip ("squid did not start");
      return;
    }
  dir = g_dir_make_tmp ("wsd-probe-diagnosis-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "history.sqlite3", NULL);
  store = wsd_store_open (db, &error);
  g_assert_no_error (error);

  run = wsd_run_new ();
  run->server = g_strdup ("wsus01.test");
  run->history_id = g_strdup ("6f1a2b3c-0000-4000-8000-000000000301");
  run->started = wsd_time_parse_iso ("2026-11-20T03:00:12Z");
  run->finished = wsd_time_parse_iso ("2026-11-20T03:02:40Z");
  run->type = WSD_RUN_TYPE_SCHEDULED;
  run->result = WSD_RESULT_FAILED;
  run->error = g_strdup ("UssCommunicationError");
  run->error_text = g_strdup ("WebException: The request was aborted: The request was canceled.");
  source = wsd_source_new ("history.csv", "history-csv");
  source->fingerprint = g_strdup ("probe-feeds-diagnosis");
  g_ptr_array_add (batch->sources, source);
  g_ptr_array_add (batch->runs, run);
  g_assert_true (wsd_store_import_batch (store, batch, NULL, &error));
  g_assert_no_error (error);

  spec = proxied_target ("an-expired-password", FALSE);
  probe = probe_one (spec, 5000, probe_harness_get (harness, "CA_FILE"));
  wsd_probe_target_spec_free (spec);
  probe_assert_step (probe, WSD_PROBE_STEP_PROXY, WSD_PROBE_STATUS_FAILED, "proxy-auth");
  probe->server = g_strdup ("wsus01.test");
  probe->started = wsd_time_parse_iso ("2026-11-20T09:00:00Z");
  g_assert_true (wsd_store_add_probe_result (store, probe, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  {
    const char *argv[] = { "--database", db, "diagnose", "--server", "wsus01.test", "--json", NULL };
    probe_run_cli (argv, NULL, &out, NULL);
  }
  root = parse_object (out, parser);
  runs = json_object_get_array_member (root, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  run_json = json_array_get_object_element (runs, 0);
  findings = json_object_get_array_member (run_json, "findings");
  g_assert_cmpuint (json_array_get_length (findings), >, 0);
  top = json_array_get_object_element (findings, 0);
  g_assert_cmpstr (json_object_get_string_member (top, "rule"), ==, "proxy-auth");
  evidence = json_object_get_array_member (top, "evidence");
  for (guint i = 0; evidence != NULL && i < json_array_get_length (evidence); i++)
    {
      const char *text = json_object_get_string_member_with_default (json_array_get_object_element (evidence, i), "text", "");
      if (strstr (text, "407") != NULL)
        probe_evidence = TRUE;
    }
  g_assert_true (probe_evidence);

  {
    const char *remove[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) remove, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  harness = probe_harness_start ("all", &skip_reason);

  g_test_add_func ("/probe/servers/http-healthy", test_http_healthy);
  g_test_add_func ("/probe/servers/https-healthy-content-n-1", test_https_healthy);
  g_test_add_func ("/probe/servers/https-untrusted-without-ca", test_https_untrusted_without_ca);
  g_test_add_func ("/probe/servers/upstream-answers", test_upstream_answers);
  g_test_add_func ("/probe/servers/certificates", test_certificates);
  g_test_add_func ("/probe/servers/microsoft-root-with-ca-file", test_microsoft_root_with_ca_file);
  g_test_add_func ("/probe/servers/tls-version", test_tls_version);
  g_test_add_func ("/probe/servers/refused-and-unresolvable", test_refused_and_unresolvable);
  g_test_add_func ("/probe/servers/squid-basic-auth", test_squid_basic_auth);
  g_test_add_func ("/probe/servers/proxy-unreachable", test_proxy_unreachable);
  g_test_add_func ("/probe/servers/live-steps-and-concurrency", test_live_steps_and_concurrency);
  g_test_add_func ("/probe/servers/cli-contract", test_cli_contract);
  g_test_add_func ("/probe/servers/password-stays-secret", test_password_stays_secret);
  g_test_add_func ("/probe/servers/probe-feeds-diagnosis", test_probe_feeds_diagnosis);
  /* last: it checks that nothing before it called the authorization service */
  g_test_add_func ("/probe/servers/authorization-cookie-opt-in", test_authorization_cookie_opt_in);

  status = g_test_run ();
  if (harness != NULL)
    probe_harness_stop (harness);
  g_free (skip_reason);
  return status;
}
