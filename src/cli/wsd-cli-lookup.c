/* wsd-cli-lookup.c: the "lookup" command. */
#include "wsd-cli.h"

int
wsd_cli_lookup (WsdCliContext *context, int argc, char **argv)
{
  /* TODO: replaced by the issue that delivers "lookup". */
  wsd_cli_error ("“lookup” is not available in this build");
  return WSD_CLI_EXIT_FAILURE;
}
