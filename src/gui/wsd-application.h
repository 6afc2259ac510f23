/* wsd-application.h: the application: options, app actions, style. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WSD_TYPE_APPLICATION (wsd_application_get_type ())
G_DECLARE_FINAL_TYPE (WsdApplication, wsd_application, WSD, APPLICATION, AdwApplication)

WsdApplication *wsd_application_new          (void);
/* The app's GSettings, also in uninstalled runs (the build tree's
 * compiled schema); NULL when no schema can be found. */
GSettings      *wsd_application_new_settings (void);

G_END_DECLS
