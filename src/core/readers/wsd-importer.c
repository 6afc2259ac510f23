/* wsd-importer.c: folder expansion, content sniffing and the readers table. */
#include <string.h>

#include "wsd-importer.h"
#include "wsd-importer-formats.h"
#include "wsd-log-import.h"
#include "wsd-log-reader.h"
#include "wsd-text-reader.h"
#include "wsd-types.h"

#define HEAD_TEXT_BYTES (64 * 1024)
#define HEAD_RAW_BYTES  4096

/* --- SoftwareDistribution.log ------------------------------------------ */

static gboolean
sniff_software_distribution_log (const WsdImportHead *head)
{
  return wsd_log_sniff (head->text, NULL);
}

static void
log_progress (gint64 bytes_done, gpointer user_data)
{
  wsd_import_job_progress (user_data, bytes_done);
}

static gboolean
read_software_distribution_logs (WsdImportFile *const *files, guint n_files,
                                 WsdImportJob *job, GError **error)
{
  g_autofree GFile **gfiles = g_new0 (GFile *, n_files);
  g_autofree const char **names = g_new0 (const char *, n_files);

  for (guint i = 0; i < n_files; i++)
    {
      gfiles[i] = files[i]->file;
      names[i] = files[i]->name;
    }
  /* The log does not name its server: runs take batch->server_override. */
  return wsd_log_import_files (gfiles, names, n_files, NULL, job->batch, job->cancellable,
                               log_progress, job, error);
}

/* --- the table ------------------------------------------------------------ */

/* First match wins: put more specific formats before more lenient ones. */
static const WsdImportReader readers[] = {
  { WSD_LOG_FORMAT, sniff_software_distribution_log, read_software_distribution_logs, TRUE },
};

const WsdImportReader *
wsd_importer_find_reader (const WsdImportHead *head)
{
  /* Zips first (binary), then the strict text formats of
   * wsd-importer-formats.c, then the lenient ones of this table. */
  if (wsd_importer_zip_reader.sniff (head))
    return &wsd_importer_zip_reader;
  for (guint i = 0; i < wsd_importer_n_evidence_readers; i++)
    if (wsd_importer_evidence_readers[i].sniff (head))
      return &wsd_importer_evidence_readers[i];
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    if (readers[i].sniff (head))
      return &readers[i];
  return NULL;
}

void
wsd_import_job_progress (WsdImportJob *job, gint64 current_bytes)
{
  if (job->progress != NULL)
    job->progress (job->bytes_done + current_bytes, job->bytes_total,
                   job->batch->runs->len, job->progress_data);
}

/* --- collecting files ------------------------------------------------------ */

typedef struct {
  WsdImportFile          file;
  const WsdImportReader *reader;
  char                  *folder;   /* parent URI: rollover groups are per folder */
  char                  *damage;   /* why a compressed head could not be read */
} Entry;

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->file.file);
  g_free (entry->file.name);
  g_free (entry->folder);
  g_free (entry->damage);
  g_free (entry);
}

static gboolean
looks_like_uri (const char *text)
{
  const char *colon = strstr (text, "://");
  return colon != NULL && colon > text && strchr (text, '/') > colon;
}

static void
add_entry (GPtrArray *entries, GFile *file, const char *name, gint64 size, gboolean is_explicit)
{
  Entry *entry = g_new0 (Entry, 1);
  g_autoptr(GFile) parent = g_file_get_parent (file);

  entry->file.file = g_object_ref (file);
  entry->file.name = g_strdup (name);
  entry->file.size = size;
  entry->file.explicit = is_explicit;
  entry->folder = parent != NULL ? g_file_get_uri (parent) : g_strdup ("");
  g_ptr_array_add (entries, entry);
}

static int
compare_infos_by_name (gconstpointer a, gconstpointer b)
{
  GFileInfo *ia = *(GFileInfo *const *) a;
  GFileInfo *ib = *(GFileInfo *const *) b;

  return strcmp (g_file_info_get_name (ia), g_file_info_get_name (ib));
}

