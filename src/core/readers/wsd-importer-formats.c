/* wsd-importer-formats.c: adapters between the importer (files found by
 * walking the paths, sniffed by content) and the readers of this folder.
 *
 * Inside a collector bundle or a zip, every file is read with the
 * bundle's context (its server name and UTC offset); a
 * SoftwareDistribution.log found there goes to the log importer with that
 * server, rolled-over copies of one folder together, and from a zip
 * through a private temporary file (the log reader streams GFiles). */
#include "wsd-importer-formats.h"

#include <glib/gstdio.h>
#include <string.h>
#include "wsd-collection.h"
#include "wsd-log-import.h"
#include "wsd-log-reader.h"
#include "wsd-readers.h"
#include "wsd-text-reader.h"

#define BUNDLE_JSON "bundle.json"
#define HEAD_BYTES (64 * 1024)

/* --- per-file formats ----------------------------------------------------- */

static const WsdReaderEntry *
reader_entry (const char *name)
{
  gsize n;
  const WsdReaderEntry *table = wsd_readers_table (&n);

  for (gsize i = 0; i < n; i++)
    if (g_str_equal (table[i].name, name))
      return &table[i];
  g_assert_not_reached ();
}

/* The importer's head as the readers' sniffers see it. */
static gboolean
sniff_with (const char *name, const WsdImportHead *head)
{
  WsdReaderInput input = { 0 };

  input.text = (char *) head->text;
  input.text_len = head->text_len;
  return reader_entry (name)->sniff (&input);
}

static gboolean
read_with (const char *name, WsdImportFile *const *files, guint n_files, WsdImportJob *job, GError **error)
{
  const WsdReaderEntry *entry = reader_entry (name);
  WsdReadContext context = { 0 };

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(WsdReaderInput) input = wsd_reader_input_load (files[i]->file, files[i]->name, job->cancellable, error);

      if (input == NULL || !entry->read (input, &context, job->batch, error))
        return FALSE;
      wsd_import_job_progress (job, MAX (files[i]->size, 0));
    }
  return TRUE;
}

#define FORMAT(name, id) \
  static gboolean sniff_##id (const WsdImportHead *head) { return sniff_with (name, head); } \
  static gboolean read_##id (WsdImportFile *const *files, guint n, WsdImportJob *job, GError **error) \
  { return read_with (name, files, n, job, error); }

FORMAT ("bundle-json", bundle_json)
FORMAT ("history-json", history_json)
FORMAT ("history-clixml", history_clixml)
FORMAT ("events-xml", events_xml)
FORMAT ("history-csv", history_csv)
FORMAT ("events-csv", events_csv)
FORMAT ("configmgr-log", configmgr_log)

const WsdImportReader wsd_importer_evidence_readers[] = {
  { "bundle-json", sniff_bundle_json, read_bundle_json, FALSE },
  { "history-json", sniff_history_json, read_history_json, FALSE },
  { "history-clixml", sniff_history_clixml, read_history_clixml, FALSE },
  { "events-xml", sniff_events_xml, read_events_xml, FALSE },
  { "history-csv", sniff_history_csv, read_history_csv, FALSE },
  { "events-csv", sniff_events_csv, read_events_csv, FALSE },
  { "configmgr-log", sniff_configmgr_log, read_configmgr_log, FALSE },
};
const guint wsd_importer_n_evidence_readers = G_N_ELEMENTS (wsd_importer_evidence_readers);

/* --- members of bundles and zips ------------------------------------------- */

typedef struct {
  GFile *file;
  char  *name;
  char  *folder;     /* rollover group: the folder inside the collection */
  char  *server;
} LogMember;

static void
log_member_free (LogMember *member)
{
  g_clear_object (&member->file);
  g_free (member->name);
  g_free (member->folder);
  g_free (member->server);
  g_free (member);
}

typedef struct {
  WsdImportJob *job;
  GPtrArray    *logs;      /* LogMember*: read together at the end */
  char         *temp_dir;  /* for logs taken out of a zip */
  guint         temp_count;
} MemberState;

