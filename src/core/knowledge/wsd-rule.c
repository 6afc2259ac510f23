/* wsd-rule.c: reading and validating .rule key files.
 *
 * GKeyFile reports errors without reliable line numbers, so the file is
 * first checked line by line here: every problem names file and line. */
#include <string.h>
#include <gio/gio.h>

#include "wsd-rule.h"
#include "wsd-error-codes.h"
#include "wsd-probe-result.h"

const char * const wsd_rule_known_checks[] = {
  "proxy-endpoint", "not-proxy-endpoint", "not-proxy-host", "quoted-host",
  "content-path", "content-acl", "content-from-upstream", "missing-on-upstream",
  "replica-mismatch", "after-connect", "retry-schedule", "see-details",
  "unclassified", "not-content", "no-soap-code", "not-eula-file", NULL
};

static const char * const rule_keys[] = {
  "Id", "Kind", "Severity", "Rank", "Defer", "Title", "Summary", "Steps", "Notes",
  "Detail", "References", "Source", NULL
};
static const char * const translatable_keys[] = {
  "Title", "Summary", "Steps", "Notes", "Detail", NULL
};
static const char * const match_keys[] = {
  "Scope", "SyncErrors", "ExceptionTypes", "Identifiers", "Text", "Hosts", "Not",
  "Probe", "WhenRule", "UnlessRule", "Check", "SoapErrorCodes", "HResults", "HttpStatuses",
  "EventIds", "Facts", "Regex", "Confidence", NULL
};
static const char * const config_keys[] = {
  "Facts", "Check", "Severity", "Attach", NULL
};
static const char * const severities[] = {
  "critical", "error", "warning", "info", NULL
};

typedef struct {
  const char *origin;
  GPtrArray  *problems;
  GHashTable *lines;     /* "group\x1fkey" → line; "group" → header line */
  guint       n_before;
} Checker;

static void
problem (Checker *c, guint line, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
problem (Checker *c, guint line, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (c->problems, g_strdup_printf ("%s:%u: %s", c->origin, line, message));
}

static guint
key_line (Checker *c, const char *group, const char *key)
{
  g_autofree char *k = key != NULL ? g_strdup_printf ("%s\x1f%s", group, key) : g_strdup (group);
  return GPOINTER_TO_UINT (g_hash_table_lookup (c->lines, k));
}

static gboolean
is_group (const char *name, const char *base)
{
  gsize n = strlen (base);
  if (g_str_equal (name, base))
    return TRUE;
  if (strncmp (name, base, n) != 0 || name[n] != ' ' || name[n + 1] == '\0')
    return FALSE;
  for (const char *p = name + n + 1; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
valid_key_name (const char *key, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (key[i]) && key[i] != '-')
      return FALSE;
  return n > 0;
}

/* The line-by-line pass: shapes, group names, key names, duplicates. */
static void
check_lines (Checker *c, const char *data, gsize length)
{
  g_autofree char *text = g_strndup (data, length);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      guint number = i + 1;
      gsize n = strlen (line);
      const char *eq;
      const char *const *allowed;
      g_autofree char *key = NULL;
      g_autofree char *lookup = NULL;
      char *bracket;

      if (n > 0 && line[n - 1] == '\r')
        line[--n] = '\0';
      while (*line == ' ' || *line == '\t')
        line++;
      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          char *end = strchr (line, ']');
          if (end == NULL || end[1] != '\0')
            {
              problem (c, number, "malformed group header");
              continue;
            }
          g_free (group);
          group = g_strndup (line + 1, end - line - 1);
          if (!is_group (group, "Rule") && !is_group (group, "Match") && !is_group (group, "Config"))
            problem (c, number, "unknown group [%s] (expected [Rule], [Match], [Match N], [Config], [Config N])", group);
          else if (is_group (group, "Rule") && !g_str_equal (group, "Rule"))
            problem (c, number, "unknown group [%s]", group);
          if (g_hash_table_contains (c->lines, group))
            problem (c, number, "group [%s] appears twice", group);
          else
            g_hash_table_insert (c->lines, g_strdup (group), GUINT_TO_POINTER (number));
          continue;
        }
      eq = strchr (line, '=');
      if (eq == NULL)
        {
          problem (c, number, "not a “key=value” line");
          continue;
        }
      if (group == NULL)
        {
          problem (c, number, "key outside of any group");
          continue;
        }
      key = g_strstrip (g_strndup (line, eq - line));
      bracket = strchr (key, '[');
      if (bracket != NULL)
        {
          gboolean translatable = FALSE;
          if (key[strlen (key) - 1] != ']')
            {
              problem (c, number, "malformed locale in key “%s”", key);
              continue;
            }
          *bracket = '\0';
          for (guint k = 0; translatable_keys[k] != NULL; k++)
            translatable |= g_str_equal (key, translatable_keys[k]);
          if (!translatable || !g_str_equal (group, "Rule"))
            {
              problem (c, number, "key “%s” cannot be translated", key);
              continue;
            }
          continue;   /* translations are checked with their key */
        }
      if (!valid_key_name (key, strlen (key)))
        {
          problem (c, number, "invalid key name “%s”", key);
          continue;
        }
      allowed = g_str_equal (group, "Rule") ? rule_keys
                : is_group (group, "Match") ? match_keys : config_keys;
      if (!g_strv_contains (allowed, key))
        {
          problem (c, number, "unknown key “%s” in [%s]", key, group);
          continue;
        }
      lookup = g_strdup_printf ("%s\x1f%s", group, key);
      if (g_hash_table_contains (c->lines, lookup))
        problem (c, number, "key “%s” appears twice in [%s]", key, group);
      else
        g_hash_table_insert (c->lines, g_steal_pointer (&lookup), GUINT_TO_POINTER (number));
    }
}

