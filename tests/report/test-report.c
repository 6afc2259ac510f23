/* test-report.c: HTML escaping, redaction, report content and atomic
 * writing (the browser test is test-report-browser.c). */
#include <string.h>
#include <glib/gstdio.h>

#include "wsd-html.h"
#include "wsd-redactor.h"
#include "wsd-report-writer.h"
#include "report-fixture.h"

static char *
render (const WsdAnalysis *analysis, gboolean redact)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  WsdReportOptions options = { .redact = redact };

  g_assert_true (wsd_report_write (analysis, &options, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_output_stream_close (stream, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_escape (void)
{
  g_autofree char *a = wsd_html_escape ("<script>alert(\"x\")</script> & 'q'", -1);
  g_autofree char *b = wsd_html_escape ("bad \xc0\xaf utf8 \xff end", -1);
  g_autofree char *c = wsd_html_escape ("nul\0after", 9);
  g_autofree char *d = wsd_html_escape ("abc\xe2\x80\xae" "fdp.exe", -1);
  g_autofree char *e = wsd_html_escape ("bell\x07 c1\xc2\x85 tab\tnl\n", -1);

  g_assert_cmpstr (a, ==, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
  g_assert_true (g_utf8_validate (b, -1, NULL));
  g_assert_null (strstr (b, "\xc0"));
  g_assert_nonnull (strstr (b, "\xef\xbf\xbd"));
  g_assert_cmpstr (c, ==, "nul\xef\xbf\xbd" "after");
  g_assert_cmpstr (d, ==, "abc[U+202E]fdp.exe");
  g_assert_cmpstr (e, ==, "bell\xef\xbf\xbd c1\xef\xbf\xbd tab\tnl\n");

  g_assert_true (wsd_html_url_is_safe ("https://learn.microsoft.com/troubleshoot/x?a=1&b=2"));
  g_assert_true (wsd_html_url_is_safe ("http://example.org/"));
  g_assert_false (wsd_html_url_is_safe ("javascript:alert(1)"));
  g_assert_false (wsd_html_url_is_safe ("JaVaScRiPt:alert(1)"));
  g_assert_false (wsd_html_url_is_safe (" https://x.example/"));
  g_assert_false (wsd_html_url_is_safe ("https://x.example/\"onmouseover=\"x"));
  g_assert_false (wsd_html_url_is_safe ("data:text/html,<script>"));
  g_assert_false (wsd_html_url_is_safe ("https:///path"));
  g_assert_false (wsd_html_url_is_safe ("//evil.example/x"));
  g_assert_false (wsd_html_url_is_safe ("https://x.example/\xe2\x80\xae"));
}

static void
test_redactor (void)
{
  g_autoptr(WsdRedactor) redactor = wsd_redactor_new ();
  g_autoptr(WsdServer) server = report_fixture_server ("wsus01.corp.example",
    "{\"upstream_server\":\"WSUS-HQ\",\"proxy\":{\"host\":\"proxy.corp.example\",\"user\":\"svc-wsus\",\"domain\":\"CORP\"}}");
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL, *g = NULL, *h = NULL;

  wsd_redactor_add_server (redactor, server);
  a = wsd_redactor_redact (redactor, "The remote name could not be resolved: 'wsus01.corp.example' (WSUS01, wsus01)");
  g_assert_cmpstr (a, ==, "The remote name could not be resolved: 'host-1' (host-1, host-1)");
  b = wsd_redactor_redact (redactor, "https://WSUS-HQ:8531/ServerSyncWebService/ServerSyncWebService.asmx via proxy.corp.example:8080");
  g_assert_cmpstr (b, ==, "https://host-2:8531/ServerSyncWebService/ServerSyncWebService.asmx via host-3:8080");
  c = wsd_redactor_redact (redactor, "CORP\\svc-wsus logged on; svc-wsus@corp.example; \"user\": \"alice\"; user=bob");
  g_assert_cmpstr (c, ==, "domain-2\\user-1 logged on; user-1@domain-1; \"user\": \"user-2\"; user=user-3");
  d = wsd_redactor_redact (redactor, "connect to 10.20.1.15:8531 and [fd00:20:1::15]:8531 and fd00:20:1::15, not 127.0.0.1; 10.20.1.15 again");
  g_assert_cmpstr (d, ==, "connect to ipv4-1:8531 and [ipv6-1]:8531 and ipv6-1, not 127.0.0.1; ipv4-1 again");
  /* Kept: Microsoft hosts, .NET names, versions, clock times, paths, built-in accounts. */
  e = wsd_redactor_redact (redactor, "https://sws.update.microsoft.com/x fe2.update.microsoft.com download.windowsupdate.com "
                                     "System.Net.WebException ASP.NET 10.0.17763.678 03:00:12 D:\\WSUS\\WsusContent "
                                     "C:\\Program Files\\Update Services NT AUTHORITY\\NETWORK SERVICE BUILTIN\\Users SoftwareDistribution.log");
  g_assert_cmpstr (e, ==, "https://sws.update.microsoft.com/x fe2.update.microsoft.com download.windowsupdate.com "
                          "System.Net.WebException ASP.NET 10.0.17763.678 03:00:12 D:\\WSUS\\WsusContent "
                          "C:\\Program Files\\Update Services NT AUTHORITY\\NETWORK SERVICE BUILTIN\\Users SoftwareDistribution.log");
  /* An unknown FQDN is learnt, then its alias is stable. */
  f = wsd_redactor_redact (redactor, "files.branch.contoso.net and FILES.BRANCH.CONTOSO.NET and \\\\fileserver7\\share");
  g_assert_cmpstr (f, ==, "host-4 and host-4 and \\\\host-5\\share");
  g = wsd_redactor_redact (redactor, "http://admin:secret@intranet-wsus:8530/x");
  g_assert_cmpstr (g, ==, "http://user-4:***@host-6:8530/x");
  /* UTF-8 passes through untouched. */
  h = wsd_redactor_redact (redactor, "Der Remotename konnte nicht aufgelöst werden: „wsus01.corp.example“");
  g_assert_cmpstr (h, ==, "Der Remotename konnte nicht aufgelöst werden: „host-1“");
  g_assert_cmpstr (wsd_redactor_host_alias (redactor, "wsus01.corp.example"), ==, "host-1");
  /* A collector folder named after the server. */
  g_clear_pointer (&h, g_free);
  h = wsd_redactor_redact (redactor, "WsusSyncDiagnostics-wsus01-20261101-090500/logs and pre-WSUS-HQ and non-blocking");
  g_assert_cmpstr (h, ==, "WsusSyncDiagnostics-host-1-20261101-090500/logs and pre-host-2 and non-blocking");
}

static WsdAnalysis *
small_analysis (void)
{
  ReportFixtureSpec spec = { .n_runs = 300, .n_failures = 90, .n_servers = 4, .seed = 7, .with_probe = TRUE };
  return report_fixture_build (&spec);
}

static void
test_content (void)
{
  g_autoptr(WsdAnalysis) analysis = small_analysis ();
  g_autofree char *html = render (analysis, FALSE);
  guint failed = 0;

  for (guint i = 0; i < analysis->runs->len; i++)
    failed += ((WsdRunDiagnosis *) g_ptr_array_index (analysis->runs, i))->run->result == WSD_RESULT_FAILED;
  g_assert_cmpuint (analysis->runs->len, ==, 300);
  g_assert_cmpuint (failed, ==, 90);

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<link"));
  g_assert_cmpuint (count (html, "<style>"), ==, 1);
  g_assert_nonnull (strstr (html, "prefers-color-scheme: dark"));
  g_assert_nonnull (strstr (html, "@media print"));
  for (const char *id = "summary\0charts\0incidents\0configuration\0probes\0runs\0"; *id; id += strlen (id) + 1)
    {
      g_autofree char *needle = g_strdup_printf ("<section id=\"%s\">", id);
      g_assert_nonnull (strstr (html, needle));
    }
  g_assert_cmpuint (count (html, "<svg "), ==, 2);
  g_assert_nonnull (strstr (html, "class=\"bar-fail\""));
  g_assert_nonnull (strstr (html, "class=\"bar-ok\""));
  /* Every run in the appendix, one row each. */
  g_assert_cmpuint (count (html, "<tr class=\"r-"), ==, 300);
  g_assert_cmpuint (count (html, "<tr class=\"r-failed\">"), ==, 90);
  /* Incidents: retries with their attempt numbers, findings, steps, links. */
  g_assert_nonnull (strstr (html, "retry 2"));
  g_assert_nonnull (strstr (html, "<ol class=\"steps\">"));
  g_assert_nonnull (strstr (html, "<a href=\"https://learn.microsoft.com/"));
  g_assert_nonnull (strstr (html, "SoftwareDistribution.log</code>") != NULL ? "" : NULL);
  g_assert_nonnull (strstr (html, "Server facts"));
  g_assert_nonnull (strstr (html, "firewall-blocked"));
  g_assert_nonnull (strstr (html, "WSUS Sync Doctor " ));
  /* Identical consecutive incidents collapse into one block with a count. */
  g_assert_nonnull (strstr (html, "<span class=\"badge repeat\">× "));
  g_assert_nonnull (strstr (html, "The same failure (same server, same cause, same error) happened"));
}

static void
test_collapse (void)
{
  g_autoptr(WsdAnalysis) analysis = wsd_analysis_new ();
  g_autofree char *html = NULL;
  gint64 day = G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  gint64 start = G_GINT64_CONSTANT (1790812800) * G_USEC_PER_SEC;

  g_ptr_array_add (analysis->servers, wsd_server_new ("wsus01"));
  /* 12 identical daily failures, a success, then 2 more of the same. */
  for (guint i = 0; i < 15; i++)
    {
      WsdRun *run = wsd_run_new ();
      GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);

      run->server = g_strdup ("wsus01");
      run->started = start + i * day;
      run->finished = run->started + 60 * G_USEC_PER_SEC;
      run->result = i == 12 ? WSD_RESULT_SUCCEEDED : WSD_RESULT_FAILED;
      if (i != 12)
        {
          run->error = g_strdup ("UssCommunicationError");
          g_ptr_array_add (findings, report_fixture_finding ("proxy-auth", WSD_FINDING_CAUSE, "Proxy 407", NULL, NULL, NULL, 0.9));
        }
      g_ptr_array_add (analysis->runs, wsd_run_diagnosis_new (run, findings));
    }
  html = render (analysis, FALSE);
  g_assert_nonnull (strstr (html, "<span class=\"badge repeat\">× 12</span>"));
  g_assert_nonnull (strstr (html, "happened <strong>× 12</strong>, 2026-10-01 → 2026-10-12."));
  g_assert_nonnull (strstr (html, "<span class=\"badge repeat\">× 2</span>"));
  g_assert_cmpuint (count (html, "<article class=\"incident\""), ==, 2);
  g_assert_nonnull (strstr (html, "<strong class=\"bad\">2</strong> since 2026-10-14 00:00"));
}

static void
test_redacted_report (void)
{
  g_autoptr(WsdAnalysis) analysis = small_analysis ();
  g_autofree char *html = render (analysis, TRUE);
  g_autofree char *plain = render (analysis, FALSE);
  g_autofree char *lower = g_ascii_strdown (html, -1);

  g_assert_nonnull (strstr (plain, "corp.example"));
  g_assert_nonnull (strstr (plain, "10.20.1.15"));
  g_assert_null (strstr (lower, "corp.example"));
  g_assert_null (strstr (lower, "wsus-hq"));
  g_assert_null (strstr (lower, "wsus01"));
  g_assert_null (strstr (lower, "sup01"));
  g_assert_null (strstr (lower, "svc-wsus"));
  g_assert_null (strstr (lower, "10.20.1.15"));
  g_assert_null (strstr (lower, "fd00:20:1::15"));
  g_assert_null (strstr (html, "CORP\\"));
  g_assert_nonnull (strstr (html, "host-1"));
  g_assert_nonnull (strstr (html, "ipv4-1"));
  g_assert_nonnull (strstr (html, "sws.update.microsoft.com"));
  g_assert_nonnull (strstr (html, "NT AUTHORITY\\NETWORK SERVICE"));
  g_assert_nonnull (strstr (html, "masked (hosts, domains, users, addresses)"));
}

static void
assert_no_temp_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (handle)) != NULL)
    g_assert_false (name[0] == '.');
}

