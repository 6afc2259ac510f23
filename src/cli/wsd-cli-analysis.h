/* wsd-cli-analysis.h: what "diagnose", "check" (and "report") share: the
 * evidence named on the command line read into an in-memory store, or the
 * database, and the analysis of it. */
#pragma once

#include "wsd-cli.h"
#include "wsd-analysis.h"

G_BEGIN_DECLS

/* With @paths: imports them into a new in-memory store (the database is
 * not touched); without: opens the store the global options name. Then
 * analyses it (only @server when given). Returns NULL with @error set on
 * failure; the message names the command. */
WsdAnalysis *wsd_cli_analyse (WsdCliContext *context, const char *const *paths,
                              const char *server, const char *command, GError **error);

G_END_DECLS
