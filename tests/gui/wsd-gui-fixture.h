/* wsd-gui-fixture.h: a realistic history for window tests, screenshots and
 * the benchmark, built as an import batch (no parser involved). */
#pragma once

#include "wsd-store.h"

G_BEGIN_DECLS

/* Three servers (an upstream syncing from Microsoft Update, a downstream
 * and a replica of it) with @n_days of daily scheduled syncs ending at
 * @now: proxy 407 failures with retries, a content-permission failure, a
 * canceled manual sync, the rest succeeded with update counts. */
WsdImportBatch *wsd_gui_fixture_batch      (gint64 now, guint n_days, const char *log_path);
/* Creates @path and imports the batch. FALSE + error when the store
 * cannot (e.g. its import is not built yet). */
gboolean        wsd_gui_fixture_make_store (const char *path, gint64 now, guint n_days, GError **error);
/* Path of a SoftwareDistribution.log-like file whose byte offsets match the
 * evidence of the batch (written by wsd_gui_fixture_write_log). */
gboolean        wsd_gui_fixture_write_log  (const char *path, WsdImportBatch *batch, GError **error);
/* A failed synchronization with the given error, for widget tests. */
WsdRun         *wsd_gui_fixture_failed_run (gint64 started);

G_END_DECLS
