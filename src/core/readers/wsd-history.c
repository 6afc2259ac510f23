/* wsd-history.c: history rows to runs. */
#include "wsd-history.h"

#include <string.h>
#include "wsd-types.h"

void
wsd_history_row_init (WsdHistoryRow *row)
{
  memset (row, 0, sizeof *row);
  row->started_manually = -1;
  row->update_errors = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_update_error_free);
}

void
wsd_history_row_clear (WsdHistoryRow *row)
{
  g_clear_pointer (&row->id, g_free);
  g_clear_pointer (&row->error, g_free);
  g_clear_pointer (&row->error_text, g_free);
  g_clear_pointer (&row->update_errors, g_ptr_array_unref);
}

static const char *
result_word (WsdResult result)
{
  switch (result)
    {
    case WSD_RESULT_SUCCEEDED: return "succeeded";
    case WSD_RESULT_FAILED: return "failed";
    case WSD_RESULT_CANCELED: return "canceled";
    case WSD_RESULT_RUNNING: return "running";
    case WSD_RESULT_UNKNOWN:
    default: return "result unknown";
    }
}

/* CRLF inside exported error texts becomes LF, like every other text. */
static char *
normalize_newlines (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

WsdRun *
wsd_history_row_to_run (WsdHistoryRow *row, const char *server, const char *path,
                        guint line, gint64 offset)
{
  WsdRun *run = wsd_run_new ();
  WsdEvidence *evidence = wsd_evidence_new ();
  GString *text = g_string_new (NULL);
  g_autofree char *error_text = normalize_newlines (row->error_text);

  run->server = g_strdup (server);
  run->history_id = g_strdup (row->id);
  run->started = row->started;
  run->finished = row->finished;
  run->approximate_times = row->approximate_times;
  run->type = row->started_manually == 1 ? WSD_RUN_TYPE_MANUAL
            : row->started_manually == 0 ? WSD_RUN_TYPE_SCHEDULED
            : WSD_RUN_TYPE_UNKNOWN;
  run->result = row->have_result ? row->result : WSD_RESULT_UNKNOWN;
  run->error = g_strdup (row->error);
  if (error_text != NULL && *g_strstrip (error_text) != '\0')
    run->error_text = g_strdup (error_text);

  g_string_append_printf (text, "Synchronization %s", result_word (run->result));
  if (run->error != NULL)
    g_string_append_printf (text, ": %s", run->error);
  if (run->error_text != NULL)
    g_string_append_printf (text, "\n%s", run->error_text);
  for (guint i = 0; i < row->update_errors->len; i++)
    {
      WsdUpdateError *ue = g_ptr_array_index (row->update_errors, i);
      g_autofree char *ue_text = normalize_newlines (ue->error_text);

      g_free (ue->error_text);
      ue->error_text = g_steal_pointer (&ue_text);
      g_string_append_printf (text, "\nUpdate error %s", ue->update_id != NULL ? ue->update_id : "(unknown update)");
      if (ue->revision >= 0)
        g_string_append_printf (text, " revision %d", ue->revision);
      g_string_append_printf (text, ": %s", ue->error != NULL ? ue->error : "Unknown");
      if (ue->error_text != NULL && *ue->error_text != '\0')
        g_string_append_printf (text, ": %s", ue->error_text);
    }
  g_ptr_array_extend_and_steal (run->update_errors, g_steal_pointer (&row->update_errors));
  row->update_errors = g_ptr_array_new_with_free_func ((GDestroyNotify) wsd_update_error_free);

  evidence->kind = WSD_SOURCE_KIND_HISTORY;
  evidence->source_path = g_strdup (path);
  evidence->line = line;
  evidence->offset = offset;
  evidence->time = run->started;
  evidence->level = run->result == WSD_RESULT_FAILED ? WSD_LEVEL_ERROR
                  : run->result == WSD_RESULT_CANCELED ? WSD_LEVEL_WARNING
                  : WSD_LEVEL_INFO;
  evidence->component = g_strdup ("SynchronizationInfo");
  evidence->text = g_string_free (text, FALSE);
  wsd_run_add_evidence (run, evidence);
  return run;
}

int
wsd_history_parse_bool (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (g_ascii_strcasecmp (copy, "true") == 0 || g_str_equal (copy, "1"))
    return 1;
  if (g_ascii_strcasecmp (copy, "false") == 0 || g_str_equal (copy, "0"))
    return 0;
  return -1;
}

gint64
wsd_history_parse_ms_date (const char *text)
{
  const char *p;
  char *end = NULL;
  gint64 ms;

  if (text == NULL)
    return 0;
  p = text;
  if (*p == '\\')
    p++;
  if (strncmp (p, "/Date(", 6) != 0)
    return 0;
  p += 6;
  ms = g_ascii_strtoll (p, &end, 10);
  if (end == p)
    return 0;
  /* An optional "+0100" suffix gives the writer's zone; the number is
   * already UTC milliseconds. */
  if (*end == '+' || *end == '-')
    {
      end++;
      while (g_ascii_isdigit (*end))
        end++;
    }
  if (*end != ')')
    return 0;
  /* Years 1601..9999 only: beyond that the number is damage, and ms * 1000
   * would overflow. */
  if (ms < G_GINT64_CONSTANT (-11644473600000) || ms > G_GINT64_CONSTANT (253402300799000))
    return 0;
  return ms * 1000;
}
