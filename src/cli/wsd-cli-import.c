/* wsd-cli-import.c: the "import" command. */
#include "wsd-cli.h"

int
wsd_cli_import (WsdCliContext *context, int argc, char **argv)
{
  /* TODO: replaced by the issue that delivers "import". */
  wsd_cli_error ("“import” is not available in this build");
  return WSD_CLI_EXIT_FAILURE;
}
