/* wsd-redactor.c: masks host names, domain names, user names and
 * addresses in report text; see wsd-redactor.h for what is kept. */
#include "wsd-redactor.h"

#include <string.h>
#include <gio/gio.h>

struct _WsdRedactor
{
  GObject     parent_instance;
  GHashTable *aliases;        /* lower-case name → alias */
  guint       n_hosts, n_domains, n_users, n_ipv4, n_ipv6;
};

G_DEFINE_FINAL_TYPE (WsdRedactor, wsd_redactor, G_TYPE_OBJECT)

typedef enum { NAME_HOST, NAME_DOMAIN, NAME_USER, NAME_IPV4, NAME_IPV6 } NameKind;

/* Top-level domains a corporate name ends with. Deliberately not every TLD:
 * .zip, .mov, .sh, .py, .md… are file extensions in logs far more often. */
static const char * const known_tlds[] = {
  "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "co",
  "local", "lan", "corp", "internal", "intranet", "intra", "home", "localdomain",
  "example", "test", "invalid", "ad", "priv", "private", "cloud", "online",
  "de", "uk", "fr", "nl", "be", "ch", "at", "it", "es", "se", "no", "dk", "fi",
  "cz", "ru", "jp", "cn", "au", "nz", "ca", "us", "eu", "br", "mx", "za", "ie",
  "lu", "pt", "gr", "hu", "ro", "sk", "si", "hr", "tr", "il", "kr", "tw", "hk",
  "sg", "ae", "sa", "ar", "cl", "ua", "lt", "lv", "ee", "in",
};

/* Single labels never learnt as short host names: they are words too. */
static const char * const common_words[] = {
  "proxy", "wsus", "update", "updates", "server", "www", "mail", "localhost",
  "upstream", "downstream", "content", "host", "domain", "user",
};

/* Keys whose value is a user name ("user": "svc-wsus", user=bob). */
static const char * const user_keys[] = {
  "user", "username", "user_name", "userid", "account", "login",
};

static void
wsd_redactor_finalize (GObject *object)
{
  WsdRedactor *self = WSD_REDACTOR (object);

  g_hash_table_unref (self->aliases);
  G_OBJECT_CLASS (wsd_redactor_parent_class)->finalize (object);
}

static void
wsd_redactor_class_init (WsdRedactorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wsd_redactor_finalize;
}

