/* wsd-probe-tls.c */
#include <string.h>
#include "wsd-probe-config.h"
#include "wsd-probe-tls.h"

#if WSD_HAVE_OPENSSL
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#endif

void
wsd_probe_tls_info_init (WsdProbeTlsInfo *info)
{
  memset (info, 0, sizeof *info);
  info->leaf_days_left = G_MAXINT64;
}

void
wsd_probe_tls_info_clear (WsdProbeTlsInfo *info)
{
  g_free (info->verify_text);
  g_free (info->leaf_subject);
  g_free (info->leaf_names);
  g_free (info->leaf_issuer);
  g_free (info->leaf_not_after);
  g_free (info->failed_not_after);
  g_free (info->top_issuer);
  g_free (info->version);
  g_free (info->cipher);
  wsd_probe_tls_info_init (info);
}

gboolean
wsd_probe_tls_is_microsoft_root_name (const char *name)
{
  /* Microsoft Root Certificate Authority 2010/2011, Microsoft RSA/ECC Root
   * Certificate Authority 2017: the roots Windows carries and many Linux
   * bundles do not. */
  return name != NULL && strstr (name, "Microsoft") != NULL && strstr (name, "Root") != NULL;
}

#if WSD_HAVE_OPENSSL

static int chain_index = -1;

static char *
name_entry (X509_NAME *name, int nid)
{
  int pos = X509_NAME_get_index_by_NID (name, nid, -1);
  ASN1_STRING *data;
  unsigned char *utf8 = NULL;
  char *text;

  if (pos < 0)
    return NULL;
  data = X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, pos));
  if (ASN1_STRING_to_UTF8 (&utf8, data) < 0)
    return NULL;
  text = g_utf8_make_valid ((const char *) utf8, -1);
  OPENSSL_free (utf8);
  return text;
}

/* CN, else O, else the one-line form: short enough for a detail sentence. */
static char *
display_name (X509_NAME *name)
{
  char buffer[256];
  char *text = name_entry (name, NID_commonName);

  if (text == NULL)
    text = name_entry (name, NID_organizationName);
  if (text == NULL)
    {
      X509_NAME_oneline (name, buffer, sizeof buffer);
      text = g_utf8_make_valid (buffer, -1);
    }
  return text;
}

static char *
format_time (const ASN1_TIME *time)
{
  struct tm tm;

  if (time == NULL || ASN1_TIME_to_tm (time, &tm) != 1)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static char *
leaf_names (X509 *cert)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *cn = name_entry (X509_get_subject_name (cert), NID_commonName);
  GENERAL_NAMES *names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);

  if (cn != NULL)
    g_string_append (text, cn);
  for (int i = 0; names != NULL && i < sk_GENERAL_NAME_num (names) && i < 20; i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);
      g_autofree char *value = NULL;

      if (name->type == GEN_DNS)
        value = g_utf8_make_valid ((const char *) ASN1_STRING_get0_data (name->d.dNSName),
                                   ASN1_STRING_length (name->d.dNSName));
      else if (name->type == GEN_IPADD && ASN1_STRING_length (name->d.iPAddress) == 4)
        {
          const unsigned char *a = ASN1_STRING_get0_data (name->d.iPAddress);
          value = g_strdup_printf ("%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
        }
      if (value != NULL && g_strcmp0 (value, cn) != 0)
        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", value);
    }
  GENERAL_NAMES_free (names);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static WsdProbeTlsVerify
verify_kind (int error)
{
  switch (error)
    {
    case X509_V_OK:
      return WSD_PROBE_TLS_VERIFY_OK;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
      return WSD_PROBE_TLS_VERIFY_UNKNOWN_ISSUER;
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return WSD_PROBE_TLS_VERIFY_EXPIRED;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return WSD_PROBE_TLS_VERIFY_NOT_YET_VALID;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return WSD_PROBE_TLS_VERIFY_NAME;
    default:
      return WSD_PROBE_TLS_VERIFY_OTHER;
    }
}

/* Records; never changes the verdict OpenSSL reached. */
static int
record_certificate (int preverify_ok, X509_STORE_CTX *store)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store, SSL_get_ex_data_X509_STORE_CTX_idx ());
  WsdProbeTlsInfo *info = ssl != NULL ? SSL_CTX_get_ex_data (SSL_get_SSL_CTX (ssl), chain_index) : NULL;
  X509 *cert = X509_STORE_CTX_get_current_cert (store);
  int depth = X509_STORE_CTX_get_error_depth (store);

  if (info == NULL || cert == NULL)
    return preverify_ok;
  info->recorded = TRUE;
  info->chain_length = MAX (info->chain_length, (guint) depth + 1);
  if (depth == 0 && info->leaf_subject == NULL)
    {
      info->leaf_subject = display_name (X509_get_subject_name (cert));
      info->leaf_issuer = display_name (X509_get_issuer_name (cert));
      info->leaf_names = leaf_names (cert);
      info->leaf_not_after = format_time (X509_get0_notAfter (cert));
      {
        int days = 0, seconds = 0;
        if (ASN1_TIME_diff (&days, &seconds, NULL, X509_get0_notAfter (cert)))
          info->leaf_days_left = days;
      }
    }
  /* The callback walks from the top of the chain down: the first call is
   * the certificate closest to the root. */
  if (info->top_issuer == NULL)
    {
      info->top_issuer = display_name (X509_get_issuer_name (cert));
      info->top_is_microsoft_root = wsd_probe_tls_is_microsoft_root_name (info->top_issuer);
    }
  if (!preverify_ok && info->verify == WSD_PROBE_TLS_VERIFY_OK)
    {
      int error = X509_STORE_CTX_get_error (store);

      info->verify = verify_kind (error);
      info->verify_text = g_strdup (X509_verify_cert_error_string (error));
      if (error == X509_V_ERR_CERT_NOT_YET_VALID)
        info->failed_not_after = format_time (X509_get0_notBefore (cert));
      else
        info->failed_not_after = format_time (X509_get0_notAfter (cert));
      g_clear_pointer (&info->top_issuer, g_free);
      info->top_issuer = display_name (X509_get_issuer_name (cert));
      info->top_is_microsoft_root = wsd_probe_tls_is_microsoft_root_name (info->top_issuer);
    }
  return preverify_ok;
}

