/* report-sample.c: writes a report of the realistic fixture, for looking
 * at it and for the screenshots in docs/ (built, not run as a test).
 *
 *   report-sample OUTPUT.html [--redact] [--runs N] [--failures N] [--servers N] */
#include <stdlib.h>

#include "wsd-report-writer.h"
#include "report-fixture.h"

int
main (int argc, char **argv)
{
  ReportFixtureSpec spec = { .n_runs = 160, .n_failures = 38, .n_servers = 4, .seed = 11, .with_probe = TRUE };
  WsdReportOptions options = { 0 };
  g_autoptr(WsdAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  const char *output = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--redact"))
        options.redact = TRUE;
      else if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        spec.n_runs = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--failures") && i + 1 < argc)
        spec.n_failures = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--servers") && i + 1 < argc)
        spec.n_servers = atoi (argv[++i]);
      else
        output = argv[i];
    }
  if (output == NULL)
    {
      g_printerr ("usage: report-sample OUTPUT.html [--redact] [--runs N] [--failures N] [--servers N]\n");
      return 2;
    }
  analysis = report_fixture_build (&spec);
  if (!wsd_report_write_file (analysis, &options, output, NULL, &error))
    {
      g_printerr ("report-sample: %s\n", error->message);
      return 1;
    }
  return 0;
}
