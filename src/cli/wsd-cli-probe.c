/* wsd-cli-probe.c: the "probe" command. */
#include "wsd-cli.h"

int
wsd_cli_probe (WsdCliContext *context, int argc, char **argv)
{
  /* TODO: replaced by the issue that delivers "probe". */
  wsd_cli_error ("“probe” is not available in this build");
  return WSD_CLI_EXIT_FAILURE;
}
