/* wsd-literal-set.h: every literal of the knowledge base in one
 * Aho-Corasick automaton, so one pass over a text finds all of them
 * (ASCII case-insensitive) before any regular expression runs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WsdLiteralSet WsdLiteralSet;

WsdLiteralSet *wsd_literal_set_new     (void);
void           wsd_literal_set_free    (WsdLiteralSet *self);
/* Returns the id of @literal (the same id for a literal added twice). */
guint          wsd_literal_set_add     (WsdLiteralSet *self, const char *literal);
const char    *wsd_literal_set_get     (WsdLiteralSet *self, guint id);
guint          wsd_literal_set_get_n   (WsdLiteralSet *self);
/* Number of guint64 words a result bitset needs. */
guint          wsd_literal_set_n_words (WsdLiteralSet *self);
/* Builds the automaton; literals cannot be added afterwards. */
void           wsd_literal_set_compile (WsdLiteralSet *self);
/* Sets bit id in @bits (zeroed by the caller) for each literal in @text. */
void           wsd_literal_set_scan    (WsdLiteralSet *self, const char *text, gsize length, guint64 *bits);

static inline gboolean
wsd_literal_bits_has (const guint64 *bits, guint id)
{
  return (bits[id >> 6] >> (id & 63)) & 1;
}

/* Case-insensitive (ASCII) search; returns the position or NULL. */
const char    *wsd_ascii_strcasestr    (const char *haystack, gsize length, const char *needle);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdLiteralSet, wsd_literal_set_free)

G_END_DECLS
