/* wsd-cli.h: what every command of wsus-sync-doctor-cli shares. */
#pragma once

#include "wsd-store.h"
#include "wsd-cli-text.h"

G_BEGIN_DECLS

/* Exit statuses of the CLI contract (DESIGN.md). */
enum {
  WSD_CLI_EXIT_OK = 0,
  WSD_CLI_EXIT_FAILURE = 1,
  WSD_CLI_EXIT_USAGE = 2,
};

typedef struct {
  const char *database;   /* --database FILE; NULL = default path */
  gboolean    memory;     /* --memory */
} WsdCliContext;

/* Opens the store the global options name. Prints the error and returns NULL
 * on failure. */
WsdStore *wsd_cli_open_store (WsdCliContext *context);
/* The same, with the error returned instead of printed. */
WsdStore *wsd_cli_try_open_store (WsdCliContext *context, GError **error);

/* The stored name of the server called @name (case does not matter), or
 * WSD_ERROR_NOT_FOUND. */
gboolean  wsd_cli_resolve_server (WsdStore *store, const char *name, char **out_name, GError **error);

/* Prints "wsus-sync-doctor-cli: MESSAGE" to stderr. */
void      wsd_cli_error      (const char *format, ...) G_GNUC_PRINTF (1, 2);

typedef int (*WsdCliCommandFunc) (WsdCliContext *context, int argc, char **argv);

int wsd_cli_import   (WsdCliContext *context, int argc, char **argv);
int wsd_cli_servers  (WsdCliContext *context, int argc, char **argv);
int wsd_cli_runs     (WsdCliContext *context, int argc, char **argv);
int wsd_cli_diagnose (WsdCliContext *context, int argc, char **argv);
int wsd_cli_probe    (WsdCliContext *context, int argc, char **argv);
int wsd_cli_report   (WsdCliContext *context, int argc, char **argv);
int wsd_cli_lookup   (WsdCliContext *context, int argc, char **argv);
int wsd_cli_rules    (WsdCliContext *context, int argc, char **argv);
int wsd_cli_check    (WsdCliContext *context, int argc, char **argv);

G_END_DECLS