static void
fact_condition_free (WsdFactCondition *condition)
{
  g_free (condition->path);
  g_free (condition->op);
  g_free (condition->value);
  g_free (condition);
}

static void
match_group_free (WsdMatchGroup *group)
{
  g_free (group->name);
  g_strfreev (group->sync_errors);
  g_strfreev (group->exception_types);
  g_strfreev (group->identifiers);
  g_strfreev (group->text);
  g_strfreev (group->hosts);
  g_strfreev (group->not_text);
  g_strfreev (group->probe);
  g_strfreev (group->when_rule);
  g_strfreev (group->unless_rule);
  g_strfreev (group->checks);
  g_strfreev (group->soap_codes);
  g_clear_pointer (&group->hresults, g_array_unref);
  g_clear_pointer (&group->http_statuses, g_array_unref);
  g_clear_pointer (&group->event_ids, g_array_unref);
  g_clear_pointer (&group->facts, g_ptr_array_unref);
  g_clear_pointer (&group->regexes, g_ptr_array_unref);
  g_free (group->severity);
  g_clear_pointer (&group->lit_any, g_array_unref);
  g_clear_pointer (&group->lit_exception_types, g_array_unref);
  g_clear_pointer (&group->lit_identifiers, g_array_unref);
  g_clear_pointer (&group->lit_text, g_array_unref);
  g_clear_pointer (&group->lit_hosts, g_array_unref);
  g_clear_pointer (&group->lit_not, g_array_unref);
  g_clear_pointer (&group->item_checks, g_ptr_array_unref);
  g_clear_pointer (&group->run_checks, g_ptr_array_unref);
  g_free (group);
}

void
wsd_rule_free (WsdRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->id);
  g_free (rule->severity);
  g_free (rule->source);
  g_free (rule->origin);
  g_free (rule->title);
  g_free (rule->summary);
  g_strfreev (rule->steps);
  g_free (rule->notes);
  g_strfreev (rule->detail);
  g_strfreev (rule->references);
  g_ptr_array_unref (rule->matches);
  g_ptr_array_unref (rule->configs);
  g_free (rule);
}

gboolean
wsd_match_group_has_check (const WsdMatchGroup *group, const char *check)
{
  return group->checks != NULL && g_strv_contains ((const char * const *) group->checks, check);
}

static char **
get_list (GKeyFile *file, const char *group, const char *key)
{
  char **list = g_key_file_get_string_list (file, group, key, NULL, NULL);
  guint j = 0;

  if (list == NULL)
    return NULL;
  /* Drop empty items and trim: "a; b;" is "a", "b". */
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_strstrip (list[i]);
      if (list[i][0] == '\0')
        g_free (list[i]);
      else
        list[j++] = list[i];
    }
  list[j] = NULL;
  return list;
}

