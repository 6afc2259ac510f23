/* wsd-overview-page.h: "All servers": the upstream → downstream/replica
 * hierarchy with each server's last success and failure streak. */
#pragma once

#include <gtk/gtk.h>
#include "wsd-store.h"

G_BEGIN_DECLS

typedef struct {
  WsdServer *server;        /* owned */
  char      *upstream;      /* name of the server it syncs from, NULL = Microsoft Update / unknown */
  gint64     runs;
  gint64     last_run;      /* µs UTC, 0 = none */
  WsdResult  last_result;
  gint64     last_success;  /* µs UTC, 0 = never */
  gint64     streak;        /* failed runs since the last success */
} WsdServerSummary;

void       wsd_server_summary_free (WsdServerSummary *summary);
/* One summary per server that has facts or runs, in hierarchy order
 * (each upstream followed by its downstreams), @out_depths gets each
 * entry's depth. */
GPtrArray *wsd_server_summaries_from_store (WsdStore *store, GArray **out_depths, GError **error);

#define WSD_TYPE_OVERVIEW_PAGE (wsd_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (WsdOverviewPage, wsd_overview_page, WSD, OVERVIEW_PAGE, GtkWidget)

GtkWidget *wsd_overview_page_new    (void);
/* @summaries: WsdServerSummary* in hierarchy order; @depths: int per entry. */
void       wsd_overview_page_update (WsdOverviewPage *self, GPtrArray *summaries, GArray *depths);
guint      wsd_overview_page_get_n_servers (WsdOverviewPage *self);

G_END_DECLS
