/* wsd-signals.c: one pass over a text for codes, statuses and hosts. */
#include <string.h>

#include "wsd-signals.h"
#include "wsd-error-codes.h"

static inline gboolean
is_word (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static inline gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_';
}

static void
add_hresult (WsdSignals *out, guint32 value, guint offset)
{
  guint status;

  for (guint i = 0; i < out->n_hresults; i++)
    if (out->hresults[i] == value)
      return;
  if (out->n_hresults < WSD_SIGNALS_MAX)
    {
      out->hresult_offsets[out->n_hresults] = offset;
      out->hresults[out->n_hresults++] = value;
    }
  status = wsd_hresult_http_status (value);
  if (status != 0 && out->n_statuses < WSD_SIGNALS_MAX)
    {
      out->status_offsets[out->n_statuses] = offset;
      out->statuses[out->n_statuses++] = status;
    }
}

static void
add_status (WsdSignals *out, guint status, guint offset)
{
  for (guint i = 0; i < out->n_statuses; i++)
    if (out->statuses[i] == status)
      return;
  if (out->n_statuses < WSD_SIGNALS_MAX)
    {
      out->status_offsets[out->n_statuses] = offset;
      out->statuses[out->n_statuses++] = status;
    }
}

static void
add_host (WsdSignals *out, WsdHostKind kind, guint offset, guint length, guint port,
          guint path_offset, guint path_length)
{
  if (out->n_hosts >= WSD_SIGNALS_MAX || length == 0)
    return;
  out->hosts[out->n_hosts++] = (WsdHostRef) { kind, offset, length, port, path_offset, path_length };
}

static guint
parse_port (const char *p, const char *end, const char **after)
{
  guint port = 0, n = 0;
  while (p < end && g_ascii_isdigit (*p) && n < 6)
    {
      port = port * 10 + (*p - '0');
      p++, n++;
    }
  *after = p;
  return (n > 0 && port > 0 && port < 65536) ? port : 0;
}

