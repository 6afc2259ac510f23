/* wsd-collection.c: folders and zip archives of evidence. */
#include "wsd-collection.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "wsd-bundle.h"

#define MAX_DEPTH 8
#define ZIP_BLOCK_BYTES 65536
#define BUNDLE_JSON "bundle.json"

/* A zip archive in memory, or a file read where it lies. */
typedef struct {
  GBytes     *bytes;
  const char *filename;
  gint64      size;
} ZipSource;

static gboolean import_zip (const ZipSource *source, const char *path, const WsdMemberReader *reader,
                            const WsdReadContext *context, WsdImportBatch *batch, int depth,
                            GCancellable *cancellable, GError **error);

gboolean
wsd_collection_is_zip (const guint8 *head, gsize len)
{
  return len >= 4 && head[0] == 'P' && head[1] == 'K'
         && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
}

gboolean
wsd_readers_read_member (gpointer user_data, GFile *file, GBytes *bytes, const char *path,
                         const WsdReadContext *context, WsdImportBatch *batch,
                         gboolean *out_recognized, GCancellable *cancellable, GError **error)
{
  g_autoptr(WsdReaderInput) input = NULL;
  const WsdReaderEntry *entry;

  input = file != NULL ? wsd_reader_input_load (file, path, cancellable, error)
                       : wsd_reader_input_new_from_bytes (path, bytes, error);
  if (input == NULL)
    return FALSE;
  entry = wsd_readers_detect (input);
  *out_recognized = entry != NULL;
  if (entry == NULL)
    return TRUE;
  return entry->read (input, context, batch, error);
}

static void
add_skipped (WsdImportBatch *batch, const char *path, const char *reason)
{
  g_ptr_array_add (batch->skipped, g_strdup_printf ("%s: %s", path, reason));
}

/* Reads bundle.json (server, history) and fills @bundle_context for
 * everything else of the bundle. */
static gboolean
read_bundle_json (WsdReaderInput *input, const WsdReadContext *outer, WsdReadContext *bundle_context,
                  char **out_server, WsdImportBatch *batch, GError **error)
{
  WsdServer *server;

  if (!wsd_bundle_json_read (input, outer, batch, error))
    return FALSE;
  server = g_ptr_array_index (batch->servers, batch->servers->len - 1);
  *out_server = g_strdup (server->name);
  *bundle_context = *outer;
  bundle_context->server = *out_server;
  bundle_context->utc_offset_known = wsd_bundle_utc_offset (server, &bundle_context->utc_offset_usec);
  return TRUE;
}

static gboolean
read_head (GFile *file, guint8 *head, gsize *len, GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, NULL);

  *len = 0;
  if (stream == NULL)
    return FALSE;
  return g_input_stream_read_all (G_INPUT_STREAM (stream), head, 4, len, cancellable, NULL);
}

static gboolean
import_zip_file (GFile *file, const char *path, const WsdMemberReader *reader, const WsdReadContext *context,
                 WsdImportBatch *batch, int depth, GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *filename = g_file_get_path (file);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                 cancellable, NULL);
  ZipSource source = { NULL, NULL, info != NULL ? g_file_info_get_size (info) : 0 };

  if (info != NULL && (gsize) g_file_info_get_size (info) > WSD_ZIP_MAX_BYTES)
    {
      wsd_reader_set_error (error, WSD_ERROR_TOO_LARGE, path, 0, "zip archive larger than %zu MiB",
                            WSD_ZIP_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (filename != NULL && info != NULL)
    {
      /* Local files are read in blocks by libarchive, never whole. */
      source.filename = filename;
      return import_zip (&source, path, reader, context, batch, depth, cancellable, error);
    }
  bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      wsd_reader_set_error (error, WSD_ERROR_UNREADABLE, path, 0, "%s", local_error->message);
      return FALSE;
    }
  source.bytes = bytes;
  source.size = g_bytes_get_size (bytes);
  return import_zip (&source, path, reader, context, batch, depth, cancellable, error);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (g_file_info_get_name (*(GFileInfo *const *) a), g_file_info_get_name (*(GFileInfo *const *) b));
}

