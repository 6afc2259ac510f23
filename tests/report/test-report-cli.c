/* test-report-cli.c: "report" end to end through the built CLI: exit
 * statuses, the file written atomically, redaction applied. */
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

typedef struct {
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
}

static CliResult
run_cli (const char *first, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  CliResult result = { 0 };
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("WSD_CLI"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result.out, &result.err, &error);
  g_assert_no_error (error);
  result.status = g_subprocess_get_exit_status (process);
  return result;
}

static char *
bundle_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "report", "data", "bundle-wsus07", NULL);
}

static gboolean
folder_is_empty (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  return g_dir_read_name (handle) == NULL;
}

static void
test_usage (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wsd-cli-report-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "r.html", NULL);
  CliResult r;

  r = run_cli ("--memory", "report", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--output"));
  cli_result_clear (&r);

  r = run_cli ("--memory", "report", "--output", out, "--no-such-option", NULL);
  g_assert_cmpint (r.status, ==, 2);
  cli_result_clear (&r);

  r = run_cli ("--memory", "report", "--output", out, "--since", "last tuesday", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "last tuesday"));
  cli_result_clear (&r);
  g_assert_true (folder_is_empty (dir));
  g_rmdir (dir);
}

static void
test_report_from_paths (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wsd-cli-report-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "r.html", NULL);
  g_autofree char *bundle = bundle_path ();
  g_autofree char *html = NULL;
  CliResult r = run_cli ("--memory", "report", "--output", out, "--server", "wsus07.contoso.example", bundle, NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""));
  g_assert_null (strstr (html, "<script"));
  g_assert_nonnull (strstr (html, "wsus07.contoso.example"));
  g_assert_nonnull (strstr (html, "10.71.4.20"));
  g_assert_nonnull (strstr (html, "wsus-hq.contoso.example"));
  /* The diagnosis made it into the report: a cause with its steps. */
  g_assert_nonnull (strstr (html, "upstream-name-resolution"));
  g_assert_nonnull (strstr (html, "<ol class=\"steps\">"));
  g_assert_nonnull (strstr (html, "<tr class=\"r-failed\">"));
  g_assert_nonnull (strstr (html, "<tr class=\"r-succeeded\">"));
  cli_result_clear (&r);

  /* --since leaves out older runs. */
  r = run_cli ("--memory", "report", "--output", out, "--since", "2026-11-19", "--server", "wsus07.contoso.example", bundle, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_clear_pointer (&html, g_free);
  g_assert_true (g_file_get_contents (out, &html, NULL, NULL));
  g_assert_null (strstr (html, "2026-11-17 03:00"));
  g_assert_nonnull (strstr (html, "2026-11-19 03:00"));
  cli_result_clear (&r);

  g_unlink (out);
  g_assert_true (folder_is_empty (dir));
  g_rmdir (dir);
}

static void
test_redacted (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wsd-cli-report-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "r.html", NULL);
  g_autofree char *bundle = bundle_path ();
  g_autofree char *html = NULL, *lower = NULL;
  CliResult r = run_cli ("--memory", "report", "--redact", "--output", out, "--server", "wsus07.contoso.example", bundle, NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &html, NULL, NULL));
  lower = g_ascii_strdown (html, -1);
  g_assert_null (strstr (lower, "contoso"));
  g_assert_null (strstr (lower, "wsus07"));
  g_assert_null (strstr (lower, "wsus-hq"));
  g_assert_null (strstr (lower, "svc-wsus07"));
  g_assert_null (strstr (lower, "10.71.4.20"));
  g_assert_nonnull (strstr (html, "host-1"));
  g_assert_nonnull (strstr (html, "ipv4-1"));
  g_assert_nonnull (strstr (html, "\\user-1"));
  cli_result_clear (&r);
  g_unlink (out);
  g_rmdir (dir);
}

static void
test_failures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wsd-cli-report-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "r.html", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "missing", "r.html", NULL);
  g_autofree char *missing_input = g_build_filename (dir, "no-such-log.txt", NULL);
  g_autofree char *bundle = bundle_path ();
  g_autofree char *html = NULL;
  CliResult r;

  /* An input that does not exist: exit 1 naming it, no report. */
  r = run_cli ("--memory", "report", "--output", out, missing_input, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no-such-log.txt"));
  g_assert_true (folder_is_empty (dir));
  cli_result_clear (&r);

  /* A folder that does not exist for the output: exit 1, nothing left. */
  r = run_cli ("--memory", "report", "--output", missing_dir, bundle, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "missing"));
  g_assert_true (folder_is_empty (dir));
  cli_result_clear (&r);

  /* A server that is not there: exit 1, an existing report stays as it was. */
  g_assert_true (g_file_set_contents (out, "previous report", -1, NULL));
  r = run_cli ("--memory", "report", "--output", out, "--server", "nosuchserver", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_file_get_contents (out, &html, NULL, NULL));
  g_assert_cmpstr (html, ==, "previous report");
  cli_result_clear (&r);
  g_unlink (out);
  g_assert_true (folder_is_empty (dir));
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/cli/usage", test_usage);
  g_test_add_func ("/report/cli/from-paths", test_report_from_paths);
  g_test_add_func ("/report/cli/redacted", test_redacted);
  g_test_add_func ("/report/cli/failures", test_failures);
  return g_test_run ();
}
