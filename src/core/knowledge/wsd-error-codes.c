/* wsd-error-codes.c: data/error-codes.tsv and printed-code parsing. */
#include <gio/gio.h>
#include <string.h>
#include <stdlib.h>

#include "wsd-types.h"
#include "wsd-error-codes.h"

#define RESOURCE_PATH "/io/github/syncdoctor/WsusSyncDoctor/error-codes.tsv"

struct _WsdErrorCodes {
  GPtrArray  *codes;    /* WsdCodeInfo* */
  GHashTable *numeric;  /* (kind << 32 | value) → code */
  GHashTable *names;    /* lower-case name/code → GPtrArray of codes */
};

static void
error_code_free (WsdCodeInfo *code)
{
  g_free (code->code);
  g_free (code->name);
  g_free (code->rule);
  g_free (code->meaning);
  g_free (code);
}

void
wsd_error_codes_free (WsdErrorCodes *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->numeric);
  g_hash_table_unref (self->names);
  g_ptr_array_unref (self->codes);
  g_free (self);
}

static gint64 *
numeric_key (WsdCodeKind kind, guint32 value)
{
  gint64 *key = g_new (gint64, 1);
  *key = ((gint64) kind << 32) | value;
  return key;
}

static void
index_name (WsdErrorCodes *self, const char *name, WsdCodeInfo *code)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  GPtrArray *list = g_hash_table_lookup (self->names, lower);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->names, g_steal_pointer (&lower), list);
    }
  if (!g_ptr_array_find (list, code, NULL))
    g_ptr_array_add (list, code);
}

WsdErrorCodes *
wsd_error_codes_new_from_data (const char *data, gsize length, const char *origin, GError **error)
{
  WsdErrorCodes *self = g_new0 (WsdErrorCodes, 1);
  g_autofree char *copy = g_strndup (data, length);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);

  self->codes = g_ptr_array_new_with_free_func ((GDestroyNotify) error_code_free);
  self->numeric = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      WsdCodeInfo *code;
      char *line = g_strchomp (lines[i]);

      if (line[0] == '\0' || line[0] == '#')
        continue;
      fields = g_strsplit (line, "\t", 5);
      if (g_strv_length (fields) != 5)
        {
          g_set_error (error, WSD_ERROR, WSD_ERROR_INVALID,
                       "%s:%u: expected 5 tab-separated fields", origin, i + 1);
          wsd_error_codes_free (self);
          return NULL;
        }
      code = g_new0 (WsdCodeInfo, 1);
      code->code = g_strdup (fields[1]);
      code->name = g_strdup (fields[2]);
      code->rule = g_str_equal (fields[3], "-") ? NULL : g_strdup (fields[3]);
      code->meaning = g_strdup (fields[4]);
      if (g_str_equal (fields[0], "hresult"))
        {
          code->kind = WSD_CODE_HRESULT;
          if (!wsd_hresult_parse (fields[1], &code->value))
            {
              g_set_error (error, WSD_ERROR, WSD_ERROR_INVALID,
                           "%s:%u: “%s” is not an HRESULT", origin, i + 1, fields[1]);
              error_code_free (code);
              wsd_error_codes_free (self);
              return NULL;
            }
        }
      else if (g_str_equal (fields[0], "http"))
        {
          code->kind = WSD_CODE_HTTP;
          code->value = (guint32) g_ascii_strtoull (fields[1], NULL, 10);
        }
      else if (g_str_equal (fields[0], "sync"))
        code->kind = WSD_CODE_SYNC_ERROR;
      else if (g_str_equal (fields[0], "update"))
        code->kind = WSD_CODE_UPDATE_ERROR;
      else if (g_str_equal (fields[0], "soap"))
        code->kind = WSD_CODE_SOAP;
      else
        {
          g_set_error (error, WSD_ERROR, WSD_ERROR_INVALID,
                       "%s:%u: unknown kind “%s”", origin, i + 1, fields[0]);
          error_code_free (code);
          wsd_error_codes_free (self);
          return NULL;
        }
      g_ptr_array_add (self->codes, code);
      if (code->kind == WSD_CODE_HRESULT || code->kind == WSD_CODE_HTTP)
        g_hash_table_replace (self->numeric, numeric_key (code->kind, code->value), code);
      else
        index_name (self, code->code, code);
      index_name (self, code->name, code);
    }
  return self;
}

WsdErrorCodes *
wsd_error_codes_get_default (void)
{
  static gsize initialized = 0;
  static WsdErrorCodes *table = NULL;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE_PATH, 0, NULL);
      g_autoptr(GError) error = NULL;

      if (bytes != NULL)
        table = wsd_error_codes_new_from_data (g_bytes_get_data (bytes, NULL),
                                               g_bytes_get_size (bytes), RESOURCE_PATH, &error);
      if (table == NULL)
        {
          g_warning ("error-code table: %s", error != NULL ? error->message : "missing resource");
          table = wsd_error_codes_new_from_data ("", 0, RESOURCE_PATH, NULL);
        }
      g_once_init_leave (&initialized, 1);
    }
  return table;
}

guint
wsd_error_codes_get_n (WsdErrorCodes *self)
{
  return self->codes->len;
}

const WsdCodeInfo *
wsd_error_codes_lookup_hresult (WsdErrorCodes *self, guint32 hresult)
{
  gint64 key = ((gint64) WSD_CODE_HRESULT << 32) | hresult;
  return g_hash_table_lookup (self->numeric, &key);
}