static gboolean
import_dir (GFile *dir, const char *path, const WsdMemberReader *reader, const WsdReadContext *outer,
            WsdImportBatch *batch, int depth, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFile) bundle_file = g_file_get_child (dir, BUNDLE_JSON);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *bundle_server = NULL;
  WsdReadContext bundle_context;
  const WsdReadContext *context = outer;
  gboolean is_bundle = FALSE;
  GFileInfo *info;

  if (depth > MAX_DEPTH)
    {
      add_skipped (batch, path, "folders nested too deep");
      return TRUE;
    }
  if (g_file_query_file_type (bundle_file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable) == G_FILE_TYPE_REGULAR)
    {
      g_autofree char *bundle_path = g_build_filename (path, BUNDLE_JSON, NULL);
      g_autoptr(WsdReaderInput) input = wsd_reader_input_load (bundle_file, bundle_path, cancellable, error);

      if (input == NULL || !read_bundle_json (input, outer, &bundle_context, &bundle_server, batch, error))
        return FALSE;
      context = &bundle_context;
      is_bundle = TRUE;
    }

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, &local_error);
  if (enumerator == NULL)
    {
      wsd_reader_set_error (error, WSD_ERROR_UNREADABLE, path, 0, "%s", local_error->message);
      return FALSE;
    }
  while ((info = g_file_enumerator_next_file (enumerator, cancellable, &local_error)) != NULL)
    g_ptr_array_add (infos, info);
  if (local_error != NULL)
    {
      wsd_reader_set_error (error, WSD_ERROR_UNREADABLE, path, 0, "%s", local_error->message);
      return FALSE;
    }
  /* Sorted, so that the same folder always imports the same way. */
  g_ptr_array_sort (infos, compare_names);

  for (guint i = 0; i < infos->len; i++)
    {
      const char *name;
      g_autoptr(GFile) child = NULL;
      g_autofree char *child_path = NULL;
      guint8 head[4];
      gsize head_len;
      gboolean recognized = TRUE;

      info = g_ptr_array_index (infos, i);
      name = g_file_info_get_name (info);
      if (is_bundle && g_str_equal (name, BUNDLE_JSON))
        continue;
      child = g_file_get_child (dir, name);
      child_path = g_build_filename (path, name, NULL);
      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          if (!import_dir (child, child_path, reader, context, batch, depth + 1, cancellable, error))
            return FALSE;
          break;
        case G_FILE_TYPE_REGULAR:
          if (read_head (child, head, &head_len, cancellable) && wsd_collection_is_zip (head, head_len))
            {
              if (!import_zip_file (child, child_path, reader, context, batch, depth + 1, cancellable, error))
                return FALSE;
              break;
            }
          if (!reader->read (reader->user_data, child, NULL, child_path, context, batch, &recognized, cancellable, error))
            return FALSE;
          if (!recognized)
            add_skipped (batch, child_path, "not a recognised evidence format");
          break;
        default:
          add_skipped (batch, child_path, "not a regular file (links are not followed)");
          break;
        }
    }
  return TRUE;
}

/* ---- zip ---------------------------------------------------------------- */

typedef struct {
  char          *root;      /* folder of the bundle.json inside the zip, "" = top */
  char          *server;
  WsdReadContext context;
} ZipBundle;

static void
zip_bundle_free (ZipBundle *bundle)
{
  g_free (bundle->root);
  g_free (bundle->server);
  g_free (bundle);
}

typedef struct {
  const char *path;
  gsize       zip_size;
  gint64      total;
  gint64      last_size;   /* of the member unpacked last */
} ZipBounds;

/* A member name that stays inside the archive: no absolute path, no
 * drive letter, no ".." component. NULL (and an error) otherwise. */
