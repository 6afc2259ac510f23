/* wsd-cli-runs.c: the "runs" command. */
#include "wsd-cli.h"

int
wsd_cli_runs (WsdCliContext *context, int argc, char **argv)
{
  /* TODO: replaced by the issue that delivers "runs". */
  wsd_cli_error ("“runs” is not available in this build");
  return WSD_CLI_EXIT_FAILURE;
}
