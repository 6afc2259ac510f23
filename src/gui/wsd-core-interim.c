/* wsd-core-interim.c: what the window needs from core areas that have not
 * landed yet. Each definition is compiled only while the core lacks it
 * (see meson.build) and answers plainly that the capability is missing;
 * this file goes away when every area is on main. */
#include "wsd-config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "wsd-store.h"
#include "wsd-knowledge-base.h"
#include "wsd-diagnoser.h"

#define NOT_AVAILABLE(error, what) \
  g_set_error (error, WSD_ERROR, WSD_ERROR_STORE, "%s is not available in this build", what)

#ifndef WSD_HAVE_WSD_RUN_QUERY_INIT
void
wsd_run_query_init (WsdRunQuery *query)
{
  memset (query, 0, sizeof *query);
  query->sort = WSD_RUN_SORT_STARTED;
}
#endif

#ifndef WSD_HAVE_WSD_STORE_LIST_RUNS
GPtrArray *
wsd_store_list_runs (WsdStore *self, const WsdRunQuery *query, GError **error)
{
  NOT_AVAILABLE (error, "The synchronization history");
  return NULL;
}
#endif

#ifndef WSD_HAVE_WSD_STORE_COUNT_RUNS
gint64
wsd_store_count_runs (WsdStore *self, const WsdRunQuery *query, GError **error)
{
  NOT_AVAILABLE (error, "The synchronization history");
  return -1;
}
#endif

#ifndef WSD_HAVE_WSD_STORE_GET_RUN
WsdRun *
wsd_store_get_run (WsdStore *self, gint64 run_id, GError **error)
{
  NOT_AVAILABLE (error, "The synchronization history");
  return NULL;
}
#endif

#ifndef WSD_HAVE_WSD_STORE_LIST_SERVERS
GPtrArray *
wsd_store_list_servers (WsdStore *self, GError **error)
{
  NOT_AVAILABLE (error, "The server list");
  return NULL;
}
#endif

#ifndef WSD_HAVE_WSD_STORE_GET_SERVER
WsdServer *
wsd_store_get_server (WsdStore *self, const char *name, GError **error)
{
  NOT_AVAILABLE (error, "Server facts");
  return NULL;
}
#endif

#ifndef WSD_HAVE_WSD_STORE_GET_DIAGNOSIS_TITLE
const char *
wsd_store_get_diagnosis_title (WsdStore *self, gint64 run_id)
{
  return NULL;
}
#endif

#ifndef WSD_HAVE_WSD_STORE_IMPORT_BATCH
gboolean
wsd_store_import_batch (WsdStore *self, WsdImportBatch *batch, WsdImportStats *out_stats, GError **error)
{
  NOT_AVAILABLE (error, "Importing");
  return FALSE;
}
#endif

#ifndef WSD_HAVE_WSD_STORE_LATEST_PROBE_RESULT
WsdProbeResult *
wsd_store_latest_probe_result (WsdStore *self, const char *server, GError **error)
{
  return NULL;
}
#endif

#ifndef WSD_HAVE_WSD_KNOWLEDGE_BASE_NEW_DEFAULT
WsdKnowledgeBase *
wsd_knowledge_base_new_default (GPtrArray **out_warnings, GError **error)
{
  g_set_error (error, WSD_ERROR, WSD_ERROR_INVALID, "The knowledge base is not available in this build");
  return NULL;
}
#endif

#ifndef WSD_HAVE_WSD_DIAGNOSE_RUN
GPtrArray *
wsd_diagnose_run (WsdKnowledgeBase *kb, const WsdDiagnosisContext *context)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
}
#endif

#ifndef WSD_HAVE_WSD_DIAGNOSE_SERVER
GPtrArray *
wsd_diagnose_server (WsdKnowledgeBase *kb, const WsdServer *server, GPtrArray *related)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_finding_free);
}
#endif
