/* wsd-text-reader.h: streaming line reader for text evidence.
 *
 * Reads any GInputStream or GFile (so gvfs locations work) a line at a
 * time without ever holding the whole input:
 *
 *  - gzip input (magic 1F 8B) is decompressed with GZlibDecompressor;
 *    concatenated gzip members are read one after the other;
 *  - the encoding is sniffed from the (decompressed) head: UTF-8 BOM,
 *    UTF-16LE BOM, UTF-16BE BOM, BOM-less UTF-16LE ("2\0000\0…"), otherwise
 *    UTF-8 where any byte that is not part of a valid UTF-8 sequence is read
 *    as Windows-1252 (formats.md §1.4);
 *  - CRLF and LF both end a line (the CR is dropped);
 *  - every returned line is valid UTF-8, NUL-terminated and free of NUL
 *    bytes (NUL and unpaired surrogates become U+FFFD);
 *  - a line longer than the maximum line length is cut at a character
 *    boundary and flagged truncated; the rest of it is skipped, so memory
 *    stays bounded whatever the input.
 *
 * Line numbers are 1-based physical lines. Byte offsets are positions in
 * the decoded byte stream (after gzip decompression, before charset
 * conversion), so for an uncompressed file they are file offsets a viewer
 * can seek to; the BOM counts, so line 1 of a UTF-8 BOM file starts at 3.
 *
 * The SHA-256 fingerprint covers the raw bytes read from the stream (the
 * compressed bytes for a .gz), see wsd_text_reader_read_to_end().
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  WSD_TEXT_ENCODING_UNKNOWN = 0,   /* not sniffed yet */
  WSD_TEXT_ENCODING_UTF8,          /* no BOM; invalid bytes read as Windows-1252 */
  WSD_TEXT_ENCODING_UTF8_BOM,
  WSD_TEXT_ENCODING_UTF16LE,       /* with or without BOM */
  WSD_TEXT_ENCODING_UTF16BE,
} WsdTextEncoding;

const char *wsd_text_encoding_to_string (WsdTextEncoding encoding);

#define WSD_TEXT_READER_DEFAULT_MAX_LINE (1024 * 1024)

#define WSD_TYPE_TEXT_READER (wsd_text_reader_get_type ())
G_DECLARE_FINAL_TYPE (WsdTextReader, wsd_text_reader, WSD, TEXT_READER, GObject)

/* @name is how errors name the input (a path or URI as the admin gave it). */
WsdTextReader  *wsd_text_reader_new            (GInputStream *stream,
                                                const char   *name,
                                                GCancellable *cancellable);
/* Opens @file for reading; WSD_ERROR_UNREADABLE "NAME: reason" on failure. */
WsdTextReader  *wsd_text_reader_new_for_file   (GFile        *file,
                                                const char   *name,
                                                GCancellable *cancellable,
                                                GError      **error);

void            wsd_text_reader_set_max_line_length (WsdTextReader *self, gsize max_bytes);

/* Decoded UTF-8 of the first @max_bytes of the input (at most 256 KiB),
 * newlines kept, without consuming anything. For content sniffing. */
char           *wsd_text_reader_peek_head      (WsdTextReader *self,
                                                gsize          max_bytes,
                                                GError       **error);

/* The next line, without its line ending; valid until the next call.
 * Returns NULL at the end of input (@error unset) or on error
 * (WSD_ERROR_UNREADABLE for I/O errors, WSD_ERROR_DAMAGED "NAME:LINE: …"
 * for damaged compressed data, G_IO_ERROR_CANCELLED). */
const char     *wsd_text_reader_next_line      (WsdTextReader *self,
                                                gsize         *out_len,
                                                GError       **error);

/* About the line last returned by wsd_text_reader_next_line(). */
guint           wsd_text_reader_get_line_number (WsdTextReader *self);
gint64          wsd_text_reader_get_line_offset (WsdTextReader *self);
gboolean        wsd_text_reader_get_line_truncated (WsdTextReader *self);
/* TRUE when the line held bytes that were not valid UTF-8 (or NULs). */
gboolean        wsd_text_reader_get_line_repaired  (WsdTextReader *self);
/* TRUE when the line held NUL characters (shown as U+FFFD). */
gboolean        wsd_text_reader_get_line_had_nul   (WsdTextReader *self);

/* Reads and fingerprints whatever input is left without decoding it. */
gboolean        wsd_text_reader_read_to_end    (WsdTextReader *self, GError **error);

const char     *wsd_text_reader_get_name       (WsdTextReader *self);
WsdTextEncoding wsd_text_reader_get_encoding   (WsdTextReader *self);
gboolean        wsd_text_reader_get_compressed (WsdTextReader *self);
gboolean        wsd_text_reader_is_eof         (WsdTextReader *self);
/* Raw bytes read from the stream so far (compressed bytes for a .gz). */
gint64          wsd_text_reader_get_bytes_read (WsdTextReader *self);
/* Lowercase hex SHA-256 of the raw bytes read so far. */
char           *wsd_text_reader_dup_fingerprint (WsdTextReader *self);

G_END_DECLS