const WsdCodeInfo *
wsd_error_codes_lookup_http (WsdErrorCodes *self, guint status)
{
  gint64 key = ((gint64) WSD_CODE_HTTP << 32) | status;
  return g_hash_table_lookup (self->numeric, &key);
}

GPtrArray *
wsd_error_codes_lookup_name (WsdErrorCodes *self, const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  GPtrArray *list = g_hash_table_lookup (self->names, lower);
  GPtrArray *result = g_ptr_array_new ();

  if (list != NULL)
    g_ptr_array_extend (result, list, NULL, NULL);
  return result;
}

static gboolean
all_hex (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return n > 0;
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static guint32
hresult_from_win32 (guint32 code)
{
  return code == 0 || (code & 0x80000000u) ? code : (0x80070000u | (code & 0xFFFF));
}

/* Longest first: "error code" before "error", "hresult" before "hr". */
static const struct {
  const char *word;
  gboolean    win32;
} code_prefixes[] = {
  { "hresult", FALSE }, { "hr", FALSE },
  { "error code", TRUE }, { "errorcode", TRUE }, { "error", TRUE },
};

gboolean
wsd_hresult_parse (const char *printed, guint32 *out_hresult)
{
  g_autofree char *text = g_strstrip (g_strdup (printed));
  char *s = text;
  gsize n;
  gboolean win32 = FALSE;

  /* Strip the decorations codes are printed with: "hr=0x…", "hr = 0x…",
   * "HRESULT 0x…", "HRESULT: 0x…", "error code: 0x…", "Error = 5". A
   * bare number after "error" is a Win32 error. */
  for (guint i = 0; i < G_N_ELEMENTS (code_prefixes); i++)
    {
      gsize length = strlen (code_prefixes[i].word);
      const char *after = s + length;

      if (g_ascii_strncasecmp (s, code_prefixes[i].word, length) != 0
          || (*after != ' ' && *after != '\t' && *after != '=' && *after != ':' && *after != '('))
        continue;
      while (*after == ' ' || *after == '\t')
        after++;
      if (*after == '=' || *after == ':')
        after++;
      while (*after == ' ' || *after == '\t')
        after++;
      s = (char *) after;
      win32 = code_prefixes[i].win32;
      break;
    }
  n = strlen (s);
  if (n >= 2 && s[0] == '(' && s[n - 1] == ')')
    {
      s[n - 1] = '\0';
      s++;
      n -= 2;
    }
  if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && all_hex (s + 2, n - 2) && n - 2 <= 8)
    {
      guint32 v = (guint32) g_ascii_strtoull (s + 2, NULL, 16);
      *out_hresult = (n - 2 < 8 || win32) ? hresult_from_win32 (v) : v;
      return TRUE;
    }
  if (n == 8 && all_hex (s, 8) && g_ascii_xdigit_value (s[0]) >= 8)
    {
      *out_hresult = (guint32) g_ascii_strtoull (s, NULL, 16);
      return TRUE;
    }
  if (s[0] == '-' && all_digits (s + 1))
    {
      gint64 v = g_ascii_strtoll (s, NULL, 10);
      if (v >= G_MININT32 && v < 0)
        {
          *out_hresult = (guint32) (gint32) v;
          return TRUE;
        }
      return FALSE;
    }
  if (all_digits (s) && n <= 10)
    {
      guint64 v = g_ascii_strtoull (s, NULL, 10);
      if (v > G_MAXUINT32)
        return FALSE;
      *out_hresult = v >= 0x80000000u ? (guint32) v : hresult_from_win32 ((guint32) v);
      return TRUE;
    }
  return FALSE;
}

guint
wsd_hresult_http_status (guint32 hresult)
{
  static const guint wu_pt[] = { 400, 401, 403, 404, 405, 407, 408, 409, 410, 500, 501, 502, 503, 504, 505 };

  if ((hresult & 0xFFFF0000u) == 0x80190000u)
    {
      guint status = hresult & 0xFFFF;
      return status >= 100 && status < 600 ? status : 0;
    }
  if (hresult >= 0x80244016u && hresult <= 0x80244024u)
    return wu_pt[hresult - 0x80244016u];
  return 0;
}

GPtrArray *
wsd_error_codes_lookup (WsdErrorCodes *self, const char *printed)
{
  g_autofree char *text = g_strstrip (g_strdup (printed));
  GPtrArray *result = g_ptr_array_new ();
  const char *digits = text;
  guint32 hresult;

  if (g_ascii_strncasecmp (digits, "http", 4) == 0)
    {
      digits += 4;
      while (*digits == ' ' || *digits == ':' || g_ascii_isalpha (*digits))
        digits++;
    }
  /* A bare three-digit number is first an HTTP status. */
  if (strlen (digits) == 3 && all_digits (digits))
    {
      const WsdCodeInfo *code = wsd_error_codes_lookup_http (self, (guint) atoi (digits));
      if (code != NULL)
        g_ptr_array_add (result, (gpointer) code);
      if (digits != text)
        return result;
    }
  if (wsd_hresult_parse (text, &hresult))
    {
      const WsdCodeInfo *code = wsd_error_codes_lookup_hresult (self, hresult);
      if (code != NULL && !g_ptr_array_find (result, code, NULL))
        g_ptr_array_add (result, (gpointer) code);
    }
  if (result->len == 0)
    {
      g_autoptr(GPtrArray) named = wsd_error_codes_lookup_name (self, text);
      g_ptr_array_extend (result, named, NULL, NULL);
    }
  return result;
}
