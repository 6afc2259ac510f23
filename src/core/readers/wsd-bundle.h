/* wsd-bundle.h: the collector bundle's bundle.json. */
#pragma once

#include <json-glib/json-glib.h>
#include "wsd-server.h"

G_BEGIN_DECLS

/* The server named by a parsed bundle.json, with its facts (secrets
 * dropped), role, version, collected time and updates list; its history
 * array in @out_history (NULL when absent). */
WsdServer *wsd_bundle_parse          (JsonNode    *root,
                                      const char  *path,
                                      JsonArray  **out_history,
                                      GError     **error);
/* server.utc_offset_minutes as µs east of UTC. */
gboolean   wsd_bundle_utc_offset     (const WsdServer *server, gint64 *out_usec);
gboolean   wsd_bundle_name_is_secret (const char *name);

G_END_DECLS
