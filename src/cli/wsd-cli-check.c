/* wsd-cli-check.c: the "check" command. */
#include "wsd-cli.h"

int
wsd_cli_check (WsdCliContext *context, int argc, char **argv)
{
  /* TODO: replaced by the issue that delivers "check". */
  wsd_cli_error ("“check” is not available in this build");
  return WSD_CLI_EXIT_FAILURE;
}
