/* wsd-run-item.h: one row of the synchronization list, made on demand by
 * WsdRunListModel from a cached page of runs and dropped when unused. */
#pragma once

#include <glib-object.h>
#include "wsd-run.h"

G_BEGIN_DECLS

#define WSD_TYPE_RUN_ITEM (wsd_run_item_get_type ())
G_DECLARE_FINAL_TYPE (WsdRunItem, wsd_run_item, WSD, RUN_ITEM, GObject)

/* Copies the list facts of @run (not its evidence). */
WsdRunItem *wsd_run_item_new             (const WsdRun *run, const char *diagnosis);
/* A row whose run is still being read (id 0, nothing known): shown empty
 * until the list signals the real row. */
WsdRunItem *wsd_run_item_new_placeholder (void);
gboolean    wsd_run_item_is_placeholder  (WsdRunItem *self);

gint64      wsd_run_item_get_id          (WsdRunItem *self);
const char *wsd_run_item_get_server      (WsdRunItem *self);
gint64      wsd_run_item_get_started     (WsdRunItem *self);
gint64      wsd_run_item_get_finished    (WsdRunItem *self);
WsdRunType  wsd_run_item_get_run_type    (WsdRunItem *self);
WsdResult   wsd_run_item_get_result      (WsdRunItem *self);
const char *wsd_run_item_get_error       (WsdRunItem *self);
/* -1 = not known */
int         wsd_run_item_get_new_updates     (WsdRunItem *self);
int         wsd_run_item_get_revised_updates (WsdRunItem *self);
int         wsd_run_item_get_expired_updates (WsdRunItem *self);
/* Title of the top finding; NULL when not diagnosed. */
const char *wsd_run_item_get_diagnosis   (WsdRunItem *self);

G_END_DECLS
