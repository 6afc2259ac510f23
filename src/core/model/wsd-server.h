/* wsd-server.h: a WSUS server (or ConfigMgr software update point) and
 * the facts its collector bundle gave about it. */
#pragma once

#include <json-glib/json-glib.h>
#include "wsd-types.h"

G_BEGIN_DECLS

typedef struct {
  char    *update_id;
  int      revision;       /* -1 = unknown */
  char    *title;
  gboolean approved;
  gboolean declined;
  char    *file_status;    /* "downloaded", "pending", … */
} WsdUpdateInfo;

WsdUpdateInfo *wsd_update_info_new  (void);
void           wsd_update_info_free (WsdUpdateInfo *info);

typedef struct {
  gint64      id;             /* store row id; 0 until stored */
  char       *name;
  WsdRole     role;
  char       *version;        /* WSUS product version, e.g. 10.0.17763.678 */
  gint64      collected;      /* µs UTC when the facts were collected; 0 = never */
  JsonObject *facts;          /* bundle.json "server" object; NULL = no facts.
                                 Never holds a password. */
  GPtrArray  *updates;        /* WsdUpdateInfo*; NULL = list not known */
} WsdServer;

WsdServer  *wsd_server_new  (const char *name);
WsdServer  *wsd_server_copy (const WsdServer *server);
void        wsd_server_free (WsdServer *server);

/* Dotted-path look-ups into facts ("proxy.host", "services.BITS.start_type").
 * They return FALSE / NULL when the member is absent or of another type. */
const char *wsd_server_fact_string (const WsdServer *server, const char *path);
gboolean    wsd_server_fact_bool   (const WsdServer *server, const char *path, gboolean *out_value);
gboolean    wsd_server_fact_int    (const WsdServer *server, const char *path, gint64 *out_value);
JsonNode   *wsd_server_fact_node   (const WsdServer *server, const char *path);

/* Role from facts: replica → REPLICA, sync_from_microsoft_update → UPSTREAM
 * when something syncs from it / AUTONOMOUS, upstream_server → DOWNSTREAM. */
WsdRole     wsd_server_role_from_facts (const WsdServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdServer, wsd_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdUpdateInfo, wsd_update_info_free)

G_END_DECLS