static gboolean
walk_folder (GFile *root, const char *root_name, GFile *folder, GPtrArray *entries,
             GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, &local_error);
  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, cancellable, &local_error)) != NULL)
    g_ptr_array_add (infos, info);
  if (local_error != NULL)
    {
      g_autofree char *relative = g_file_get_relative_path (root, folder);
      g_autofree char *name = relative == NULL ? g_strdup (root_name)
                              : looks_like_uri (root_name) ? g_strconcat (root_name, "/", relative, NULL)
                              : g_build_filename (root_name, relative, NULL);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, WSD_ERROR, WSD_ERROR_UNREADABLE, "%s: %s", name, local_error->message);
      return FALSE;
    }

  /* Name order, so an import reads (and reports) files the same way each time. */
  g_ptr_array_sort (infos, compare_infos_by_name);
  for (guint i = 0; i < infos->len; i++)
    {
      GFileType type;
      g_autoptr(GFile) child = NULL;
      g_autofree char *relative = NULL;
      g_autofree char *name = NULL;

      info = infos->pdata[i];
      child = g_file_get_child (folder, g_file_info_get_name (info));
      type = g_file_info_get_file_type (info);
      if (type == G_FILE_TYPE_DIRECTORY && wsd_importer_is_bundle_folder (child, cancellable))
        {
          /* A collector bundle is read whole: one server, all its files. */
          relative = g_file_get_relative_path (root, child);
          name = looks_like_uri (root_name) ? g_strconcat (root_name, "/", relative, NULL)
                                            : g_build_filename (root_name, relative, NULL);
          add_entry (entries, child, name, -1, FALSE);
          ((Entry *) entries->pdata[entries->len - 1])->reader = &wsd_importer_bundle_folder_reader;
          continue;
        }
      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (!walk_folder (root, root_name, child, entries, cancellable, error))
            return FALSE;
          continue;
        }
      if (type == G_FILE_TYPE_SYMBOLIC_LINK)
        {
          /* links to files are read; links to folders are not followed (loops) */
          g_autoptr(GFileInfo) target = g_file_query_info (child, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                                           G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                           G_FILE_QUERY_INFO_NONE, cancellable, NULL);
          if (target == NULL || g_file_info_get_file_type (target) != G_FILE_TYPE_REGULAR)
            continue;
        }
      else if (type != G_FILE_TYPE_REGULAR)
        continue;

      relative = g_file_get_relative_path (root, child);
      name = looks_like_uri (root_name) ? g_strconcat (root_name, "/", relative, NULL)
                                        : g_build_filename (root_name, relative, NULL);
      add_entry (entries, child, name,
                 g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE)
                   ? g_file_info_get_size (info) : -1, FALSE);
    }
  return TRUE;
}

static gboolean
collect_path (const char *path, GPtrArray *entries, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info (file,
                                                 G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                                 G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, cancellable, &local_error);

  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, WSD_ERROR, WSD_ERROR_UNREADABLE, "%s: %s", path, local_error->message);
      return FALSE;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY && wsd_importer_is_bundle_folder (file, cancellable))
    {
      add_entry (entries, file, path, -1, TRUE);
      ((Entry *) entries->pdata[entries->len - 1])->reader = &wsd_importer_bundle_folder_reader;
      return TRUE;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    return walk_folder (file, path, file, entries, cancellable, error);
  add_entry (entries, file, path,
             g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE)
               ? g_file_info_get_size (info) : -1, TRUE);
  return TRUE;
}

/* --- sniffing ----------------------------------------------------------------- */

/* Finds the entry's reader; *@empty tells an empty file apart, and
 * entry->damage a gzip file whose head does not decompress. */
