/* wsd-probe-classifier.h: what one probe step saw → ok / warning / failed
 * and the knowledge-base rule id it maps to (protocol.md §6.3).
 *
 * Two stages, both pure and table driven:
 *  1. wsd_probe_observation_outcome(): raw libcurl/OS/TLS/HTTP/SOAP facts →
 *     one outcome (refused, dropped, CONNECT reply 407, SOAP fault, …).
 *     Never the CURLcode alone: a refused tunnel is CURLE_RECV_ERROR in some
 *     curl versions and CURLE_COULDNT_CONNECT in others, so the CONNECT
 *     reply code decides; refused vs dropped is decided by errno.
 *  2. wsd_probe_classify(): outcome + step + which end (proxy/upstream) →
 *     status, rule id and a detail sentence, looked up in a table. */
#pragma once

#include "wsd-probe-result.h"

G_BEGIN_DECLS

typedef enum {
  WSD_PROBE_OUTCOME_OK = 0,
  WSD_PROBE_OUTCOME_CANCELED,
  WSD_PROBE_OUTCOME_RESOLVE_FAILED,      /* text: resolver message */
  WSD_PROBE_OUTCOME_RESOLVE_TIMEOUT,
  WSD_PROBE_OUTCOME_CONNECT_REFUSED,     /* RST: closed port or rejecting firewall */
  WSD_PROBE_OUTCOME_CONNECT_DROPPED,     /* no answer at all: packets dropped */
  WSD_PROBE_OUTCOME_CONNECT_UNREACHABLE, /* ICMP unreachable, no route */
  WSD_PROBE_OUTCOME_CONNECT_FAILED,      /* other connect errors; text */
  WSD_PROBE_OUTCOME_PROXY_REPLY,         /* code: the proxy's own answer (CONNECT reply or error page) */
  WSD_PROBE_OUTCOME_PROXY_TIMEOUT,       /* the proxy did not answer CONNECT */
  WSD_PROBE_OUTCOME_TLS_HANDSHAKE,       /* text: library message */
  WSD_PROBE_OUTCOME_TLS_UNTRUSTED,       /* text: the issuer nobody here trusts */
  WSD_PROBE_OUTCOME_TLS_MICROSOFT_ROOT,  /* chain ends in a Microsoft root missing here */
  WSD_PROBE_OUTCOME_TLS_EXPIRED,         /* text: notAfter */
  WSD_PROBE_OUTCOME_TLS_NOT_YET_VALID,
  WSD_PROBE_OUTCOME_TLS_NAME_MISMATCH,   /* text: names the certificate is for */
  WSD_PROBE_OUTCOME_TLS_EXPIRES_SOON,    /* verified, but expires within 30 days; text: date */
  WSD_PROBE_OUTCOME_HTTP_STATUS,         /* code */
  WSD_PROBE_OUTCOME_SOAP_FAULT,          /* text: ErrorCode ("" when the fault has none) */
  WSD_PROBE_OUTCOME_SOAP_UNEXPECTED,     /* 200, but not a GetAuthConfig answer */
  WSD_PROBE_OUTCOME_TIMEOUT,             /* connected, then no answer in time */
  WSD_PROBE_OUTCOME_CONNECTION_CLOSED,   /* reset or EOF after connecting */
  WSD_PROBE_OUTCOME_BASIC_CLEARTEXT,     /* worked, with Basic: the password crossed in cleartext */
} WsdProbeOutcomeKind;

/* Which end of the connection a failure is about. */
typedef enum {
  WSD_PROBE_PEER_UPSTREAM = 0,
  WSD_PROBE_PEER_PROXY,
} WsdProbePeer;

typedef struct {
  WsdProbeOutcomeKind kind;
  WsdProbePeer        peer;
  long                code;          /* HTTP status or CONNECT reply */
  char               *text;
} WsdProbeOutcome;

void wsd_probe_outcome_clear (WsdProbeOutcome *outcome);

/* Why a certificate chain was refused, from the TLS library's verify result. */
typedef enum {
  WSD_PROBE_TLS_VERIFY_OK = 0,
  WSD_PROBE_TLS_VERIFY_UNKNOWN_ISSUER,   /* no trusted root for the chain */
  WSD_PROBE_TLS_VERIFY_EXPIRED,
  WSD_PROBE_TLS_VERIFY_NOT_YET_VALID,
  WSD_PROBE_TLS_VERIFY_NAME,
  WSD_PROBE_TLS_VERIFY_OTHER,
} WsdProbeTlsVerify;

/* Raw facts gathered by the prober for one step. */
typedef struct {
  WsdProbeStepKind step;
  gboolean  via_proxy;          /* this step's connection goes to the proxy first */
  gboolean  tunnel;             /* https through the proxy: CONNECT */
  gboolean  canceled;
  /* dns */
  gboolean  resolve_failed;
  gboolean  resolve_timed_out;
  const char *resolve_message;
  /* libcurl */
  int       curl_code;          /* CURLcode */
  const char *curl_message;     /* the error buffer */
  long      os_errno;           /* CURLINFO_OS_ERRNO */
  long      connect_code;       /* CURLINFO_HTTP_CONNECTCODE */
  long      proxy_auth_avail;   /* CURLINFO_PROXYAUTH_AVAIL */
  gboolean  basic_used;         /* the proxy accepted Basic credentials */
  gboolean  basic_allowed;      /* the WSUS setting "Allow basic authentication" */
  gboolean  credentials_given;  /* a proxy user was configured */
  gboolean  connected;          /* CURLINFO_CONNECT_TIME_T > 0 */
  long      http_status;        /* CURLINFO_RESPONSE_CODE */
  gboolean  any_status_ok;      /* any answer of the host counts (reachability only) */
  const char *proxy_error;      /* X-Squid-Error / Proxy-Status of a proxy-made answer */
  /* TLS, from the chain the server sent */
  WsdProbeTlsVerify tls_verify_error;
  const char *tls_top_issuer;   /* issuer of the last certificate in the chain */
  gboolean  tls_top_is_microsoft_root;
  const char *tls_not_after;    /* of the certificate that failed */
  const char *tls_names;        /* leaf subject CN + SANs */
  gint64    tls_expires_in_days; /* leaf; G_MAXINT64 when unknown */
  /* SOAP */
  gboolean  soap_checked;       /* the step parsed a SOAP answer */
  gboolean  soap_has_dss_targeting;
  const char *soap_error_code;  /* NULL = no fault; "" = fault without ErrorCode */
} WsdProbeObservation;

void wsd_probe_observation_init    (WsdProbeObservation *observation, WsdProbeStepKind step);

/* Stage 1. */
void wsd_probe_observation_outcome (const WsdProbeObservation *observation,
                                    WsdProbeOutcome           *out_outcome);

/* Stage 2. Fills @step's status, rule and detail (detail only when the
 * table has a sentence for the outcome; success details come from the
 * prober). @host is the peer's "host:port" for the sentence, @timeout_ms the
 * step's bound, @schemes the proxy's offered schemes ("Basic, NTLM"). */
void wsd_probe_classify            (const WsdProbeOutcome *outcome,
                                    WsdProbeStep          *step,
                                    const char            *host,
                                    gint64                 timeout_ms,
                                    const char            *schemes);

/* "Basic, NTLM, Negotiate" from a CURLAUTH_* mask; "none" for 0. */
char *wsd_probe_auth_schemes_to_string (long mask);

/* A short title for each rule id the prober emits, for text output when the
 * knowledge base is not at hand. NULL for unknown ids. */
const char *wsd_probe_rule_title (const char *rule);

G_END_DECLS
