/* wsd-probe-resolve.h: name resolution with a bound. getaddrinfo() cannot
 * be interrupted, so it runs on a thread of its own; the caller stops
 * waiting at the timeout or on cancel and the lookup finishes unobserved. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  WSD_PROBE_RESOLVE_OK = 0,
  WSD_PROBE_RESOLVE_FAILED,
  WSD_PROBE_RESOLVE_TIMED_OUT,
  WSD_PROBE_RESOLVE_CANCELED,
} WsdProbeResolveStatus;

/* On OK, @out_addresses holds the numeric addresses (IPv4 first, no
 * duplicates); on FAILED, @out_message says why. */
WsdProbeResolveStatus wsd_probe_resolve (const char    *host,
                                         gint64         timeout_ms,
                                         GCancellable  *cancellable,
                                         GStrv         *out_addresses,
                                         char         **out_message);

G_END_DECLS
