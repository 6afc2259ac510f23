/* wsd-fingerprint.h: incremental SHA-256 of the bytes an import reads.
 *
 * Uses nettle (hardware SHA extensions, ~1.5 GB/s) when the build found
 * it, GChecksum otherwise; both give the same lowercase hex digest. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WsdFingerprint WsdFingerprint;

WsdFingerprint *wsd_fingerprint_new    (void);
void            wsd_fingerprint_update (WsdFingerprint *self, const guint8 *data, gsize len);
/* Lowercase hex SHA-256 of everything fed so far (does not reset). */
char           *wsd_fingerprint_get_hex (WsdFingerprint *self);
void            wsd_fingerprint_free   (WsdFingerprint *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdFingerprint, wsd_fingerprint_free)

G_END_DECLS