static GArray *
get_numbers (Checker *c, GKeyFile *file, const char *group, const char *key,
             gboolean hresult, guint min, guint max)
{
  g_auto(GStrv) list = get_list (file, group, key);
  GArray *numbers;

  if (list == NULL)
    return NULL;
  numbers = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; list[i] != NULL; i++)
    {
      guint32 value = 0;
      gboolean ok;
      if (hresult)
        ok = wsd_hresult_parse (list[i], &value);
      else
        {
          char *end = NULL;
          guint64 v = g_ascii_strtoull (list[i], &end, 10);
          ok = end != NULL && *end == '\0' && v >= min && v <= max;
          value = (guint32) v;
        }
      if (!ok)
        problem (c, key_line (c, group, key), "“%s” is not a valid value for %s", list[i], key);
      else
        g_array_append_val (numbers, value);
    }
  return numbers;
}

static GPtrArray *
get_facts (Checker *c, GKeyFile *file, const char *group)
{
  static const char * const ops[] = { "!=", "^=", "~=", ">=", "<", "=", NULL };
  g_auto(GStrv) list = get_list (file, group, "Facts");
  GPtrArray *facts;

  if (list == NULL)
    return NULL;
  facts = g_ptr_array_new_with_free_func ((GDestroyNotify) fact_condition_free);
  for (guint i = 0; list[i] != NULL; i++)
    {
      const char *best = NULL;
      const char *best_op = NULL;
      for (guint k = 0; ops[k] != NULL; k++)
        {
          const char *at = strstr (list[i], ops[k]);
          if (at != NULL && (best == NULL || at < best))
            {
              best = at;
              best_op = ops[k];
            }
        }
      if (best == NULL || best == list[i])
        {
          problem (c, key_line (c, group, "Facts"),
                   "fact condition “%s” must look like path=value (or !=, ^=, ~=, <, >=)", list[i]);
          continue;
        }
      {
        WsdFactCondition *condition = g_new0 (WsdFactCondition, 1);
        condition->path = g_strstrip (g_strndup (list[i], best - list[i]));
        condition->op = g_strdup (best_op);
        condition->value = g_strstrip (g_strdup (best + strlen (best_op)));
        g_ptr_array_add (facts, condition);
      }
    }
  return facts;
}

