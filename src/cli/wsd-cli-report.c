/* wsd-cli-report.c: the "report" command. */
#include "wsd-cli.h"

int
wsd_cli_report (WsdCliContext *context, int argc, char **argv)
{
  /* TODO: replaced by the issue that delivers "report". */
  wsd_cli_error ("“report” is not available in this build");
  return WSD_CLI_EXIT_FAILURE;
}
