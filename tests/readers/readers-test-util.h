/* readers-test-util.h: helpers shared by the reader tests. */
#pragma once

#include <string.h>
#include "wsd-collection.h"

static inline char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "readers", "fixtures", name, NULL);
}

/* Imports @path (absolute) with the readers of src/core/readers. */
static inline WsdImportBatch *
import_path (const char *path, GError **error)
{
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  WsdReadContext context = { 0 };

  if (!wsd_readers_import_path (file, path, NULL, &context, batch, NULL, error))
    return NULL;
  return g_steal_pointer (&batch);
}

static inline WsdImportBatch *
import_fixture (const char *name, GError **error)
{
  g_autofree char *path = fixture_path (name);
  return import_path (path, error);
}

static inline WsdImportBatch *
import_bytes (const char *name, const char *data, gsize len, GError **error)
{
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  WsdReadContext context = { 0 };
  gboolean recognized = FALSE;

  if (!wsd_readers_read_member (NULL, NULL, bytes, name, &context, batch, &recognized, NULL, error))
    return NULL;
  if (!recognized)
    {
      g_set_error (error, WSD_ERROR, WSD_ERROR_UNKNOWN_FORMAT, "%s: not recognised", name);
      return NULL;
    }
  return g_steal_pointer (&batch);
}

/* The run that started at @iso (seconds precision), or NULL. */
static inline WsdRun *
find_run (WsdImportBatch *batch, const char *iso, const char *history_id)
{
  gint64 when = wsd_time_parse_iso (iso);

  for (guint i = 0; i < batch->runs->len; i++)
    {
      WsdRun *run = g_ptr_array_index (batch->runs, i);
      if (run->started / G_USEC_PER_SEC == when / G_USEC_PER_SEC
          && (history_id == NULL || g_strcmp0 (run->history_id, history_id) == 0)
          && (history_id != NULL || run->history_id == NULL))
        return run;
    }
  return NULL;
}

static inline WsdEvidence *
find_loose (WsdImportBatch *batch, guint event_id, WsdSourceKind kind)
{
  for (guint i = 0; i < batch->loose_evidence->len; i++)
    {
      WsdEvidence *evidence = g_ptr_array_index (batch->loose_evidence, i);
      if (evidence->kind == kind && evidence->event_id == event_id)
        return evidence;
    }
  return NULL;
}

static inline WsdSource *
only_source (WsdImportBatch *batch)
{
  g_assert_cmpuint (batch->sources->len, ==, 1);
  return g_ptr_array_index (batch->sources, 0);
}

/* The error names the file and, when @line > 0, "file:line:". */
static inline void
assert_error_names (const GError *error, const char *file, guint line)
{
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, file));
  if (line > 0)
    {
      g_autofree char *needle = g_strdup_printf ("%s:%u:", file, line);
      g_assert_nonnull (strstr (error->message, needle));
    }
}
