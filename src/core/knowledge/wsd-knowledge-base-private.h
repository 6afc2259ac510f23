/* wsd-knowledge-base-private.h: what the diagnoser reads of the knowledge base. */
#pragma once

#include "wsd-knowledge-base.h"
#include "wsd-rule.h"
#include "wsd-literal-set.h"

G_BEGIN_DECLS

/* Literals the diagnoser's own checks look for (connect-phase markers,
 * content folder names…); their ids in the shared literal set. */
typedef enum {
  WSD_LIT_CONNECT_FRAME_1 = 0,   /* Socket.DoConnect */
  WSD_LIT_CONNECT_FRAME_2,       /* ConnectSocketInternal */
  WSD_LIT_CONNECT_TEXT_FIRST,    /* "Unable to connect to the remote server" (localized) … */
  WSD_LIT_CONNECT_TEXT_LAST = WSD_LIT_CONNECT_TEXT_FIRST + 10,
  WSD_LIT_WSUSCONTENT,
  WSD_LIT_CONTENT_SYNC_AGENT,
  WSD_LIT_HEALTH_MONITOR,
  WSD_LIT_ACTION_RETRY,
  WSD_LIT_CONTENT_DOWNLOAD,      /* "Content file download failed" (event 364) */
  WSD_LIT_PROXY_NAME_FIRST,      /* "The proxy name could not be resolved" (localized) */
  WSD_LIT_PROXY_NAME_LAST = WSD_LIT_PROXY_NAME_FIRST + 9,
  WSD_N_BUILTIN_LITERALS
} WsdBuiltinLiteral;

GPtrArray     *wsd_knowledge_base_get_rules       (WsdKnowledgeBase *self);   /* WsdRule*, by rank */
WsdRule       *wsd_knowledge_base_get_rule        (WsdKnowledgeBase *self, const char *rule_id);
WsdLiteralSet *wsd_knowledge_base_get_literals    (WsdKnowledgeBase *self);
guint          wsd_knowledge_base_builtin_literal (WsdKnowledgeBase *self, WsdBuiltinLiteral which);

/* Whether @check is tested on each record (else on the run); implemented
 * in wsd-diagnoser-checks.c. */
gboolean       wsd_check_is_item_level (const char *check);

/* Builds a knowledge base from rule files in @dirs (later ones replace
 * earlier ids), for tests and the benchmark. */
WsdKnowledgeBase *wsd_knowledge_base_new_from_dirs (const char * const *dirs,
                                                    GPtrArray          *out_warnings,
                                                    GError            **error);

G_END_DECLS