static WsdMatchGroup *
read_group (Checker *c, GKeyFile *file, const char *name, gboolean config)
{
  WsdMatchGroup *group = g_new0 (WsdMatchGroup, 1);
  g_autofree char *scope = NULL;
  g_auto(GStrv) regexes = NULL;
  g_autofree char *attach = NULL;
  guint n_keys = 0;
  g_auto(GStrv) keys = g_key_file_get_keys (file, name, NULL, NULL);

  group->name = g_strdup (name);
  group->line = key_line (c, name, NULL);
  group->confidence = -1;
  group->attach = TRUE;
  n_keys = keys != NULL ? g_strv_length (keys) : 0;

  group->facts = get_facts (c, file, name);
  group->checks = get_list (file, name, "Check");
  for (guint i = 0; group->checks != NULL && group->checks[i] != NULL; i++)
    if (!g_strv_contains (wsd_rule_known_checks, group->checks[i]))
      problem (c, key_line (c, name, "Check"), "unknown check “%s”", group->checks[i]);

  if (config)
    {
      group->severity = g_key_file_get_string (file, name, "Severity", NULL);
      if (group->severity != NULL && !g_strv_contains (severities, group->severity))
        problem (c, key_line (c, name, "Severity"), "unknown severity “%s”", group->severity);
      attach = g_key_file_get_string (file, name, "Attach", NULL);
      if (attach != NULL)
        {
          if (!g_str_equal (attach, "true") && !g_str_equal (attach, "false"))
            problem (c, key_line (c, name, "Attach"), "Attach must be true or false");
          group->attach = g_str_equal (attach, "true");
        }
      if (group->facts == NULL && group->checks == NULL)
        problem (c, group->line, "[%s] needs Facts or Check", name);
      return group;
    }

  if (n_keys == 0)
    problem (c, group->line, "[%s] is empty", name);
  scope = g_key_file_get_string (file, name, "Scope", NULL);
  if (scope == NULL || g_str_equal (scope, "errors"))
    group->scope = WSD_SCOPE_ERRORS;
  else if (g_str_equal (scope, "final"))
    group->scope = WSD_SCOPE_FINAL;
  else if (g_str_equal (scope, "noise"))
    group->scope = WSD_SCOPE_NOISE;
  else if (g_str_equal (scope, "any"))
    group->scope = WSD_SCOPE_ANY;
  else
    problem (c, key_line (c, name, "Scope"), "unknown scope “%s” (errors, final, noise, any)", scope);

  group->sync_errors = get_list (file, name, "SyncErrors");
  group->exception_types = get_list (file, name, "ExceptionTypes");
  group->identifiers = get_list (file, name, "Identifiers");
  group->text = get_list (file, name, "Text");
  group->hosts = get_list (file, name, "Hosts");
  group->not_text = get_list (file, name, "Not");
  group->probe = get_list (file, name, "Probe");
  group->when_rule = get_list (file, name, "WhenRule");
  group->unless_rule = get_list (file, name, "UnlessRule");
  group->soap_codes = get_list (file, name, "SoapErrorCodes");
  group->hresults = get_numbers (c, file, name, "HResults", TRUE, 0, 0);
  group->http_statuses = get_numbers (c, file, name, "HttpStatuses", FALSE, 100, 599);
  group->event_ids = get_numbers (c, file, name, "EventIds", FALSE, 1, 65535);

  for (guint i = 0; group->probe != NULL && group->probe[i] != NULL; i++)
    {
      WsdProbeStepKind kind = wsd_probe_step_kind_from_string (group->probe[i]);
      if (kind >= WSD_PROBE_N_STEPS || !g_str_equal (wsd_probe_step_kind_to_string (kind), group->probe[i]))
        problem (c, key_line (c, name, "Probe"), "unknown probe step “%s”", group->probe[i]);
    }

  regexes = get_list (file, name, "Regex");
  if (regexes != NULL)
    {
      group->regexes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);
      for (guint i = 0; regexes[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          GRegex *regex = g_regex_new (regexes[i], G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);
          if (regex == NULL)
            problem (c, key_line (c, name, "Regex"), "bad regular expression “%s”: %s", regexes[i], error->message);
          else
            g_ptr_array_add (group->regexes, regex);
        }
      if (group->text == NULL && group->identifiers == NULL && group->exception_types == NULL)
        problem (c, key_line (c, name, "Regex"),
                 "a Regex needs a Text, Identifiers or ExceptionTypes literal in the same group (the prefilter)");
    }

  if (g_key_file_has_key (file, name, "Confidence", NULL))
    {
      g_autofree char *value = g_key_file_get_string (file, name, "Confidence", NULL);
      char *end = NULL;
      double v = g_ascii_strtod (value, &end);
      if (end == value || *end != '\0' || v < 0 || v > 1)
        problem (c, key_line (c, name, "Confidence"), "Confidence must be a number from 0 to 1");
      else
        group->confidence = v;
    }
  return group;
}

