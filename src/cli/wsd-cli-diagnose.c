/* wsd-cli-diagnose.c: the "diagnose" command. */
#include "wsd-cli.h"

int
wsd_cli_diagnose (WsdCliContext *context, int argc, char **argv)
{
  /* TODO: replaced by the issue that delivers "diagnose". */
  wsd_cli_error ("“diagnose” is not available in this build");
  return WSD_CLI_EXIT_FAILURE;
}