static gboolean
defer_log (MemberState *state, GFile *file, GBytes *bytes, const char *path,
           const WsdReadContext *context, GError **error)
{
  LogMember *member = g_new0 (LogMember, 1);

  member->name = g_strdup (path);
  member->folder = g_path_get_dirname (path);
  member->server = g_strdup (context->server);
  if (file != NULL)
    member->file = g_object_ref (file);
  else
    {
      g_autofree char *temp_path = NULL;
      g_autoptr(GError) local_error = NULL;

      if (state->temp_dir == NULL && (state->temp_dir = g_dir_make_tmp ("wsd-import-XXXXXX", &local_error)) == NULL)
        {
          g_set_error (error, WSD_ERROR, WSD_ERROR_UNREADABLE, "%s: cannot unpack: %s", path, local_error->message);
          log_member_free (member);
          return FALSE;
        }
      temp_path = g_strdup_printf ("%s/%u.log", state->temp_dir, state->temp_count++);
      if (!g_file_set_contents_full (temp_path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                     G_FILE_SET_CONTENTS_NONE, 0600, &local_error))
        {
          g_set_error (error, WSD_ERROR, WSD_ERROR_UNREADABLE, "%s: cannot unpack: %s", path, local_error->message);
          log_member_free (member);
          return FALSE;
        }
      member->file = g_file_new_for_path (temp_path);
    }
  g_ptr_array_add (state->logs, member);
  return TRUE;
}

static gboolean
read_member (gpointer user_data, GFile *file, GBytes *bytes, const char *path,
             const WsdReadContext *context, WsdImportBatch *batch,
             gboolean *out_recognized, GCancellable *cancellable, GError **error)
{
  MemberState *state = user_data;
  g_autoptr(WsdReaderInput) input = NULL;
  const WsdReaderEntry *entry;

  /* A log is told by its head and streamed later: never loaded whole. */
  if (file != NULL)
    {
      g_autoptr(WsdTextReader) text = wsd_text_reader_new_for_file (file, path, cancellable, NULL);
      g_autofree char *head = text != NULL ? wsd_text_reader_peek_head (text, HEAD_BYTES, NULL) : NULL;
      WsdReaderInput probe = { 0 };

      probe.text = head;
      probe.text_len = head != NULL ? strlen (head) : 0;
      if (head != NULL && wsd_readers_detect (&probe) == NULL && wsd_log_sniff (head, NULL))
        {
          *out_recognized = TRUE;
          return defer_log (state, file, bytes, path, context, error);
        }
    }
  input = file != NULL ? wsd_reader_input_load (file, path, cancellable, error)
                       : wsd_reader_input_new_from_bytes (path, bytes, error);
  if (input == NULL)
    return FALSE;
  *out_recognized = TRUE;
  entry = wsd_readers_detect (input);
  if (entry != NULL)
    return entry->read (input, context, batch, error);
  {
    g_autofree char *head = g_strndup (input->text, MIN (input->text_len, HEAD_BYTES));
    if (wsd_log_sniff (head, NULL))
      return defer_log (state, file, bytes, path, context, error);
  }
  *out_recognized = FALSE;
  return TRUE;
}

/* Reads the deferred SoftwareDistribution.log files, those of one folder
 * (and server) in one call so that a run spanning a rollover is one run. */
