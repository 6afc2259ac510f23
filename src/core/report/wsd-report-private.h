/* wsd-report-private.h: what the parts of the report writer share. */
#pragma once

#include "wsd-report-writer.h"
#include "wsd-redactor.h"

G_BEGIN_DECLS

/* Per-server figures over the report's period. */
typedef struct {
  char            *name;
  const WsdServer *server;        /* NULL when only runs name it */
  guint            n_runs;
  guint            n_failed;
  guint            n_succeeded;
  gint64           last_success;  /* 0 = none in the period */
  gint64           last_run;
  WsdResult        last_result;
  guint            streak;        /* failures since the last success */
  gint64           streak_since;
  GHashTable      *causes;        /* top rule id → WsdReportCause* (borrowed strings) */
} WsdReportServer;

typedef struct {
  const char *rule;
  const char *title;
  guint       count;
} WsdReportCause;

typedef struct {
  const WsdAnalysis       *analysis;
  const WsdReportOptions  *options;
  GOutputStream           *stream;
  GCancellable            *cancellable;
  GString                 *buf;
  GString                 *scratch;     /* redaction output before escaping */
  GError                  *error;       /* first write error; stops output */
  WsdRedactor             *redactor;    /* NULL = no redaction */
  GPtrArray               *servers;     /* WsdReportServer*, in display order */
  GHashTable              *server_index;/* name → WsdReportServer* */
  GHashTable              *causes;      /* rule id → WsdReportCause*, all servers */
  gint64                   period_start;
  gint64                   period_end;
} WsdReport;

/* Output. raw = trusted markup from the writer itself; text = anything
 * that came from evidence, facts or rules: redacted when asked, escaped. */
void   wsd_report_raw     (WsdReport *report, const char *markup);
void   wsd_report_rawf    (WsdReport *report, const char *format, ...) G_GNUC_PRINTF (2, 3);
void   wsd_report_text    (WsdReport *report, const char *text);
void   wsd_report_text_len(WsdReport *report, const char *text, gssize len);
/* Text cut to @max_bytes (on a character boundary); returns how many bytes
 * were left out. */
gsize  wsd_report_text_cut(WsdReport *report, const char *text, gsize max_bytes);
void   wsd_report_link    (WsdReport *report, const char *url);
/* "2026-11-20 03:00" (UTC); "—" for 0. */
void   wsd_report_time    (WsdReport *report, gint64 usec);
void   wsd_report_date    (WsdReport *report, gint64 usec);
void   wsd_report_duration(WsdReport *report, gint64 start, gint64 end);
gboolean wsd_report_flush (WsdReport *report);

WsdReportServer *wsd_report_server_for (WsdReport *report, const char *name);
const char      *wsd_report_run_server (const WsdRun *run);
const WsdFinding*wsd_report_top_finding(const WsdRunDiagnosis *diagnosis);
const char      *wsd_report_result_label (WsdResult result);
/* WsdReportCause* of @causes, most frequent first (container only). */
GPtrArray       *wsd_report_sorted_causes (GHashTable *causes);

/* Civil date of @usec (UTC). */
void   wsd_report_civil   (gint64 usec, int *year, int *month, int *day, int *hour, int *minute);
gint64 wsd_report_day_start (gint64 usec);

/* Sections (wsd-report-summary.c, -charts.c, -incidents.c, -sections.c) */
void   wsd_report_write_header     (WsdReport *report);
void   wsd_report_write_summary    (WsdReport *report);
void   wsd_report_write_charts     (WsdReport *report);
void   wsd_report_write_incidents  (WsdReport *report);
void   wsd_report_write_finding    (WsdReport *report, const WsdFinding *finding, gboolean with_evidence);
void   wsd_report_write_config     (WsdReport *report);
void   wsd_report_write_probes     (WsdReport *report);
void   wsd_report_write_runs_table (WsdReport *report);

G_END_DECLS
