/* wsd-fingerprint.c */
#include "wsd-fingerprint.h"

#ifdef WSD_HAVE_NETTLE
#include <nettle/sha2.h>
#endif

struct _WsdFingerprint {
#ifdef WSD_HAVE_NETTLE
  struct sha256_ctx ctx;
#else
  GChecksum *checksum;
#endif
};

WsdFingerprint *
wsd_fingerprint_new (void)
{
  WsdFingerprint *self = g_new0 (WsdFingerprint, 1);
#ifdef WSD_HAVE_NETTLE
  sha256_init (&self->ctx);
#else
  self->checksum = g_checksum_new (G_CHECKSUM_SHA256);
#endif
  return self;
}

void
wsd_fingerprint_update (WsdFingerprint *self, const guint8 *data, gsize len)
{
#ifdef WSD_HAVE_NETTLE
  sha256_update (&self->ctx, len, data);
#else
  g_checksum_update (self->checksum, data, len);
#endif
}

char *
wsd_fingerprint_get_hex (WsdFingerprint *self)
{
#ifdef WSD_HAVE_NETTLE
  struct sha256_ctx copy = self->ctx;   /* digest resets the context */
  guint8 digest[SHA256_DIGEST_SIZE];
  char *hex = g_malloc (SHA256_DIGEST_SIZE * 2 + 1);

  sha256_digest (&copy, sizeof digest, digest);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
    }
  hex[SHA256_DIGEST_SIZE * 2] = '\0';
  return hex;
#else
  g_autoptr(GChecksum) copy = g_checksum_copy (self->checksum);
  return g_strdup (g_checksum_get_string (copy));
#endif
}

void
wsd_fingerprint_free (WsdFingerprint *self)
{
  if (self == NULL)
    return;
#ifndef WSD_HAVE_NETTLE
  g_checksum_free (self->checksum);
#endif
  g_free (self);
}
