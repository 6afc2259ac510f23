/* wsd-literal-set.c: Aho-Corasick over byte classes, ASCII case folded. */
#include <string.h>
#include "wsd-literal-set.h"

struct _WsdLiteralSet {
  GPtrArray  *literals;     /* char*, folded */
  GHashTable *ids;          /* folded literal → id + 1 */
  gboolean    compiled;
  guint8      byte_class[256];
  guint       n_classes;
  guint       n_states;
  guint32    *delta;        /* n_states × n_classes, during compile */
  guint32    *table;        /* scan table: next state × n_classes, | OUTPUT_FLAG when it has outputs */
  guint32    *out_start;    /* per state */
  guint32    *out_count;
  guint32    *outputs;      /* literal ids */
};

#define OUTPUT_FLAG 0x80000000u

static void
array_unref_nullable (gpointer array)
{
  if (array != NULL)
    g_array_unref (array);
}

static inline guint8
fold (guint8 c)
{
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

WsdLiteralSet *
wsd_literal_set_new (void)
{
  WsdLiteralSet *self = g_new0 (WsdLiteralSet, 1);
  self->literals = g_ptr_array_new_with_free_func (g_free);
  self->ids = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
wsd_literal_set_free (WsdLiteralSet *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->ids);
  g_ptr_array_unref (self->literals);
  g_free (self->delta);
  g_free (self->table);
  g_free (self->out_start);
  g_free (self->out_count);
  g_free (self->outputs);
  g_free (self);
}

guint
wsd_literal_set_add (WsdLiteralSet *self, const char *literal)
{
  g_autofree char *folded = g_strdup (literal);
  gpointer found;

  g_return_val_if_fail (!self->compiled, 0);
  for (char *p = folded; *p; p++)
    *p = fold (*p);
  found = g_hash_table_lookup (self->ids, folded);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  g_ptr_array_add (self->literals, g_steal_pointer (&folded));
  g_hash_table_insert (self->ids, g_ptr_array_index (self->literals, self->literals->len - 1),
                       GUINT_TO_POINTER (self->literals->len));
  return self->literals->len - 1;
}

const char *
wsd_literal_set_get (WsdLiteralSet *self, guint id)
{
  return id < self->literals->len ? g_ptr_array_index (self->literals, id) : NULL;
}

guint
wsd_literal_set_get_n (WsdLiteralSet *self)
{
  return self->literals->len;
}

guint
wsd_literal_set_n_words (WsdLiteralSet *self)
{
  return (self->literals->len + 63) / 64 + 1;
}

void
wsd_literal_set_compile (WsdLiteralSet *self)
{
  GArray *trie_child;   /* dynamic goto while building: state*n_classes */
  GArray *fail;
  GPtrArray *own_out;   /* per state: GArray of ids */
  guint n_states = 1;
  guint *queue;
  guint head = 0, tail = 0;

  if (self->compiled)
    return;
  self->compiled = TRUE;

  /* Byte classes: each byte used by a literal gets its own class. */
  memset (self->byte_class, 0, sizeof self->byte_class);
  self->n_classes = 1;
  for (guint i = 0; i < self->literals->len; i++)
    for (const guint8 *p = g_ptr_array_index (self->literals, i); *p; p++)
      if (self->byte_class[*p] == 0)
        self->byte_class[*p] = self->n_classes++;
  for (guint c = 'A'; c <= 'Z'; c++)
    self->byte_class[c] = self->byte_class[c + 32];

  trie_child = g_array_new (FALSE, TRUE, sizeof (guint32));
  g_array_set_size (trie_child, self->n_classes);
  own_out = g_ptr_array_new_with_free_func (array_unref_nullable);
  g_ptr_array_add (own_out, NULL);

  for (guint i = 0; i < self->literals->len; i++)
    {
      guint state = 0;
      const guint8 *p = g_ptr_array_index (self->literals, i);
      if (*p == '\0')
        continue;
      for (; *p; p++)
        {
          guint cls = self->byte_class[*p];
          guint32 next = g_array_index (trie_child, guint32, state * self->n_classes + cls);
          if (next == 0)
            {
              next = n_states++;
              g_array_set_size (trie_child, n_states * self->n_classes);
              g_array_index (trie_child, guint32, state * self->n_classes + cls) = next;
              g_ptr_array_add (own_out, NULL);
            }
          state = next;
        }
      if (g_ptr_array_index (own_out, state) == NULL)
        g_ptr_array_index (own_out, state) = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_array_append_val ((GArray *) g_ptr_array_index (own_out, state), i);
    }

  /* Breadth-first: failure links, full transition table, merged outputs. */
  self->n_states = n_states;
  self->delta = (guint32 *) g_array_free (trie_child, FALSE);
  fail = g_array_new (FALSE, TRUE, sizeof (guint32));
  g_array_set_size (fail, n_states);
  queue = g_new (guint, n_states);
  for (guint c = 0; c < self->n_classes; c++)
    {
      guint32 s = self->delta[c];
      if (s != 0)
        queue[tail++] = s;
    }
  while (head < tail)
    {
      guint state = queue[head++];
      guint32 f = g_array_index (fail, guint32, state);
      GArray *fail_out = g_ptr_array_index (own_out, f);

      if (fail_out != NULL && f != 0)
        {
          if (g_ptr_array_index (own_out, state) == NULL)
            g_ptr_array_index (own_out, state) = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_array_append_vals (g_ptr_array_index (own_out, state), fail_out->data, fail_out->len);
        }
      for (guint c = 0; c < self->n_classes; c++)
        {
          guint32 *slot = &self->delta[state * self->n_classes + c];
          guint32 via_fail = self->delta[f * self->n_classes + c];
          if (*slot != 0)
            {
              g_array_index (fail, guint32, *slot) = (state == 0) ? 0 : via_fail;
              queue[tail++] = *slot;
            }
          else
            *slot = via_fail;
        }
    }
  /* Root transitions back to root where absent are already 0. */

  self->out_start = g_new0 (guint32, n_states);
  self->out_count = g_new0 (guint32, n_states);
  {
    GArray *flat = g_array_new (FALSE, FALSE, sizeof (guint32));
    for (guint s = 0; s < n_states; s++)
      {
        GArray *o = g_ptr_array_index (own_out, s);
        self->out_start[s] = flat->len;
        self->out_count[s] = o != NULL ? o->len : 0;
        if (o != NULL)
          g_array_append_vals (flat, o->data, o->len);
      }
    self->outputs = (guint32 *) g_array_free (flat, FALSE);
  }
  /* The scan table holds premultiplied states, so a step is one load. */
  self->table = g_new (guint32, (gsize) n_states * self->n_classes);
  for (guint i = 0; i < n_states * self->n_classes; i++)
    {
      guint32 next = self->delta[i];
      self->table[i] = (next * self->n_classes) | (self->out_count[next] != 0 ? OUTPUT_FLAG : 0);
    }
  g_free (queue);
  g_array_unref (fail);
  g_ptr_array_unref (own_out);
}

void
wsd_literal_set_scan (WsdLiteralSet *self, const char *text, gsize length, guint64 *bits)
{
  const guint8 *p = (const guint8 *) text;
  const guint8 *end = p + length;
  const guint32 *table = self->table;
  const guint8 *byte_class = self->byte_class;
  guint32 state = 0;

  g_return_if_fail (self->compiled);
  if (self->n_states <= 1)
    return;
  for (; p < end; p++)
    {
      guint32 next = table[state + byte_class[*p]];
      state = next & ~OUTPUT_FLAG;
      if (G_UNLIKELY (next & OUTPUT_FLAG))
        {
          guint s = state / self->n_classes;
          for (guint i = 0; i < self->out_count[s]; i++)
            {
              guint32 id = self->outputs[self->out_start[s] + i];
              bits[id >> 6] |= G_GUINT64_CONSTANT (1) << (id & 63);
            }
        }
    }
}

const char *
wsd_ascii_strcasestr (const char *haystack, gsize length, const char *needle)
{
  gsize n = strlen (needle);
  guint8 lower, upper;
  const char *end, *next_lower, *next_upper;

  if (n == 0)
    return haystack;
  if (n > length)
    return NULL;
  lower = fold ((guint8) needle[0]);
  upper = (lower >= 'a' && lower <= 'z') ? lower - 32 : lower;
  /* Candidates come from memchr (vectorised in libc); each case's next
   * position is remembered so no byte is scanned twice. */
  end = haystack + length - n + 1;
  next_lower = memchr (haystack, lower, end - haystack);
  next_upper = upper != lower ? memchr (haystack, upper, end - haystack) : NULL;
  while (next_lower != NULL || next_upper != NULL)
    {
      const char *p;
      gsize i;

      if (next_upper == NULL || (next_lower != NULL && next_lower < next_upper))
        {
          p = next_lower;
          next_lower = p + 1 < end ? memchr (p + 1, lower, end - (p + 1)) : NULL;
        }
      else
        {
          p = next_upper;
          next_upper = p + 1 < end ? memchr (p + 1, upper, end - (p + 1)) : NULL;
        }
      for (i = 1; i < n && fold ((guint8) p[i]) == fold ((guint8) needle[i]); i++)
        ;
      if (i == n)
        return p;
    }
  return NULL;
}