static gboolean
read_deferred_logs (MemberState *state, GError **error)
{
  g_autofree gboolean *done = g_new0 (gboolean, state->logs->len + 1);

  for (guint i = 0; i < state->logs->len; i++)
    {
      LogMember *first = g_ptr_array_index (state->logs, i);
      g_autoptr(GPtrArray) files = g_ptr_array_new ();
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      if (done[i])
        continue;
      for (guint k = i; k < state->logs->len; k++)
        {
          LogMember *other = g_ptr_array_index (state->logs, k);
          if (!done[k] && g_str_equal (other->folder, first->folder) && g_strcmp0 (other->server, first->server) == 0)
            {
              g_ptr_array_add (files, other->file);
              g_ptr_array_add (names, other->name);
              done[k] = TRUE;
            }
        }
      if (!wsd_log_import_files ((GFile *const *) files->pdata, (const char *const *) names->pdata, files->len,
                                 first->server, state->job->batch, state->job->cancellable, NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static void
member_state_clear (MemberState *state)
{
  g_clear_pointer (&state->logs, g_ptr_array_unref);
  if (state->temp_dir != NULL)
    {
      for (guint i = 0; i < state->temp_count; i++)
        {
          g_autofree char *path = g_strdup_printf ("%s/%u.log", state->temp_dir, i);
          g_unlink (path);
        }
      g_rmdir (state->temp_dir);
      g_clear_pointer (&state->temp_dir, g_free);
    }
}

static gboolean
read_collections (WsdImportFile *const *files, guint n_files, WsdImportJob *job, GError **error)
{
  WsdMemberReader member_reader = { read_member, NULL };
  WsdReadContext context = { 0 };
  gboolean ok = TRUE;

  for (guint i = 0; i < n_files && ok; i++)
    {
      MemberState state = { job, g_ptr_array_new_with_free_func ((GDestroyNotify) log_member_free), NULL, 0 };

      member_reader.user_data = &state;
      ok = wsd_collection_import (files[i]->file, files[i]->name, &member_reader, &context, job->batch,
                                  job->cancellable, error)
           && read_deferred_logs (&state, error);
      member_state_clear (&state);
      wsd_import_job_progress (job, MAX (files[i]->size, 0));
    }
  return ok;
}

static gboolean
sniff_zip (const WsdImportHead *head)
{
  return wsd_collection_is_zip (head->raw, head->raw_len);
}

/* Never matched by content: the importer picks it for bundle folders. */
static gboolean
sniff_nothing (const WsdImportHead *head)
{
  return FALSE;
}

const WsdImportReader wsd_importer_zip_reader = { "zip", sniff_zip, read_collections, FALSE };
const WsdImportReader wsd_importer_bundle_folder_reader = { "bundle", sniff_nothing, read_collections, FALSE };

gboolean
wsd_importer_is_bundle_folder (GFile *folder, GCancellable *cancellable)
{
  g_autoptr(GFile) bundle = g_file_get_child (folder, BUNDLE_JSON);

  return g_file_query_file_type (bundle, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable) == G_FILE_TYPE_REGULAR;
}

/* --- one server named ------------------------------------------------------ */

void
wsd_importer_name_unnamed (WsdImportBatch *batch)
{
  const char *name = NULL;

  if (batch->server_override != NULL)
    return;
#define SEE(value) \
  G_STMT_START { \
    const char *v_ = (value); \
    if (v_ != NULL && *v_ != '\0') \
      { \
        if (name != NULL && g_ascii_strcasecmp (name, v_) != 0) \
          return; \
        name = v_; \
      } \
  } G_STMT_END
  for (guint i = 0; i < batch->servers->len; i++)
    SEE (((WsdServer *) g_ptr_array_index (batch->servers, i))->name);
  for (guint i = 0; i < batch->runs->len; i++)
    SEE (((WsdRun *) g_ptr_array_index (batch->runs, i))->server);
  for (guint i = 0; i < batch->loose_servers->len; i++)
    SEE (g_ptr_array_index (batch->loose_servers, i));
#undef SEE
  if (name == NULL)
    return;
  for (guint i = 0; i < batch->runs->len; i++)
    {
      WsdRun *run = g_ptr_array_index (batch->runs, i);
      if (run->server == NULL || *run->server == '\0')
        {
          g_free (run->server);
          run->server = g_strdup (name);
        }
    }
  for (guint i = 0; i < batch->loose_servers->len; i++)
    if (g_ptr_array_index (batch->loose_servers, i) == NULL)
      batch->loose_servers->pdata[i] = g_strdup (name);
}