static char *
safe_member_name (const char *name, const char *path, GError **error)
{
  g_autofree char *normal = NULL;
  g_auto(GStrv) parts = NULL;

  if (name == NULL || *name == '\0')
    {
      wsd_reader_set_error (error, WSD_ERROR_REFUSED, path, 0, "zip entry with an unreadable name refused");
      return NULL;
    }
  normal = g_strdup (name);
  g_strdelimit (normal, "\\", '/');
  if (normal[0] == '/' || (g_ascii_isalpha (normal[0]) && normal[1] == ':'))
    {
      wsd_reader_set_error (error, WSD_ERROR_REFUSED, path, 0, "zip entry \"%s\" has an absolute path; refused", name);
      return NULL;
    }
  parts = g_strsplit (normal, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      {
        wsd_reader_set_error (error, WSD_ERROR_REFUSED, path, 0,
                              "zip entry \"%s\" points outside the archive (\"..\"); refused", name);
        return NULL;
      }
  return g_steal_pointer (&normal);
}

static struct archive *
open_zip (const ZipSource *source)
{
  struct archive *archive = archive_read_new ();

  archive_read_support_format_zip (archive);
  /* An open error is reported at the first header read. */
  if (source->filename != NULL)
    archive_read_open_filename (archive, source->filename, ZIP_BLOCK_BYTES);
  else
    archive_read_open_memory (archive, g_bytes_get_data (source->bytes, NULL), g_bytes_get_size (source->bytes));
  return archive;
}

static gboolean
archive_failed (struct archive *archive, const char *path, GError **error)
{
  const char *message = archive_error_string (archive);

  wsd_reader_set_error (error, WSD_ERROR_DAMAGED, path, 0, "damaged or truncated zip archive: %s",
                        message != NULL ? message : "unreadable");
  return FALSE;
}

static void
unlink_spill (gpointer path)
{
  g_unlink (path);
  g_free (path);
}

/* A member being unpacked: in memory while small, then in a private
 * temporary file (0600) that goes away with the last reference to its
 * GFile (a member reader may keep one, e.g. for a log read later). */
typedef struct {
  GByteArray *memory;
  char       *spill_path;
  int         spill_fd;
} MemberData;

static void
member_data_clear (MemberData *data)
{
  g_clear_pointer (&data->memory, g_byte_array_unref);
  if (data->spill_fd >= 0)
    close (data->spill_fd);
  if (data->spill_path != NULL)
    unlink_spill (g_steal_pointer (&data->spill_path));
}

static gboolean
write_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
member_data_append (MemberData *data, const guint8 *buffer, gsize n, const char *member_path, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (data->spill_fd < 0 && data->memory->len + n <= WSD_ZIP_MEMBER_MEMORY_BYTES)
    {
      g_byte_array_append (data->memory, buffer, n);
      return TRUE;
    }
  if (data->spill_fd < 0)
    {
      data->spill_fd = g_file_open_tmp ("wsd-member-XXXXXX", &data->spill_path, &local_error);
      if (data->spill_fd < 0)
        {
          wsd_reader_set_error (error, WSD_ERROR_UNREADABLE, member_path, 0, "cannot unpack: %s", local_error->message);
          return FALSE;
        }
      if (!write_all (data->spill_fd, data->memory->data, data->memory->len))
        goto failed;
      g_byte_array_set_size (data->memory, 0);
    }
  if (write_all (data->spill_fd, buffer, n))
    return TRUE;
failed:
  wsd_reader_set_error (error, WSD_ERROR_UNREADABLE, member_path, 0, "cannot unpack: %s", g_strerror (errno));
  return FALSE;
}

/* Unpacks the current member to *@out_bytes (small) or *@out_file (a
 * temporary file), checking the bounds as the data comes: a zip bomb is
 * refused after a few MiB of work, whatever its headers claim. */
static gboolean
read_member_data (struct archive *archive, struct archive_entry *entry, const char *member_path,
                  ZipBounds *bounds, GBytes **out_bytes, GFile **out_file, GError **error)
{
  MemberData data = { g_byte_array_new (), NULL, -1 };
  g_autofree guint8 *buffer = g_malloc (ZIP_BLOCK_BYTES);
  gint64 packed_start = archive_filter_bytes (archive, 0);
  gint64 unpacked = 0;

  *out_bytes = NULL;
  *out_file = NULL;
  if (archive_entry_size_is_set (entry) && archive_entry_size (entry) > WSD_ZIP_MAX_ENTRY_BYTES)
    goto too_large;
  for (;;)
    {
      la_ssize_t n = archive_read_data (archive, buffer, ZIP_BLOCK_BYTES);
      gint64 packed;

      if (n < 0)
        {
          archive_failed (archive, member_path, error);
          member_data_clear (&data);
          return FALSE;
        }
      if (n == 0)
        break;
      unpacked += n;
      bounds->total += n;
      if (unpacked > WSD_ZIP_MAX_ENTRY_BYTES || bounds->total > WSD_ZIP_MAX_TOTAL_BYTES)
        goto too_large;
      /* Compressed bytes this member used so far (libarchive counts what
       * the decompressor consumed). */
      packed = MAX (archive_filter_bytes (archive, 0) - packed_start, 1);
      if ((unpacked > WSD_ZIP_ENTRY_RATIO_FLOOR && unpacked / packed > WSD_ZIP_MAX_RATIO)
          || (bounds->total > WSD_ZIP_RATIO_FLOOR && bounds->total / MAX (bounds->zip_size, 1) > WSD_ZIP_MAX_RATIO))
        {
          wsd_reader_set_error (error, WSD_ERROR_TOO_LARGE, member_path, 0,
                                "zip entry expands more than %d times its compressed size (a zip bomb?); refused",
                                WSD_ZIP_MAX_RATIO);
          member_data_clear (&data);
          return FALSE;
        }
      if (!member_data_append (&data, buffer, n, member_path, error))
        {
          member_data_clear (&data);
          return FALSE;
        }
    }
  if (data.spill_fd >= 0)
    {
      if (close (data.spill_fd) != 0)
        {
          data.spill_fd = -1;
          wsd_reader_set_error (error, WSD_ERROR_UNREADABLE, member_path, 0, "cannot unpack: %s", g_strerror (errno));
          member_data_clear (&data);
          return FALSE;
        }
      data.spill_fd = -1;
      *out_file = g_file_new_for_path (data.spill_path);
      g_object_set_data_full (G_OBJECT (*out_file), "wsd-spill-path", g_steal_pointer (&data.spill_path), unlink_spill);
    }
  else
    *out_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data.memory));
  bounds->last_size = unpacked;
  member_data_clear (&data);
  return TRUE;

