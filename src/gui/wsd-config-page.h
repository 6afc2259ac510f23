/* wsd-config-page.h: a server's Configuration node: the facts its
 * collector bundle gave and the configuration findings about them. */
#pragma once

#include <gtk/gtk.h>
#include "wsd-server.h"

G_BEGIN_DECLS

#define WSD_TYPE_CONFIG_PAGE (wsd_config_page_get_type ())
G_DECLARE_FINAL_TYPE (WsdConfigPage, wsd_config_page, WSD, CONFIG_PAGE, GtkWidget)

GtkWidget *wsd_config_page_new        (void);
/* @findings: WsdFinding* of kind CONFIG (may be NULL). */
void       wsd_config_page_set_server (WsdConfigPage *self, const WsdServer *server, GPtrArray *findings);
/* Facts shown, for tests. */
guint      wsd_config_page_get_n_facts (WsdConfigPage *self);

G_END_DECLS
