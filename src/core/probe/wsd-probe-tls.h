/* wsd-probe-tls.h: what the TLS step learns about the server's certificate
 * chain, with verification left fully on. With OpenSSL (libcurl's TLS
 * library on Debian and in the GNOME runtime) a verify callback records each
 * certificate and the first verify error without changing the verdict; other
 * TLS libraries fall back to CURLINFO_CERTINFO after a successful handshake. */
#pragma once

#include <curl/curl.h>
#include "wsd-probe-classifier.h"

G_BEGIN_DECLS

typedef struct {
  gboolean          recorded;        /* the verify callback ran */
  WsdProbeTlsVerify verify;          /* first verify error */
  char             *verify_text;     /* the TLS library's text for it */
  char             *leaf_subject;    /* CN of the server certificate */
  char             *leaf_names;      /* "CN, SAN, SAN…" */
  char             *leaf_issuer;
  char             *leaf_not_after;  /* "2027-03-01" */
  gint64            leaf_days_left;  /* G_MAXINT64 = unknown */
  char             *failed_not_after;/* notAfter/notBefore of the certificate that failed */
  char             *top_issuer;      /* issuer CN (or full name) of the last certificate seen */
  gboolean          top_is_microsoft_root;
  guint             chain_length;
  char             *version;         /* "TLSv1.3" */
  char             *cipher;          /* "TLS_AES_256_GCM_SHA384" */
} WsdProbeTlsInfo;

void     wsd_probe_tls_info_init  (WsdProbeTlsInfo *info);
void     wsd_probe_tls_info_clear (WsdProbeTlsInfo *info);

/* Hooks @info into @curl's handshake (before curl_easy_perform). */
void     wsd_probe_tls_attach     (CURL *curl, WsdProbeTlsInfo *info);
/* After a successful handshake: version, cipher, and the chain from
 * CURLINFO_CERTINFO when the callback could not record it. */
void     wsd_probe_tls_collect    (CURL *curl, WsdProbeTlsInfo *info);

/* "Microsoft Root Certificate Authority 2011" and its siblings. */
gboolean wsd_probe_tls_is_microsoft_root_name (const char *name);

G_END_DECLS
