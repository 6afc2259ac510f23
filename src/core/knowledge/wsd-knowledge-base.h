/* wsd-knowledge-base.h: the rules (data/knowledge/ *.rule files), loaded from
 * GResource and replaced by id from the user's rules folder. */
#pragma once

#include <gio/gio.h>
#include "wsd-types.h"

G_BEGIN_DECLS

#define WSD_TYPE_KNOWLEDGE_BASE (wsd_knowledge_base_get_type ())
G_DECLARE_FINAL_TYPE (WsdKnowledgeBase, wsd_knowledge_base, WSD, KNOWLEDGE_BASE, GObject)

/* Built-in rules plus $XDG_CONFIG_HOME/wsus-sync-doctor/rules/. A malformed
 * user rule is reported through @out_warnings ("file:line: message") and
 * skipped; it never fails the load. */
WsdKnowledgeBase *wsd_knowledge_base_new_default (GPtrArray **out_warnings, GError **error);
/* Built-in rules only (tests, reproducible output). */
WsdKnowledgeBase *wsd_knowledge_base_new_builtin (GError **error);

guint             wsd_knowledge_base_get_n_rules (WsdKnowledgeBase *self);
/* Translated title of a rule, NULL when the id is unknown. */
const char       *wsd_knowledge_base_get_title   (WsdKnowledgeBase *self, const char *rule_id);

/* Validates every *.rule file in @dir; problems appended to @out_problems
 * as "file:line: message". Returns TRUE when there were none. */
gboolean          wsd_knowledge_base_check_dir   (const char *dir, GPtrArray *out_problems);

G_END_DECLS