static void
wsd_redactor_init (WsdRedactor *self)
{
  self->aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

WsdRedactor *
wsd_redactor_new (void)
{
  return g_object_new (WSD_TYPE_REDACTOR, NULL);
}

static gboolean
in_list (const char * const *list, gsize n, const char *word, gsize len)
{
  for (gsize i = 0; i < n; i++)
    if (strlen (list[i]) == len && g_ascii_strncasecmp (list[i], word, len) == 0)
      return TRUE;
  return FALSE;
}

static const char *
lookup (WsdRedactor *self, const char *name, gsize len)
{
  char key[256];

  if (len == 0 || len >= sizeof key)
    return NULL;
  for (gsize i = 0; i < len; i++)
    key[i] = g_ascii_tolower (name[i]);
  key[len] = '\0';
  return g_hash_table_lookup (self->aliases, key);
}

static const char *
alias_for (WsdRedactor *self, NameKind kind, const char *name, gsize len)
{
  const char *alias = lookup (self, name, len);
  char *key;
  char *value = NULL;

  if (alias != NULL || len == 0)
    return alias != NULL ? alias : "";
  switch (kind)
    {
    case NAME_HOST:   value = g_strdup_printf ("host-%u", ++self->n_hosts); break;
    case NAME_DOMAIN: value = g_strdup_printf ("domain-%u", ++self->n_domains); break;
    case NAME_USER:   value = g_strdup_printf ("user-%u", ++self->n_users); break;
    case NAME_IPV4:   value = g_strdup_printf ("ipv4-%u", ++self->n_ipv4); break;
    case NAME_IPV6:   value = g_strdup_printf ("ipv6-%u", ++self->n_ipv6); break;
    default: g_assert_not_reached ();
    }
  key = g_ascii_strdown (name, len);
  g_hash_table_insert (self->aliases, key, value);
  return value;
}

gboolean
wsd_redactor_is_public_host (const char *host, gssize len)
{
  static const char * const public_domains[] = { "microsoft.com", "windowsupdate.com" };

  if (len < 0)
    len = strlen (host);
  while (len > 0 && host[len - 1] == '.')
    len--;
  if (len == 9 && g_ascii_strncasecmp (host, "localhost", 9) == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (public_domains); i++)
    {
      gsize n = strlen (public_domains[i]);

      if ((gsize) len == n && g_ascii_strncasecmp (host, public_domains[i], n) == 0)
        return TRUE;
      if ((gsize) len > n && host[len - n - 1] == '.'
          && g_ascii_strncasecmp (host + len - n, public_domains[i], n) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
add_host_full (WsdRedactor *self, const char *name, gboolean with_short_name)
{
  const char *dot;
  const char *alias;

  if (name == NULL || *name == '\0' || wsd_redactor_is_public_host (name, -1)
      || g_hostname_is_ip_address (name))
    return;
  alias = alias_for (self, NAME_HOST, name, strlen (name));
  dot = strchr (name, '.');
  if (dot == NULL)
    return;
  /* wsus01.corp.example is also "wsus01" in NetBIOS-style texts, and
   * its domain corp.example is a domain. */
  if (with_short_name && !in_list (common_words, G_N_ELEMENTS (common_words), name, dot - name)
      && lookup (self, name, dot - name) == NULL && dot - name < 256)
    g_hash_table_insert (self->aliases, g_ascii_strdown (name, dot - name), g_strdup (alias));
  if (strchr (dot + 1, '.') != NULL)
    alias_for (self, NAME_DOMAIN, dot + 1, strlen (dot + 1));
}

void
wsd_redactor_add_host (WsdRedactor *self, const char *name)
{
  g_return_if_fail (WSD_IS_REDACTOR (self));
  add_host_full (self, name, TRUE);
}

void
wsd_redactor_add_domain (WsdRedactor *self, const char *name)
{
  g_return_if_fail (WSD_IS_REDACTOR (self));
  if (name != NULL && *name != '\0' && !wsd_redactor_is_public_host (name, -1))
    alias_for (self, NAME_DOMAIN, name, strlen (name));
}

void
wsd_redactor_add_user (WsdRedactor *self, const char *name)
{
  g_return_if_fail (WSD_IS_REDACTOR (self));
  if (name != NULL && *name != '\0')
    alias_for (self, NAME_USER, name, strlen (name));
}

void
wsd_redactor_add_server (WsdRedactor *self, const WsdServer *server)
{
  const char *value;

  g_return_if_fail (WSD_IS_REDACTOR (self));
  add_host_full (self, server->name, TRUE);
  add_host_full (self, wsd_server_fact_string (server, "upstream_server"), TRUE);
  add_host_full (self, wsd_server_fact_string (server, "proxy.host"), FALSE);
  if ((value = wsd_server_fact_string (server, "proxy.domain")) != NULL)
    wsd_redactor_add_domain (self, value);
  if ((value = wsd_server_fact_string (server, "proxy.user")) != NULL)
    {
      /* "CORP\svc" or "svc@corp.example" in one field: the user part. */
      const char *backslash = strrchr (value, '\\');
      const char *at = strchr (value, '@');

      if (backslash != NULL)
        value = backslash + 1;
      if (at != NULL && at > value)
        {
          g_autofree char *user = g_strndup (value, at - value);
          wsd_redactor_add_user (self, user);
          wsd_redactor_add_domain (self, at + 1);
        }
      else
        wsd_redactor_add_user (self, value);
    }
}

const char *
wsd_redactor_host_alias (WsdRedactor *self, const char *name)
{
  g_return_val_if_fail (WSD_IS_REDACTOR (self), NULL);
  return alias_for (self, NAME_HOST, name, strlen (name));
}

/* --- the scanner --------------------------------------------------------
 * One pass over the text; @out NULL = only learn names. Only ASCII bytes
 * delimit tokens, so UTF-8 text passes through unchanged. */

typedef struct {
  WsdRedactor *self;
  GString     *out;
  const char  *text;
  gsize        len;
} Scan;

static inline gboolean
is_label_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

static void
emit (Scan *scan, const char *p, gsize n)
{
  if (scan->out != NULL)
    g_string_append_len (scan->out, p, n);
}

static void
emit_alias (Scan *scan, NameKind kind, const char *p, gsize n)
{
  const char *alias = alias_for (scan->self, kind, p, n);

  if (scan->out != NULL)
    g_string_append (scan->out, alias);
}

static gboolean
is_known_tld (const char *label, gsize n)
{
  /* "System.Net": a .NET namespace, not a host. */
  if (n == 3 && strncmp (label, "Net", 3) == 0)
    return FALSE;
  return in_list (known_tlds, G_N_ELEMENTS (known_tlds), label, n);
}

static gboolean
is_dotnet_name (const char *p, gsize n)
{
  static const char * const names[] = { "asp.net", "ado.net", "vb.net" };
  return in_list (names, G_N_ELEMENTS (names), p, n);
}

/* Length of a dotted name at @p (labels joined by single dots); the number
 * of labels in @n_labels. */
static gsize
dotted_span (const char *p, gsize max, guint *n_labels)
{
  gsize i = 0;

  *n_labels = 0;
  while (i < max && is_label_char (p[i]))
    {
      while (i < max && is_label_char (p[i]))
        i++;
      (*n_labels)++;
      if (i + 1 < max && p[i] == '.' && is_label_char (p[i + 1]))
        i++;
      else
        break;
    }
  return i;
}

static gboolean
is_ipv4 (const char *p, gsize n)
{
  guint octets = 0;
  const char *q = p;

  if (n > 15)
    return FALSE;
  while (q < p + n)
    {
      guint value = 0, digits = 0;

      while (q < p + n && g_ascii_isdigit (*q) && digits < 4)
        value = value * 10 + (*q++ - '0'), digits++;
      if (digits == 0 || digits > 3 || value > 255)
        return FALSE;
      octets++;
      if (q < p + n && *q++ != '.')
        return FALSE;
    }
  return octets == 4;
}

static gboolean
is_kept_address (const char *p, gsize n)
{
  return (n > 4 && strncmp (p, "127.", 4) == 0) || (n == 7 && strncmp (p, "0.0.0.0", 7) == 0)
         || (n == 3 && strncmp (p, "::1", 3) == 0) || (n == 2 && strncmp (p, "::", 2) == 0);
}

/* An IPv6 address at @p: hex digits, colons and dots (embedded IPv4). */
static gsize
ipv6_span (const char *p, gsize max)
{
  gsize i = 0;
  guint colons = 0;
  char buf[64];

  while (i < max && (g_ascii_isxdigit (p[i]) || p[i] == ':' || p[i] == '.'))
    colons += p[i++] == ':';
  while (i > 0 && (p[i - 1] == '.' || (p[i - 1] == ':' && !(i >= 2 && p[i - 2] == ':'))))
    colons -= p[--i] == ':';
  /* Cheap rejections first: clock times ("03:00:12") are the usual case. */
  if (colons < 2 || (colons < 7 && g_strstr_len (p, i, "::") == NULL) || i >= sizeof buf || (i < max && (g_ascii_isalnum (p[i]) || p[i] == '_')))
    return 0;
  memcpy (buf, p, i);
  buf[i] = '\0';
  {
    g_autoptr(GInetAddress) address = g_inet_address_new_from_string (buf);
    if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
      return 0;
  }
  return i;
}

/* A host in a host position (URL authority, UNC path, after '@'). */
static void
emit_host (Scan *scan, const char *p, gsize n, NameKind unknown_kind)
{
  if (n == 0)
    return;
  if (is_ipv4 (p, n))
    {
      if (is_kept_address (p, n))
        emit (scan, p, n);
      else
        emit_alias (scan, NAME_IPV4, p, n);
    }
  else if (wsd_redactor_is_public_host (p, n))
    emit (scan, p, n);
  else if (lookup (scan->self, p, n) != NULL)
    emit_alias (scan, NAME_HOST, p, n);
  else
    emit_alias (scan, unknown_kind, p, n);
}

static gboolean
is_netbios_domain (Scan *scan, const char *p, gsize n)
{
  gboolean letter = FALSE;

  if (n == 0 || n > 15)
    return FALSE;
  if (lookup (scan->self, p, n) != NULL)
    return TRUE;
  for (gsize i = 0; i < n; i++)
    {
      if (g_ascii_islower (p[i]) || p[i] == '_')
        return FALSE;
      letter |= g_ascii_isupper (p[i]);
    }
  return letter;
}

static gboolean
preceded_by (Scan *scan, gsize at, const char *word)
{
  gsize n = strlen (word);
  return at >= n && g_ascii_strncasecmp (scan->text + at - n, word, n) == 0
         && (at == n || !g_ascii_isalnum (scan->text[at - n - 1]));
}

/* scheme://[user[:password]@]host[:port]: returns bytes consumed, 0 when
 * @i does not start a URL. */
static gsize
scan_url (Scan *scan, gsize i)
{
  const char *t = scan->text;
  gsize j = i, auth, end, at = 0, host_end;

  while (j < scan->len && (g_ascii_isalnum (t[j]) || t[j] == '+' || t[j] == '.' || t[j] == '-'))
    j++;
  if (j == i || !g_ascii_isalpha (t[i]) || j + 3 > scan->len || strncmp (t + j, "://", 3) != 0)
    return 0;
  auth = j + 3;
  end = auth;
  while (end < scan->len && !strchr ("/?#\\\"'<> \t\r\n", t[end]))
    end++;
  for (gsize k = auth; k < end; k++)
    if (t[k] == '@')
      at = k + 1;
  emit (scan, t + i, auth - i);
  if (at > 0)
    {
      gsize colon = auth;

      while (colon < at - 1 && t[colon] != ':')
        colon++;
      emit_alias (scan, NAME_USER, t + auth, colon - auth);
      if (colon < at - 1)
        emit (scan, ":***", 4);
      emit (scan, "@", 1);
      auth = at;
    }
  if (auth < end && t[auth] == '[')
    {
      host_end = auth + 1;
      while (host_end < end && t[host_end] != ']')
        host_end++;
      emit (scan, "[", 1);
      if (is_kept_address (t + auth + 1, host_end - auth - 1))
        emit (scan, t + auth + 1, host_end - auth - 1);
      else
        emit_alias (scan, NAME_IPV6, t + auth + 1, host_end - auth - 1);
      auth = host_end < end ? host_end + 1 : host_end;
      if (host_end < end)
        emit (scan, "]", 1);
    }
  else
    {
      host_end = auth;
      while (host_end < end && t[host_end] != ':')
        host_end++;
      emit_host (scan, t + auth, host_end - auth, NAME_HOST);
      auth = host_end;
    }
  emit (scan, t + auth, end - auth);
  return end - i;
}

/* DOMAIN\user: returns bytes consumed, 0 when not one. */
static gsize
scan_domain_user (Scan *scan, gsize i, gsize word_len)
{
  const char *t = scan->text;
  gsize u = i + word_len + 1, u_end = u;

  if (u >= scan->len || t[i + word_len] != '\\' || !is_netbios_domain (scan, t + i, word_len))
    return 0;
  if (i > 0 && strchr ("\\/:.", t[i - 1]))
    return 0;   /* part of a path */
  if (preceded_by (scan, i, "NT ") || preceded_by (scan, i, "IIS ")
      || (word_len == 7 && strncmp (t + i, "BUILTIN", 7) == 0))
    return 0;   /* built-in accounts stay readable */
  while (u_end < scan->len && (is_label_char (t[u_end]) || t[u_end] == '.' || t[u_end] == '$'))
    u_end++;
  if (u_end == u || (u_end < scan->len && t[u_end] == '\\'))
    return 0;
  emit_alias (scan, NAME_DOMAIN, t + i, word_len);
  emit (scan, "\\", 1);
  emit_alias (scan, NAME_USER, t + u, u_end - u);
  return u_end - i;
}

/* "user": "bob", user=bob, User: bob → the value is a user name. */
static gsize
scan_user_value (Scan *scan, gsize i, gsize word_len)
{
  const char *t = scan->text;
  gsize j = i + word_len, v, v_end;

  if (!in_list (user_keys, G_N_ELEMENTS (user_keys), t + i, word_len))
    return 0;
  if (j < scan->len && (t[j] == '"' || t[j] == '\''))
    j++;
  while (j < scan->len && t[j] == ' ')
    j++;
  if (j >= scan->len || (t[j] != ':' && t[j] != '='))
    return 0;
  j++;
  while (j < scan->len && t[j] == ' ')
    j++;
  if (j < scan->len && (t[j] == '"' || t[j] == '\''))
    j++;
  v = v_end = j;
  while (v_end < scan->len && !strchr (" \t\r\n\"',;&<>()[]{}", t[v_end]))
    v_end++;
  if (v_end == v)
    return 0;
  emit (scan, t + i, v - i);
  /* The value may itself be DOMAIN\user or user@domain. */
  {
    const char *backslash = memchr (t + v, '\\', v_end - v);
    const char *at = memchr (t + v, '@', v_end - v);

    if (backslash != NULL)
      {
        emit_alias (scan, NAME_DOMAIN, t + v, backslash - (t + v));
        emit (scan, "\\", 1);
        emit_alias (scan, NAME_USER, backslash + 1, t + v_end - backslash - 1);
      }
    else if (at != NULL)
      {
        emit_alias (scan, NAME_USER, t + v, at - (t + v));
        emit (scan, "@", 1);
        emit_host (scan, at + 1, t + v_end - at - 1, NAME_DOMAIN);
      }
    else
      emit_alias (scan, NAME_USER, t + v, v_end - v);
  }
  return v_end - i;
}

/* A known name inside a hyphenated word: collector folders are named
 * "WsusSyncDiagnostics-wsus-br01-20261101-090500". Emits up to and
 * including the alias and returns the bytes consumed, 0 when none. */
static gsize
scan_hyphenated (Scan *scan, const char *p, gsize n)
{
  gsize starts[16], ends[16];
  guint parts = 0;

  if (memchr (p, '-', n) == NULL)
    return 0;
  for (gsize k = 0; k <= n && parts < G_N_ELEMENTS (starts);)
    {
      gsize e = k;

      while (e < n && p[e] != '-')
        e++;
      starts[parts] = k;
      ends[parts++] = e;
      k = e + 1;
    }
  for (guint a = 0; a < parts; a++)
    for (guint b = parts; b > a; b--)
      {
        gsize from = starts[a], to = ends[b - 1];

        if (to > from && !(a == 0 && b == parts) && lookup (scan->self, p + from, to - from) != NULL)
          {
            emit (scan, p, from);
            emit_alias (scan, NAME_HOST, p + from, to - from);
            return to;
          }
      }
  return 0;
}

static gsize
scan_token (Scan *scan, gsize i)
{
  const char *t = scan->text;
  const char *p = t + i;
  gsize max = scan->len - i;
  gsize n, consumed;
  guint labels;

  if ((consumed = scan_url (scan, i)) > 0)
    return consumed;
  if ((n = ipv6_span (p, max)) > 0)
    {
      if (is_kept_address (p, n))
        emit (scan, p, n);
      else
        emit_alias (scan, NAME_IPV6, p, n);
      return n;
    }

  n = dotted_span (p, max, &labels);
  if (n < max && p[n] == '@' && n + 1 < max && is_label_char (p[n + 1]))
    {
      guint domain_labels;
      gsize d = dotted_span (p + n + 1, max - n - 1, &domain_labels);

      emit_alias (scan, NAME_USER, p, n);
      emit (scan, "@", 1);
      emit_host (scan, p + n + 1, d, NAME_DOMAIN);
      return n + 1 + d;
    }
  if (i >= 2 && t[i - 1] == '\\' && t[i - 2] == '\\')
    {
      emit_host (scan, p, n, NAME_HOST);   /* \\server\share */
      return n;
    }
  if (labels >= 2)
    {
      const char *last = p + n;

      while (last > p && last[-1] != '.')
        last--;
      if (labels == 4 && is_ipv4 (p, n))
        {
          if (is_kept_address (p, n))
            emit (scan, p, n);
          else
            emit_alias (scan, NAME_IPV4, p, n);
        }
      else if (wsd_redactor_is_public_host (p, n) || is_dotnet_name (p, n))
        emit (scan, p, n);
      else if (lookup (scan->self, p, n) != NULL || is_known_tld (last, p + n - last))
        emit_alias (scan, NAME_HOST, p, n);
      else
        emit (scan, p, n);
      return n;
    }

  if ((consumed = scan_domain_user (scan, i, n)) > 0
      || (consumed = scan_user_value (scan, i, n)) > 0)
    return consumed;
  if (lookup (scan->self, p, n) != NULL)
    emit_alias (scan, NAME_HOST, p, n);
  else if ((consumed = scan_hyphenated (scan, p, n)) > 0)
    return consumed;
  else
    emit (scan, p, n);
  return n;
}

static void
scan_text (WsdRedactor *self, GString *out, const char *text, gssize len)
{
  Scan scan = { self, out, text, len < 0 ? strlen (text) : (gsize) len };
  gsize i = 0, run = 0;

  while (i < scan.len)
    {
      char c = text[i];
      gboolean starts = g_ascii_isalnum (c) && (i == 0 || !(is_label_char (text[i - 1]) || text[i - 1] == '.'));

      if (!starts && c == ':' && i + 1 < scan.len && text[i + 1] == ':'
          && (i == 0 || !g_ascii_isxdigit (text[i - 1])) && ipv6_span (text + i, scan.len - i) > 0)
        starts = TRUE;
      if (!starts)
        {
          i++;
          continue;
        }
      emit (&scan, text + run, i - run);
      i += scan_token (&scan, i);
      run = i;
    }
  emit (&scan, text + run, scan.len - run);
}

void
wsd_redactor_learn (WsdRedactor *self, const char *text)
{
  g_return_if_fail (WSD_IS_REDACTOR (self));
  if (text != NULL)
    scan_text (self, NULL, text, -1);
}

void
wsd_redactor_append (WsdRedactor *self, GString *out, const char *text, gssize len)
{
  g_return_if_fail (WSD_IS_REDACTOR (self));
  if (text != NULL)
    scan_text (self, out, text, len);
}

char *
wsd_redactor_redact (WsdRedactor *self, const char *text)
{
  GString *out;

  g_return_val_if_fail (WSD_IS_REDACTOR (self), NULL);
  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text) + 16);
  scan_text (self, out, text, -1);
  return g_string_free (out, FALSE);
}