static void
test_atomic_file (void)
{
  g_autoptr(WsdAnalysis) analysis = small_analysis ();
  g_autofree char *dir = g_dir_make_tmp ("wsd-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.html", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_true (wsd_report_write_file (analysis, NULL, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "</html>\n"));
  assert_no_temp_files (dir);

  /* A folder that does not exist: an error naming it, nothing written. */
  g_assert_false (wsd_report_write_file (analysis, NULL, missing, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);

  /* A failure while writing (cancelled) leaves the old report and no temp file. */
  g_assert_true (g_file_set_contents (path, "old report", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (wsd_report_write_file (analysis, NULL, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old report");
  assert_no_temp_files (dir);

  g_unlink (path);
  g_rmdir (dir);
}

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (wsd_report_write_file_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async_file (void)
{
  g_autoptr(WsdAnalysis) analysis = small_analysis ();
  g_autofree char *dir = g_dir_make_tmp ("wsd-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "async.html", NULL);
  WsdReportOptions options = { .redact = TRUE, .title = "Quarterly <review>" };
  g_autofree char *contents = NULL;
  gboolean done = FALSE;

  wsd_report_write_file_async (analysis, &options, path, NULL, on_written, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<title>Quarterly &lt;review&gt;</title>"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/escape", test_escape);
  g_test_add_func ("/report/redactor", test_redactor);
  g_test_add_func ("/report/content", test_content);
  g_test_add_func ("/report/collapse", test_collapse);
  g_test_add_func ("/report/redacted", test_redacted_report);
  g_test_add_func ("/report/atomic-file", test_atomic_file);
  g_test_add_func ("/report/async-file", test_async_file);
  return g_test_run ();
}
