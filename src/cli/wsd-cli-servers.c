/* wsd-cli-servers.c: the "servers" command. */
#include "wsd-cli.h"

int
wsd_cli_servers (WsdCliContext *context, int argc, char **argv)
{
  /* TODO: replaced by the issue that delivers "servers". */
  wsd_cli_error ("“servers” is not available in this build");
  return WSD_CLI_EXIT_FAILURE;
}