too_large:
  wsd_reader_set_error (error, WSD_ERROR_TOO_LARGE, member_path, 0,
                        "zip entry expands beyond the import bound (%" G_GINT64_FORMAT " MiB)",
                        WSD_ZIP_MAX_ENTRY_BYTES / (1024 * 1024));
  member_data_clear (&data);
  return FALSE;
}

static WsdReaderInput *
member_input (GBytes *bytes, GFile *file, const char *member_path, GCancellable *cancellable, GError **error)
{
  return file != NULL ? wsd_reader_input_load (file, member_path, cancellable, error)
                      : wsd_reader_input_new_from_bytes (member_path, bytes, error);
}

static gboolean
member_is_zip (GBytes *bytes, GFile *file, GCancellable *cancellable)
{
  guint8 head[4];
  gsize len;

  if (file != NULL)
    return read_head (file, head, &len, cancellable) && wsd_collection_is_zip (head, len);
  return wsd_collection_is_zip (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static const ZipBundle *
bundle_for (GPtrArray *bundles, const char *name)
{
  const ZipBundle *best = NULL;

  for (guint i = 0; i < bundles->len; i++)
    {
      const ZipBundle *bundle = g_ptr_array_index (bundles, i);
      if (g_str_has_prefix (name, bundle->root) && (best == NULL || strlen (bundle->root) > strlen (best->root)))
        best = bundle;
    }
  return best;
}

static gboolean
is_bundle_json (const char *name, char **out_root)
{
  const char *base = strrchr (name, '/');

  base = base != NULL ? base + 1 : name;
  if (!g_str_equal (base, BUNDLE_JSON))
    return FALSE;
  *out_root = g_strndup (name, base - name);
  return TRUE;
}

static gboolean
import_zip (const ZipSource *source, const char *path, const WsdMemberReader *reader, const WsdReadContext *context,
            WsdImportBatch *batch, int depth, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) zip_bundle_free);
  ZipBounds bounds = { path, source->size, 0, 0 };
  struct archive *archive;
  struct archive_entry *entry;
  guint entries = 0;
  int status;

  if (depth > MAX_DEPTH)
    {
      add_skipped (batch, path, "archives nested too deep");
      return TRUE;
    }
  if ((gsize) source->size > WSD_ZIP_MAX_BYTES)
    {
      wsd_reader_set_error (error, WSD_ERROR_TOO_LARGE, path, 0, "zip archive larger than %zu MiB",
                            WSD_ZIP_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }

  /* Pass 1: check every name and count entries before reading anything,
   * then read the bundle.json files so that every member knows its server. */
  archive = open_zip (source);
  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN)
    {
      g_autofree char *name = safe_member_name (archive_entry_pathname_utf8 (entry) != NULL
                                                ? archive_entry_pathname_utf8 (entry)
                                                : archive_entry_pathname (entry), path, error);
      g_autofree char *root = NULL;

      if (name == NULL)
        {
          archive_read_free (archive);
          return FALSE;
        }
      if (++entries > WSD_ZIP_MAX_ENTRIES)
        {
          archive_read_free (archive);
          wsd_reader_set_error (error, WSD_ERROR_TOO_LARGE, path, 0, "more than %d entries in the zip archive",
                                WSD_ZIP_MAX_ENTRIES);
          return FALSE;
        }
      if (archive_entry_filetype (entry) == AE_IFREG && is_bundle_json (name, &root))
        {
          g_autofree char *member_path = g_build_filename (path, name, NULL);
          g_autoptr(GBytes) data = NULL;
          g_autoptr(GFile) spilled = NULL;
          g_autoptr(WsdReaderInput) input = NULL;
          ZipBundle *bundle;

          if (!read_member_data (archive, entry, member_path, &bounds, &data, &spilled, error)
              || (input = member_input (data, spilled, member_path, cancellable, error)) == NULL)
            {
              archive_read_free (archive);
              return FALSE;
            }
          bundle = g_new0 (ZipBundle, 1);
          bundle->root = g_steal_pointer (&root);
          g_ptr_array_add (bundles, bundle);
          if (!read_bundle_json (input, context, &bundle->context, &bundle->server, batch, error))
            {
              archive_read_free (archive);
              return FALSE;
            }
        }
      else
        archive_read_data_skip (archive);
    }
  if (status != ARCHIVE_EOF)
    {
      archive_failed (archive, path, error);
      archive_read_free (archive);
      return FALSE;
    }
  archive_read_free (archive);

  /* Pass 2: every other file, by content. */
  archive = open_zip (source);
  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN)
    {
      g_autofree char *name = safe_member_name (archive_entry_pathname_utf8 (entry) != NULL
                                                ? archive_entry_pathname_utf8 (entry)
                                                : archive_entry_pathname (entry), path, error);
      g_autofree char *member_path = NULL;
      g_autofree char *root = NULL;
      g_autoptr(GBytes) data = NULL;
      g_autoptr(GFile) spilled = NULL;
      g_autofree char *spilled_path = NULL;
      const ZipBundle *bundle;
      const WsdReadContext *member_context;
      gboolean recognized = TRUE;

      if (name == NULL)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      member_path = g_build_filename (path, name, NULL);
      if (archive_entry_filetype (entry) == AE_IFDIR)
        continue;
      if (archive_entry_filetype (entry) != AE_IFREG)
        {
          add_skipped (batch, member_path, "not a regular file (links are not followed)");
          continue;
        }
      bundle = bundle_for (bundles, name);
      if (bundle != NULL && is_bundle_json (name, &root) && g_str_equal (root, bundle->root))
        {
          archive_read_data_skip (archive);
          continue;
        }
      member_context = bundle != NULL ? &bundle->context : context;
      if (!read_member_data (archive, entry, member_path, &bounds, &data, &spilled, error))
        break;
      if (member_is_zip (data, spilled, cancellable))
        {
          ZipSource inner = { data, NULL, 0 };

          if (spilled != NULL)
            inner.filename = spilled_path = g_file_get_path (spilled);
          inner.size = data != NULL ? (gint64) g_bytes_get_size (data) : bounds.last_size;
          if (!import_zip (&inner, member_path, reader, member_context, batch, depth + 1, cancellable, error))
            break;
          continue;
        }
      if (!reader->read (reader->user_data, spilled, data, member_path, member_context, batch, &recognized,
                         cancellable, error))
        break;
      if (!recognized)
        add_skipped (batch, member_path, "not a recognised evidence format");
    }
  if (status == ARCHIVE_OK || status == ARCHIVE_WARN)
    {
      /* Left the loop on an error already set. */
      archive_read_free (archive);
      return FALSE;
    }
  if (status != ARCHIVE_EOF)
    {
      archive_failed (archive, path, error);
      archive_read_free (archive);
      return FALSE;
    }
  archive_read_free (archive);
  return TRUE;
}