static gboolean
sniff_entry (Entry *entry, gboolean *empty, GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(WsdTextReader) text = NULL;
  g_autofree char *decoded = NULL;
  guint8 raw[HEAD_RAW_BYTES];
  gsize raw_len = 0;
  WsdImportHead head;

  *empty = FALSE;
  stream = g_file_read (entry->file.file, cancellable, &local_error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), raw, sizeof raw, &raw_len, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, WSD_ERROR, WSD_ERROR_UNREADABLE, "%s: %s", entry->file.name, local_error->message);
      return FALSE;
    }
  g_input_stream_close (G_INPUT_STREAM (stream), NULL, NULL);
  if (raw_len == 0)
    {
      *empty = TRUE;
      return TRUE;
    }

  text = wsd_text_reader_new_for_file (entry->file.file, entry->file.name, cancellable, error);
  if (text == NULL)
    return FALSE;
  decoded = wsd_text_reader_peek_head (text, HEAD_TEXT_BYTES, &local_error);
  if (decoded == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (local_error, WSD_ERROR, WSD_ERROR_UNREADABLE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* A .gz cut short before the end of the detection window is
       * damaged evidence, not evidence of an unknown format. */
      if (raw_len >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
        {
          entry->damage = g_strdup (local_error->message);
          return TRUE;
        }
      decoded = g_strdup ("");
    }

  head.text = decoded;
  head.text_len = strlen (decoded);
  head.raw = raw;
  head.raw_len = raw_len;
  entry->reader = wsd_importer_find_reader (&head);
  return TRUE;
}

/* --- reading --------------------------------------------------------------- */

gboolean
wsd_importer_read_paths (const char *const *paths_or_uris, WsdImportBatch *batch,
                         GCancellable *cancellable, WsdImportProgressFunc progress,
                         gpointer progress_data, GError **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GPtrArray) group = g_ptr_array_new ();
  WsdImportJob job = { batch, cancellable, 0, 0, progress, progress_data };
  gboolean *done;
  gboolean ok = TRUE;

  g_return_val_if_fail (paths_or_uris != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  for (guint i = 0; paths_or_uris[i] != NULL; i++)
    if (!collect_path (paths_or_uris[i], entries, cancellable, error))
      return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];
      gboolean empty = FALSE;

      if (entry->reader == NULL && !sniff_entry (entry, &empty, cancellable, error))
        return FALSE;
      if (entry->damage != NULL)
        {
          if (entry->file.explicit)
            {
              g_set_error_literal (error, WSD_ERROR, WSD_ERROR_DAMAGED, entry->damage);
              return FALSE;
            }
          g_ptr_array_add (batch->skipped, g_strdup (entry->damage));
          continue;
        }
      if (entry->reader == NULL)
        {
          g_autofree char *base = g_file_get_basename (entry->file.file);
          /* The name only words the message; formats are told by content. */
          gboolean named_as_log = base != NULL && g_ascii_strncasecmp (base, "SoftwareDistribution", 20) == 0;
          const char *why = empty ? "empty file, not a recognised evidence format"
                            : named_as_log ? "not a recognised evidence format (not a SoftwareDistribution.log: "
                                             "no line starts with a “YYYY-MM-DD HH:MM:SS.mmm UTC” timestamp)"
                            : "not a recognised evidence format";
          if (entry->file.explicit)
            {
              g_set_error (error, WSD_ERROR, WSD_ERROR_UNKNOWN_FORMAT, "%s: %s", entry->file.name, why);
              return FALSE;
            }
          g_ptr_array_add (batch->skipped, g_strdup_printf ("%s: %s", entry->file.name, why));
          continue;
        }
      if (entry->file.size > 0)
        job.bytes_total += entry->file.size;
    }

  /* Read in the order found; files of a per-folder format go together. */
  done = g_new0 (gboolean, entries->len);
  for (guint i = 0; i < entries->len && ok; i++)
    {
      Entry *entry = entries->pdata[i];
      gint64 group_bytes = 0;

      if (done[i] || entry->reader == NULL)
        continue;
      g_ptr_array_set_size (group, 0);
      for (guint j = i; j < entries->len; j++)
        {
          Entry *other = entries->pdata[j];

          if (done[j] || other->reader != entry->reader)
            continue;
          if (j != i && (!entry->reader->per_folder || !g_str_equal (other->folder, entry->folder)))
            continue;
          g_ptr_array_add (group, &other->file);
          group_bytes += MAX (other->file.size, 0);
          done[j] = TRUE;
        }
      ok = entry->reader->read ((WsdImportFile *const *) group->pdata, group->len, &job, error);
      job.bytes_done += group_bytes;
      wsd_import_job_progress (&job, 0);
    }
  g_free (done);
  if (ok)
    wsd_importer_name_unnamed (batch);
  return ok;
}
