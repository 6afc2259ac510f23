/* bench-report.c: time and size of the HTML report (built, not run as a
 * test). Baseline in the same run: writing the same number of bytes with
 * plain fwrite() and fsync() to the same folder.
 *
 *   bench-report [DIR]    (DIR defaults to the temporary folder) */
#include <stdio.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "wsd-report-writer.h"
#include "report-fixture.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static double
fwrite_baseline (const char *path, gsize bytes)
{
  static char block[64 * 1024];
  gint64 start = g_get_monotonic_time ();
  FILE *file = fopen (path, "wb");

  memset (block, 'x', sizeof block);
  for (gsize done = 0; done < bytes; done += sizeof block)
    fwrite (block, 1, MIN (sizeof block, bytes - done), file);
  fflush (file);
  fsync (fileno (file));
  fclose (file);
  return seconds_since (start);
}

static void
bench (const char *dir, guint runs, guint failures, gboolean redact, double limit_s, double limit_mb)
{
  ReportFixtureSpec spec = { .n_runs = runs, .n_failures = failures, .n_servers = 4, .seed = 3, .with_probe = TRUE };
  WsdReportOptions options = { .redact = redact };
  g_autofree char *path = g_build_filename (dir, "bench-report.html", NULL);
  g_autofree char *baseline_path = g_build_filename (dir, "bench-baseline.bin", NULL);
  g_autoptr(WsdAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gint64 start;
  double build_s, write_s, baseline_s, mb;

  start = g_get_monotonic_time ();
  analysis = report_fixture_build (&spec);
  build_s = seconds_since (start);

  start = g_get_monotonic_time ();
  if (!wsd_report_write_file (analysis, &options, path, NULL, &error))
    g_error ("%s", error->message);
  write_s = seconds_since (start);
  g_stat (path, &st);
  mb = st.st_size / 1e6;
  baseline_s = fwrite_baseline (baseline_path, st.st_size);

  printf ("%7u runs %6u failures%-9s  report %.3f s  %6.2f MB  | fwrite baseline %.3f s  | x%.1f  | fixture %.2f s  [%s]\n",
          runs, failures, redact ? " redacted" : "", write_s, mb, baseline_s,
          baseline_s > 0 ? write_s / baseline_s : 0, build_s,
          write_s <= limit_s && (limit_mb <= 0 || mb <= limit_mb) ? "within target" : "OVER TARGET");
  g_unlink (path);
  g_unlink (baseline_path);
}

int
main (int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : g_get_tmp_dir ();

  printf ("HTML report benchmark (targets: 10,000 runs ≤ 1 s and ≤ 5 MB; 100,000 runs ≤ 5 s)\n");
  bench (dir, 10000, 2000, FALSE, 1.0, 5.0);
  bench (dir, 10000, 2000, TRUE, 1.0, 5.0);
  bench (dir, 100000, 20000, FALSE, 5.0, 0);
  bench (dir, 100000, 20000, TRUE, 5.0, 0);
  return 0;
}
