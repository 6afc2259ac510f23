/* wsd-reader-input.h: one bounded evidence input (a file or an archive
 * member) decoded to UTF-8 for the history, event, ConfigMgr and bundle
 * readers, with its fingerprint and the map back to original offsets. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Bounded inputs: history exports, event exports and ConfigMgr logs
 * are far smaller than this on real servers. */
#define WSD_READER_INPUT_MAX_BYTES ((gsize) 256 * 1024 * 1024)

typedef struct {
  char     *path;          /* as the admin named it */
  GBytes   *raw;           /* bytes as stored (gzip undone) */
  char     *fingerprint;   /* SHA-256 hex of the stored bytes */
  char     *text;          /* UTF-8, NUL-terminated, BOM removed */
  gsize     text_len;
  gsize     bom_len;       /* bytes of byte-order mark skipped */
  gboolean  exact_offsets; /* text offset + bom_len = original offset */
  const char *encoding;    /* "utf-8", "utf-16le", "utf-16be" */
} WsdReaderInput;

WsdReaderInput *wsd_reader_input_new_from_bytes (const char    *path,
                                                 GBytes        *bytes,
                                                 GError       **error);
WsdReaderInput *wsd_reader_input_load           (GFile         *file,
                                                 const char    *path,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
void            wsd_reader_input_free           (WsdReaderInput *input);

/* Byte offset in the original file of @text_offset, or -1 when the
 * decoding changed lengths (UTF-16, repaired sequences). */
gint64          wsd_reader_input_original_offset (const WsdReaderInput *input,
                                                  gsize                 text_offset);

/* 1-based line number of @text_offset (counts '\n'). */
guint           wsd_reader_input_line_at        (const WsdReaderInput *input,
                                                 gsize                 text_offset);

/* The first @max bytes of text, for sniffing. */
gboolean        wsd_reader_input_head_contains  (const WsdReaderInput *input,
                                                 gsize                 max,
                                                 const char           *needle);

/* Raises WSD_ERROR_DAMAGED as "PATH:LINE: message" (LINE omitted when 0). */
void            wsd_reader_set_error            (GError      **error,
                                                 int           code,
                                                 const char   *path,
                                                 guint         line,
                                                 const char   *format,
                                                 ...) G_GNUC_PRINTF (5, 6);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdReaderInput, wsd_reader_input_free)

G_END_DECLS