/* Version and cipher when the handshake completes: CURLINFO_TLS_SSL_PTR is
 * gone once a connect-only transfer is done. */
static void
record_handshake (const SSL *ssl, int where, int value)
{
  WsdProbeTlsInfo *info;
  const SSL_CIPHER *cipher;

  if (!(where & SSL_CB_HANDSHAKE_DONE))
    return;
  info = SSL_CTX_get_ex_data (SSL_get_SSL_CTX (ssl), chain_index);
  if (info == NULL)
    return;
  g_free (info->version);
  info->version = g_strdup (SSL_get_version (ssl));
  cipher = SSL_get_current_cipher (ssl);
  g_free (info->cipher);
  info->cipher = cipher != NULL ? g_strdup (SSL_CIPHER_standard_name (cipher)) : NULL;
}

static CURLcode
install_recorder (CURL *curl, void *ssl_ctx, void *user_data)
{
  SSL_CTX *ctx = ssl_ctx;

  SSL_CTX_set_ex_data (ctx, chain_index, user_data);
  SSL_CTX_set_info_callback (ctx, record_handshake);
  /* Keep libcurl's mode (VERIFY_PEER: verification is always on). */
  SSL_CTX_set_verify (ctx, SSL_CTX_get_verify_mode (ctx), record_certificate);
  return CURLE_OK;
}

static gboolean
curl_uses_openssl (void)
{
  const curl_version_info_data *version = curl_version_info (CURLVERSION_NOW);

  return version->ssl_version != NULL && g_str_has_prefix (version->ssl_version, "OpenSSL");
}

void
wsd_probe_tls_attach (CURL *curl, WsdProbeTlsInfo *info)
{
  static gsize once = 0;

  if (!curl_uses_openssl ())
    return;
  if (g_once_init_enter (&once))
    {
      chain_index = SSL_CTX_get_ex_new_index (0, NULL, NULL, NULL, NULL);
      g_once_init_leave (&once, 1);
    }
  curl_easy_setopt (curl, CURLOPT_SSL_CTX_FUNCTION, install_recorder);
  curl_easy_setopt (curl, CURLOPT_SSL_CTX_DATA, info);
}

static void
collect_session (CURL *curl, WsdProbeTlsInfo *info)
{
  struct curl_tlssessioninfo *session = NULL;

  if (info->version != NULL)
    return;
  if (curl_easy_getinfo (curl, CURLINFO_TLS_SSL_PTR, &session) != CURLE_OK || session == NULL
      || session->backend != CURLSSLBACKEND_OPENSSL || session->internals == NULL)
    return;
  info->version = g_strdup (SSL_get_version (session->internals));
  if (SSL_get_current_cipher (session->internals) != NULL)
    info->cipher = g_strdup (SSL_CIPHER_standard_name (SSL_get_current_cipher (session->internals)));
}

#else  /* !WSD_HAVE_OPENSSL */

void
wsd_probe_tls_attach (CURL *curl, WsdProbeTlsInfo *info)
{
}

static void
collect_session (CURL *curl, WsdProbeTlsInfo *info)
{
}

#endif

/* "Issuer:C = US, O = Microsoft Corporation, CN = …" → "…" */
static char *
certinfo_cn (const char *line)
{
  const char *cn = strstr (line, "CN = ");
  const char *end;

  if (cn == NULL && (cn = strstr (line, "CN=")) != NULL)
    cn += 3;
  else if (cn != NULL)
    cn += 5;
  else
    return g_strdup (strchr (line, ':') ? strchr (line, ':') + 1 : line);
  end = strpbrk (cn, ",/\n");
  return g_strndup (cn, end ? (gsize) (end - cn) : strlen (cn));
}

void
wsd_probe_tls_collect (CURL *curl, WsdProbeTlsInfo *info)
{
  struct curl_certinfo *certinfo = NULL;

  collect_session (curl, info);
  if (info->recorded)
    return;
  if (curl_easy_getinfo (curl, CURLINFO_CERTINFO, &certinfo) != CURLE_OK || certinfo == NULL)
    return;
  info->chain_length = certinfo->num_of_certs;
  for (int i = 0; i < certinfo->num_of_certs; i++)
    for (struct curl_slist *line = certinfo->certinfo[i]; line != NULL; line = line->next)
      {
        if (i == 0 && g_str_has_prefix (line->data, "Subject:") && info->leaf_subject == NULL)
          info->leaf_subject = certinfo_cn (line->data);
        else if (i == 0 && g_str_has_prefix (line->data, "Issuer:") && info->leaf_issuer == NULL)
          info->leaf_issuer = certinfo_cn (line->data);
        else if (i == 0 && g_str_has_prefix (line->data, "Expire date:") && info->leaf_not_after == NULL)
          info->leaf_not_after = g_strstrip (g_strdup (line->data + strlen ("Expire date:")));
        if (i == certinfo->num_of_certs - 1 && g_str_has_prefix (line->data, "Issuer:"))
          {
            g_free (info->top_issuer);
            info->top_issuer = certinfo_cn (line->data);
          }
      }
}
