/* wsd-server-tree.h: the console's left pane: "All servers", then each
 * server with its Synchronizations, Probes and Configuration nodes. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  WSD_TREE_PAGE_OVERVIEW = 0,
  WSD_TREE_PAGE_RUNS,
  WSD_TREE_PAGE_PROBES,
  WSD_TREE_PAGE_CONFIGURATION,
} WsdTreePage;

#define WSD_TYPE_SERVER_TREE (wsd_server_tree_get_type ())
G_DECLARE_FINAL_TYPE (WsdServerTree, wsd_server_tree, WSD, SERVER_TREE, GtkWidget)

GtkWidget  *wsd_server_tree_new         (void);
/* @servers: WsdServer* (borrowed). Keeps the selection when it still exists. */
void        wsd_server_tree_set_servers (WsdServerTree *self, GPtrArray *servers);
void        wsd_server_tree_select      (WsdServerTree *self, WsdTreePage page, const char *server);
WsdTreePage wsd_server_tree_get_page    (WsdServerTree *self);
/* NULL = all servers */
const char *wsd_server_tree_get_server  (WsdServerTree *self);

G_END_DECLS
