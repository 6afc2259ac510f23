/* wsd-core-interim.c: what the window needs from core areas that have not
 * landed yet. Each definition is compiled only while the core lacks it
 * (see meson.build) and answers plainly that the capability is missing;
 * this file goes away when every area is on main. */
#include "wsd-config.h"

#include <glib/gi18n.h>

#include "wsd-knowledge-base.h"
#include "wsd-diagnoser.h"

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