static const WsdMemberReader default_reader = { wsd_readers_read_member, NULL };

gboolean
wsd_collection_import_zip (GBytes *zip, const char *path, const WsdMemberReader *reader,
                           const WsdReadContext *context, WsdImportBatch *batch,
                           GCancellable *cancellable, GError **error)
{
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  ZipSource source = { zip, NULL, g_bytes_get_size (zip) };

  if (!import_zip (&source, path, reader != NULL ? reader : &default_reader, context, own, 0, cancellable, error))
    return FALSE;
  wsd_readers_absorb (batch, own);
  return TRUE;
}

gboolean
wsd_collection_import (GFile *file, const char *path, const WsdMemberReader *reader,
                       const WsdReadContext *context, WsdImportBatch *batch,
                       GCancellable *cancellable, GError **error)
{
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  gboolean ok;

  if (reader == NULL)
    reader = &default_reader;
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable) == G_FILE_TYPE_DIRECTORY)
    ok = import_dir (file, path, reader, context, own, 0, cancellable, error);
  else
    ok = import_zip_file (file, path, reader, context, own, 0, cancellable, error);
  if (ok)
    wsd_readers_absorb (batch, own);
  return ok;
}

gboolean
wsd_readers_import_path (GFile *file, const char *path, const WsdMemberReader *reader,
                         const WsdReadContext *context, WsdImportBatch *batch,
                         GCancellable *cancellable, GError **error)
{
  g_autoptr(WsdImportBatch) own = wsd_import_batch_new ();
  guint8 head[4];
  gsize head_len;
  gboolean recognized = TRUE;
  GFileType type;

  if (reader == NULL)
    reader = &default_reader;
  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable);
  if (type == G_FILE_TYPE_DIRECTORY
      || (type == G_FILE_TYPE_REGULAR && read_head (file, head, &head_len, cancellable)
          && wsd_collection_is_zip (head, head_len)))
    return wsd_collection_import (file, path, reader, context, batch, cancellable, error);
  if (!reader->read (reader->user_data, file, NULL, path, context, own, &recognized, cancellable, error))
    return FALSE;
  if (!recognized)
    {
      wsd_reader_set_error (error, WSD_ERROR_UNKNOWN_FORMAT, path, 0, "not a recognised evidence format");
      return FALSE;
    }
  wsd_readers_absorb (batch, own);
  return TRUE;
}
