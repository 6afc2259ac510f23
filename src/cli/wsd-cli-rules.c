/* wsd-cli-rules.c: the "rules" command. */
#include "wsd-cli.h"

int
wsd_cli_rules (WsdCliContext *context, int argc, char **argv)
{
  /* TODO: replaced by the issue that delivers "rules". */
  wsd_cli_error ("“rules” is not available in this build");
  return WSD_CLI_EXIT_FAILURE;
}
