/* wsd-text-decode.h: byte → UTF-8 conversions of the text reader.
 *
 * Each writes at most wsd_text_decode_max_output(len) bytes plus a NUL into
 * @out and returns the number of bytes written (without the NUL). Output
 * is always valid UTF-8 without NUL bytes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

static inline gsize
wsd_text_decode_max_output (gsize len)
{
  return len * 3 + 4;
}

/* TRUE when @data[0..len) is 7-bit ASCII with no NUL byte. */
gboolean wsd_text_is_plain_ascii     (const char *data, gsize len);

/* What a conversion had to repair (flags, OR-ed into *@repairs). */
typedef enum {
  WSD_TEXT_REPAIR_INVALID = 1 << 0,   /* bytes that were not valid in the encoding */
  WSD_TEXT_REPAIR_NUL     = 1 << 1,   /* NUL characters */
} WsdTextRepairs;

/* Valid UTF-8 sequences are copied; every other byte is read as
 * Windows-1252; NUL becomes U+FFFD. @repairs may be NULL. */
gsize    wsd_text_decode_utf8_lenient (const guint8 *data, gsize len, char *out, guint *repairs);

/* UTF-16 (@big_endian or little) to UTF-8; unpaired surrogates, NUL and
 * an odd trailing byte become U+FFFD. */
gsize    wsd_text_decode_utf16        (const guint8 *data, gsize len, gboolean big_endian,
                                       char *out, guint *repairs);

G_END_DECLS