void
wsd_signals_extract (const char *text, gsize length, WsdSignals *out)
{
  const char *end = text + length;

  memset (out, 0, sizeof *out);
  for (const char *p = text; p < end; p++)
    {
      char c = *p;
      gboolean boundary = (p == text) || !is_word (p[-1]);

      /* Every signal starts at a word boundary: skip inside words. */
      if (!boundary)
        continue;

      if (c == '0' && p + 1 < end && (p[1] == 'x' || p[1] == 'X') && boundary)
        {
          const char *h = p + 2;
          guint n = 0;
          while (h < end && g_ascii_isxdigit (*h) && n < 9)
            h++, n++;
          if (n == 8 && (h == end || !is_word (*h)))
            add_hresult (out, (guint32) g_ascii_strtoull (p + 2, NULL, 16), p - text);
          else if (n >= 1 && n <= 4 && p - text >= 6 && (h == end || !is_word (*h)))
            {
              /* "error 0x5": a Win32 code */
              const char *back = p - 1;
              while (back > text && (*back == ' ' || *back == '=' || *back == ':'))
                back--;
              if (back - text >= 4 && g_ascii_strncasecmp (back - 4, "error", 5) == 0)
                add_hresult (out, 0x80070000u | (guint32) g_ascii_strtoull (p + 2, NULL, 16), p - text);
            }
          p = h - 1;
          continue;
        }
      if (g_ascii_isxdigit (c) && boundary && p + 8 <= end && g_ascii_xdigit_value (c) >= 8
          && (p == text || (p[-1] != '-' && p[-1] != '.' && p[-1] != '/' && p[-1] != '\\')))
        {
          guint n = 0;
          while (n < 8 && g_ascii_isxdigit (p[n]))
            n++;
          if (n == 8 && (p + 8 == end || (!is_word (p[8]) && p[8] != '-' && p[8] != '.')))
            {
              add_hresult (out, (guint32) g_ascii_strtoull (p, NULL, 16), p - text);
              p += 7;
              continue;
            }
        }
      if (c == '-' && p + 11 <= end && p[1] == '2' && g_ascii_isdigit (p[2])
          && (p == text || !g_ascii_isdigit (p[-1])))
        {
          guint n = 0;
          while (p + 1 + n < end && g_ascii_isdigit (p[1 + n]) && n < 11)
            n++;
          if (n == 10)
            {
              gint64 v = g_ascii_strtoll (p, NULL, 10);
              if (v >= G_MININT32 && v < -0x40000000LL)
                add_hresult (out, (guint32) (gint32) v, p - text);
            }
          p += n;
          continue;
        }
      if ((c == 'E' || c == 'e') && boundary && end - p > 6 && g_ascii_strncasecmp (p, "error", 5) == 0)
        {
          const char *q = p + 5;
          gboolean sep = FALSE;
          while (q < end && (*q == ' ' || *q == '=' || *q == ':'))
            q++, sep = TRUE;
          if (sep && q < end && g_ascii_isdigit (*q) && !(q[0] == '0' && q + 1 < end && (q[1] == 'x' || q[1] == 'X')))
            {
              const char *after;
              guint v = parse_port (q, end, &after);
              if (v > 0 && after - q <= 5 && (after == end || (!is_word (*after) && *after != '.')))
                add_hresult (out, 0x80070000u | v, q - text);
            }
        }
      if ((c == 'H' || c == 'h') && boundary && end - p > 6 && g_ascii_strncasecmp (p, "http", 4) == 0)
        {
          const char *q = p + 4;
          if (q < end && (*q == 's' || *q == 'S'))
            q++;
          if (end - q >= 3 && q[0] == ':' && q[1] == '/' && q[2] == '/')
            {
              const char *host = q + 3, *h = host, *after;
              guint port = 0;
              while (h < end && is_host_char (*h))
                h++;
              if (h < end && *h == ':')
                port = parse_port (h + 1, end, &after);
              else
                after = h;
              {
                const char *path = after;
                while (after < end && !g_ascii_isspace (*after) && *after != '"' && *after != '\''
                       && *after != ',' && *after != '<' && *after != ')')
                  after++;
                add_host (out, WSD_HOST_URL, host - text, h - host, port,
                          (path < after && *path == '/') ? (guint) (path - text) : 0,
                          (path < after && *path == '/') ? (guint) (after - path) : 0);
              }
              p = after - 1;
              continue;
            }
          if (!(q < end && is_word (*q)))
            {
              /* "HTTP status 503", "l'état HTTP 503", "HTTP-Status 503" */
              for (const char *d = q; d < end && d < q + 24; d++)
                {
                  if (*d == '\n')
                    break;
                  if (g_ascii_isdigit (*d))
                    {
                      const char *after;
                      guint v = parse_port (d, end, &after);
                      if (after - d == 3 && v >= 100 && v < 600 && (after == end || !is_word (*after)))
                        add_status (out, v, d - text);
                      break;
                    }
                }
            }
        }
      if (c == '(' && end - p >= 5 && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
          && g_ascii_isdigit (p[3]) && p[4] == ')' && p - text >= 2)
        {
          const char *back = p - 1;
          while (back > text && *back == ' ')
            back--;
          if (*back == ':')
            {
              guint v = (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
              if (v >= 400 && v < 600)
                add_status (out, v, p + 1 - text);
            }
        }
      if (c == 'E' && end - p > 10 && (strncmp (p, "ErrorCode=", 10) == 0 || strncmp (p, "ErrorCode>", 10) == 0))
        {
          const char *v = p + 10, *w = v;
          while (w < end && g_ascii_isalpha (*w))
            w++;
          if (w > v && out->n_soap < WSD_SIGNALS_MAX)
            {
              out->soap_offsets[out->n_soap] = v - text;
              out->soap_lengths[out->n_soap++] = w - v;
            }
          p = w - 1;
          continue;
        }
      if (c == 'E' && out->event_id == 0 && end - p > 8 && strncmp (p, "EventId=", 8) == 0)
        {
          const char *after;
          out->event_id = parse_port (p + 8, end, &after);
          continue;
        }
      if (c == '\'' && p - text >= 1)
        {
          const char *back = p - 1;
          while (back > text && *back == ' ')
            back--;
          if (*back == ':')
            {
              const char *h = p + 1;
              gboolean letter = FALSE;
              while (h < end && is_host_char (*h))
                letter |= g_ascii_isalpha (*h), h++;
              if (h < end && *h == '\'' && h > p + 1 && letter)
                add_host (out, WSD_HOST_QUOTED, p + 1 - text, h - p - 1, 0, 0, 0);
            }
          continue;
        }
      if (g_ascii_isdigit (c) && (p == text || (!is_word (p[-1]) && p[-1] != '.' && p[-1] != '-')))
        {
          /* IPv4 address, optionally with a port */
          const char *q = p;
          guint parts = 0;
          for (;;)
            {
              guint n = 0;
              while (q < end && g_ascii_isdigit (*q) && n < 4)
                q++, n++;
              if (n == 0 || n > 3)
                break;
              parts++;
              if (parts == 4 || q >= end || *q != '.')
                break;
              q++;
            }
          if (parts == 4 && (q == end || !g_ascii_isdigit (*q)))
            {
              guint port = 0;
              const char *after = q;
              if (q < end && *q == ':')
                port = parse_port (q + 1, end, &after);
              if (after == end || (!is_word (*after) && *after != '.'))
                add_host (out, WSD_HOST_ENDPOINT, p - text, q - p, port, 0, 0);
              p = after - 1;
              continue;
            }
          while (p + 1 < end && (g_ascii_isalnum (p[1]) || p[1] == '.'))
            p++;
        }
    }
}

gboolean
wsd_signals_has_hresult (const WsdSignals *signals, guint32 hresult, guint *out_offset)
{
  for (guint i = 0; i < signals->n_hresults; i++)
    if (signals->hresults[i] == hresult)
      {
        if (out_offset)
          *out_offset = signals->hresult_offsets[i];
        return TRUE;
      }
  return FALSE;
}

gboolean
wsd_signals_has_status (const WsdSignals *signals, guint status, guint *out_offset)
{
  for (guint i = 0; i < signals->n_statuses; i++)
    if (signals->statuses[i] == status)
      {
        if (out_offset)
          *out_offset = signals->status_offsets[i];
        return TRUE;
      }
  return FALSE;
}

gboolean
wsd_signals_has_soap (const WsdSignals *signals, const char *text, const char *code, guint *out_offset)
{
  gsize n = strlen (code);
  for (guint i = 0; i < signals->n_soap; i++)
    if (signals->soap_lengths[i] == n && g_ascii_strncasecmp (text + signals->soap_offsets[i], code, n) == 0)
      {
        if (out_offset)
          *out_offset = signals->soap_offsets[i];
        return TRUE;
      }
  return FALSE;
}

static gboolean
has_suffix (const char *host, gsize length, const char *suffix)
{
  gsize n = strlen (suffix);
  if (length == n - 1 && g_ascii_strncasecmp (host, suffix + 1, n - 1) == 0)
    return TRUE;   /* "windowsupdate.com" for ".windowsupdate.com" */
  return length > n && g_ascii_strncasecmp (host + length - n, suffix, n) == 0;
}

gboolean
wsd_host_is_microsoft (const char *host, gsize length)
{
  static const char * const suffixes[] = {
    ".microsoft.com", ".windowsupdate.com", ".windows.com", ".update.microsoft.com",
    ".delivery.mp.microsoft.com", NULL
  };
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (has_suffix (host, length, suffixes[i]))
      return TRUE;
  return FALSE;
}

gboolean
wsd_host_names_match (const char *a, gsize a_length, const char *b, gsize b_length)
{
  const char *a_dot, *b_dot;
  gsize a_short, b_short;

  if (a_length == 0 || b_length == 0)
    return FALSE;
  if (a_length == b_length && g_ascii_strncasecmp (a, b, a_length) == 0)
    return TRUE;
  a_dot = memchr (a, '.', a_length);
  b_dot = memchr (b, '.', b_length);
  /* Only a short name may match an FQDN; two different FQDNs never do. */
  if ((a_dot != NULL) == (b_dot != NULL))
    return FALSE;
  a_short = a_dot ? (gsize) (a_dot - a) : a_length;
  b_short = b_dot ? (gsize) (b_dot - b) : b_length;
  /* An address is not a short name. */
  if (g_ascii_isdigit (a[0]) || g_ascii_isdigit (b[0]))
    return FALSE;
  return a_short == b_short && g_ascii_strncasecmp (a, b, a_short) == 0;
}

WsdPhase
wsd_phase_from_text (const char *text)
{
  static const struct { const char *frame; WsdPhase phase; } frames[] = {
    { "ContentSyncAgent", WSD_PHASE_CONTENT },
    { "BITS", WSD_PHASE_CONTENT },
    { "GetDeployments", WSD_PHASE_DEPLOYMENTS },
    { "SyncDeploymentsFromUSS", WSD_PHASE_DEPLOYMENTS },
    { "Rollup", WSD_PHASE_REPORTING },
    { "GetAuthConfig", WSD_PHASE_AUTHORIZATION },
    { "GetAuthorizationCookie", WSD_PHASE_AUTHORIZATION },
    { "GetCookie", WSD_PHASE_AUTHORIZATION },
    { "ServerSyncLib.Authenticate", WSD_PHASE_AUTHORIZATION },
    { "GetRevisionIdList", WSD_PHASE_METADATA },
    { "GetUpdateData", WSD_PHASE_METADATA },
    { "SyncConfigUpdatesFromUSS", WSD_PHASE_METADATA },
    { "GetUpdateDataInChunksAndImport", WSD_PHASE_METADATA },
    { "ImportUpdate", WSD_PHASE_METADATA },
  };

  if (text == NULL)
    return WSD_PHASE_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    if (strstr (text, frames[i].frame) != NULL)
      return frames[i].phase;
  return WSD_PHASE_UNKNOWN;
}
