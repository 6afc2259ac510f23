/* wsd-text-decode.c */
#include <string.h>

#include "wsd-text-decode.h"

#define REPLACEMENT 0xFFFD

/* Windows-1252 0x80..0x9F; 0xA0..0xFF equal Latin-1. Undefined → U+FFFD. */
static const gunichar cp1252_c1[32] = {
  0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
  0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

gboolean
wsd_text_is_plain_ascii (const char *data, gsize len)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 v;

      memcpy (&v, data + i, 8);
      /* any byte with the high bit set, or any zero byte */
      if ((v & high) != 0 || ((v - ones) & ~v & high) != 0)
        return FALSE;
    }
  for (; i < len; i++)
    if ((guchar) data[i] >= 0x80 || data[i] == '\0')
      return FALSE;
  return TRUE;
}

gsize
wsd_text_decode_utf8_lenient (const guint8 *data, gsize len, char *out, guint *repairs)
{
  gsize i = 0, o = 0;

  while (i < len)
    {
      guint8 b = data[i];

      if (b != 0 && b < 0x80)
        {
          out[o++] = (char) b;
          i++;
          continue;
        }
      if (b >= 0xC2)
        {
          gunichar c = g_utf8_get_char_validated ((const char *) data + i, len - i);

          if (c != (gunichar) -1 && c != (gunichar) -2 && c != 0)
            {
              guint n = g_utf8_skip[b];
              memcpy (out + o, data + i, n);
              o += n;
              i += n;
              continue;
            }
        }
      /* NUL, or a byte that starts no valid sequence: Windows-1252 */
      {
        gunichar c = b == 0 ? REPLACEMENT : b < 0xA0 ? cp1252_c1[b - 0x80] : b;
        o += g_unichar_to_utf8 (c, out + o);
        i++;
        if (repairs != NULL)
          *repairs |= b == 0 ? WSD_TEXT_REPAIR_NUL : WSD_TEXT_REPAIR_INVALID;
      }
    }
  out[o] = '\0';
  return o;
}

gsize
wsd_text_decode_utf16 (const guint8 *data, gsize len, gboolean big_endian,
                       char *out, guint *repairs)
{
  gsize i = 0, o = 0;
  const int hi = big_endian ? 0 : 1, lo = big_endian ? 1 : 0;

  while (i + 1 < len)
    {
      gunichar u = ((gunichar) data[i + hi] << 8) | data[i + lo];

      i += 2;
      if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len)
        {
          gunichar u2 = ((gunichar) data[i + hi] << 8) | data[i + lo];
          if (u2 >= 0xDC00 && u2 <= 0xDFFF)
            {
              u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
              i += 2;
            }
        }
      if (u == 0 || (u >= 0xD800 && u <= 0xDFFF))
        {
          if (repairs != NULL)
            *repairs |= u == 0 ? WSD_TEXT_REPAIR_NUL : WSD_TEXT_REPAIR_INVALID;
          u = REPLACEMENT;
        }
      if (u < 0x80)
        out[o++] = (char) u;
      else
        o += g_unichar_to_utf8 (u, out + o);
    }
  if (i < len)   /* odd trailing byte: a truncated code unit */
    {
      o += g_unichar_to_utf8 (REPLACEMENT, out + o);
      if (repairs != NULL)
        *repairs |= WSD_TEXT_REPAIR_INVALID;
    }
  out[o] = '\0';
  return o;
}
