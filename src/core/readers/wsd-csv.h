/* wsd-csv.h: RFC 4180 CSV as PowerShell's Export-Csv writes it: quoted
 * fields that may hold CR/LF, ',' or ';' (-UseCulture) as delimiter,
 * an optional "#TYPE" first line. */
#pragma once

#include "wsd-reader-input.h"

G_BEGIN_DECLS

typedef struct {
  guint   line;      /* 1-based line where the row starts */
  gsize   offset;    /* text offset where the row starts */
  GStrv   fields;
} WsdCsvRow;

typedef struct {
  char       delimiter;
  char      *type_name;   /* from "#TYPE …", or NULL */
  GStrv      header;
  guint      header_line;
  GPtrArray *rows;        /* WsdCsvRow* */
} WsdCsv;

/* The header line (after an optional #TYPE line), with its delimiter
 * detected; NULL when the text has no line that looks like a header. */
GStrv   wsd_csv_peek_header (const char *text, gsize len, char *out_delimiter);

WsdCsv *wsd_csv_parse       (const WsdReaderInput *input, GError **error);
void    wsd_csv_free        (WsdCsv *csv);
/* Index of the column named @name (case-insensitive), or -1. */
int     wsd_csv_column      (const WsdCsv *csv, const char *name);
/* Field @column of @row, or NULL when the row is short. */
const char *wsd_csv_field   (const WsdCsvRow *row, int column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdCsv, wsd_csv_free)

G_END_DECLS