WsdRule *
wsd_rule_new_from_data (const char *data, gsize length, const char *origin, GPtrArray *problems)
{
  Checker checker = { origin, problems, NULL, problems->len };
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WsdRule) rule = NULL;
  g_autofree char *kind = NULL;
  g_auto(GStrv) groups = NULL;

  if (!g_utf8_validate (data, length, NULL))
    {
      problem (&checker, 1, "file is not valid UTF-8");
      return NULL;
    }
  checker.lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  check_lines (&checker, data, length);
  if (problems->len > checker.n_before)
    {
      g_hash_table_unref (checker.lines);
      return NULL;
    }
  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_KEEP_TRANSLATIONS, &error))
    {
      problem (&checker, 1, "%s", error->message);
      g_hash_table_unref (checker.lines);
      return NULL;
    }

  rule = g_new0 (WsdRule, 1);
  rule->origin = g_strdup (origin);
  rule->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) match_group_free);
  rule->configs = g_ptr_array_new_with_free_func ((GDestroyNotify) match_group_free);

  if (!g_key_file_has_group (file, "Rule"))
    problem (&checker, 1, "missing [Rule] group");
  else
    {
      guint rule_line = key_line (&checker, "Rule", NULL);
      rule->id = g_key_file_get_string (file, "Rule", "Id", NULL);
      if (rule->id == NULL)
        problem (&checker, rule_line, "[Rule] has no Id");
      else
        for (const char *p = rule->id; *p; p++)
          if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
            {
              problem (&checker, key_line (&checker, "Rule", "Id"),
                       "Id “%s” may only hold a-z, 0-9 and -", rule->id);
              break;
            }
      kind = g_key_file_get_string (file, "Rule", "Kind", NULL);
      if (kind == NULL)
        problem (&checker, rule_line, "[Rule] has no Kind");
      else if (!g_str_equal (kind, "cause") && !g_str_equal (kind, "note") && !g_str_equal (kind, "config"))
        problem (&checker, key_line (&checker, "Rule", "Kind"),
                 "unknown Kind “%s” (cause, note or config)", kind);
      else
        rule->kind = wsd_finding_kind_from_string (kind);
      if (!g_key_file_has_key (file, "Rule", "Title", NULL))
        problem (&checker, rule_line, "[Rule] has no Title");
      rule->severity = g_key_file_get_string (file, "Rule", "Severity", NULL);
      if (rule->severity == NULL)
        rule->severity = g_strdup ("error");
      else if (!g_strv_contains (severities, rule->severity))
        problem (&checker, key_line (&checker, "Rule", "Severity"), "unknown severity “%s”", rule->severity);
      if (g_key_file_has_key (file, "Rule", "Rank", NULL))
        {
          g_autofree char *value = g_key_file_get_string (file, "Rule", "Rank", NULL);
          char *end = NULL;
          gint64 v = g_ascii_strtoll (value, &end, 10);
          if (end == value || *end != '\0' || v < 0 || v > 100)
            problem (&checker, key_line (&checker, "Rule", "Rank"), "Rank must be a whole number from 0 to 100");
          rule->rank = (int) v;
        }
      else
        rule->rank = 50;
      if (g_key_file_has_key (file, "Rule", "Defer", NULL))
        {
          g_autoptr(GError) local = NULL;
          rule->defer = g_key_file_get_boolean (file, "Rule", "Defer", &local);
          if (local != NULL)
            problem (&checker, key_line (&checker, "Rule", "Defer"), "Defer must be true or false");
        }
      rule->source = g_key_file_get_string (file, "Rule", "Source", NULL);
      /* Translations: g_get_language_names() order (LANGUAGE first). */
      rule->title = g_key_file_get_locale_string (file, "Rule", "Title", NULL, NULL);
      rule->summary = g_key_file_get_locale_string (file, "Rule", "Summary", NULL, NULL);
      rule->notes = g_key_file_get_locale_string (file, "Rule", "Notes", NULL, NULL);
      rule->steps = g_key_file_get_locale_string_list (file, "Rule", "Steps", NULL, NULL, NULL);
      rule->detail = g_key_file_get_locale_string_list (file, "Rule", "Detail", NULL, NULL, NULL);
      rule->references = get_list (file, "Rule", "References");
      for (guint i = 0; rule->references != NULL && rule->references[i] != NULL; i++)
        if (!g_str_has_prefix (rule->references[i], "https://") && !g_str_has_prefix (rule->references[i], "http://"))
          problem (&checker, key_line (&checker, "Rule", "References"),
                   "reference “%s” is not an http(s) link", rule->references[i]);
      /* Empty list items ("a;;b") are not steps. */
      for (char **list = rule->steps; list != NULL && *list != NULL; list++)
        g_strstrip (*list);
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (is_group (groups[i], "Match"))
        g_ptr_array_add (rule->matches, read_group (&checker, file, groups[i], FALSE));
      else if (is_group (groups[i], "Config"))
        g_ptr_array_add (rule->configs, read_group (&checker, file, groups[i], TRUE));
    }

  g_hash_table_unref (checker.lines);
  if (problems->len > checker.n_before)
    return NULL;
  return g_steal_pointer (&rule);
}
