/* wsd-report-charts.c: inline SVG charts built from numbers only; the one
 * text from outside (a rule title) is escaped like everywhere else. */
#include "wsd-report-private.h"

#include <string.h>

#define DAY (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400))
#define CHART_W 960
#define CHART_H 240
#define PAD_L 44
#define PAD_R 8
#define PAD_T 12
#define PAD_B 30
#define MAX_CAUSE_ROWS 10
#define CAUSE_TITLE_CHARS 90

typedef enum { BUCKET_DAY, BUCKET_WEEK, BUCKET_MONTH } BucketKind;

typedef struct {
  guint ok, failed, other;
  gint64 start;
} Bucket;

static int
month_index (gint64 usec)
{
  int y, m, d;
  wsd_report_civil (usec, &y, &m, &d, NULL, NULL);
  return y * 12 + (m - 1);
}

static gint64
month_start (int index)
{
  /* First day of month @index as µs UTC, through GDateTime (few calls). */
  g_autoptr(GDateTime) dt = g_date_time_new_utc (index / 12, index % 12 + 1, 1, 0, 0, 0);
  return dt != NULL ? g_date_time_to_unix (dt) * G_USEC_PER_SEC : 0;
}

static guint
bucket_of (BucketKind kind, gint64 first_day, int first_month, gint64 t)
{
  switch (kind)
    {
    case BUCKET_DAY:  return (guint) ((wsd_report_day_start (t) - first_day) / DAY);
    case BUCKET_WEEK: return (guint) ((wsd_report_day_start (t) - first_day) / (7 * DAY));
    case BUCKET_MONTH:
    default:          return (guint) (month_index (t) - first_month);
    }
}

/* A round step for the value axis: 1, 2, 5 × 10^n giving ≤ 4 lines. */
static guint
nice_step (guint max)
{
  guint step = 1;

  while (max / step > 4)
    {
      if (max / (step * 2) <= 4)
        return step * 2;
      if (max / (step * 5) <= 4)
        return step * 5;
      step *= 10;
    }
  return step;
}

static void
write_bucket_label (WsdReport *report, BucketKind kind, gint64 start)
{
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  int y, m, d;

  wsd_report_civil (start, &y, &m, &d, NULL, NULL);
  if (kind == BUCKET_MONTH)
    wsd_report_rawf (report, "%s %d", months[m - 1], y);
  else
    wsd_report_rawf (report, "%s %d", months[m - 1], d);
}

static void
write_timeline (WsdReport *report)
{
  const WsdAnalysis *analysis = report->analysis;
  gint64 first_day = wsd_report_day_start (report->period_start);
  gint64 days = (wsd_report_day_start (report->period_end) - first_day) / DAY + 1;
  int first_month = month_index (report->period_start);
  BucketKind kind = days <= 120 ? BUCKET_DAY : days <= 840 ? BUCKET_WEEK : BUCKET_MONTH;
  guint n, max = 0, step, top;
  g_autofree Bucket *buckets = NULL;
  double plot_w = CHART_W - PAD_L - PAD_R, plot_h = CHART_H - PAD_T - PAD_B, bar_w, gap;

  n = bucket_of (kind, first_day, first_month, report->period_end) + 1;
  buckets = g_new0 (Bucket, n);
  for (guint i = 0; i < n; i++)
    buckets[i].start = kind == BUCKET_DAY ? first_day + i * DAY
                       : kind == BUCKET_WEEK ? first_day + i * 7 * DAY
                       : month_start (first_month + (int) i);
  for (guint i = 0; i < analysis->runs->len; i++)
    {
      const WsdRun *run = ((WsdRunDiagnosis *) g_ptr_array_index (analysis->runs, i))->run;
      Bucket *b;

      if (run->started < report->period_start || run->started > report->period_end)
        continue;
      b = &buckets[MIN (bucket_of (kind, first_day, first_month, run->started), n - 1)];
      if (run->result == WSD_RESULT_SUCCEEDED)
        b->ok++;
      else if (run->result == WSD_RESULT_FAILED)
        b->failed++;
      else
        b->other++;
    }
  for (guint i = 0; i < n; i++)
    max = MAX (max, buckets[i].ok + buckets[i].failed + buckets[i].other);
  step = nice_step (MAX (max, 1));
  top = ((MAX (max, 1) + step - 1) / step) * step;

  wsd_report_rawf (report, "<figure class=\"chart\">\n<figcaption>Results per %s</figcaption>\n"
                   "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Synchronization results per %s\">\n",
                   kind == BUCKET_DAY ? "day" : kind == BUCKET_WEEK ? "week" : "month",
                   CHART_W, CHART_H, kind == BUCKET_DAY ? "day" : kind == BUCKET_WEEK ? "week" : "month");
  for (guint v = 0; v <= top; v += step)
    {
      double y = PAD_T + plot_h - plot_h * v / top;
      wsd_report_rawf (report, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                       "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%u</text>\n",
                       PAD_L, CHART_W - PAD_R, y, y, PAD_L - 6, y + 4, v);
    }
  bar_w = plot_w / n;
  gap = bar_w > 4 ? bar_w * 0.18 : 0;
  for (guint i = 0; i < n; i++)
    {
      Bucket *b = &buckets[i];
      double x = PAD_L + i * bar_w + gap / 2, y = PAD_T + plot_h;
      const struct { guint count; const char *cls; } parts[] = {
        { b->ok, "ok" }, { b->failed, "fail" }, { b->other, "other" } };

      if (b->ok + b->failed + b->other == 0)
        continue;
      wsd_report_raw (report, "<g><title>");
      write_bucket_label (report, kind, b->start);
      wsd_report_rawf (report, ": %u succeeded, %u failed", b->ok, b->failed);
      if (b->other > 0)
        wsd_report_rawf (report, ", %u other", b->other);
      wsd_report_raw (report, "</title>");
      for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
        {
          double h = plot_h * parts[p].count / top;

          if (parts[p].count == 0)
            continue;
          y -= h;
          wsd_report_rawf (report, "<rect class=\"bar-%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>",
                           parts[p].cls, x, y, MAX (bar_w - gap, 0.5), h);
        }
      wsd_report_raw (report, "</g>\n");
    }
  /* About seven date labels along the axis. */
  for (guint i = 0, every = MAX (1, (n + 6) / 7); i < n; i += every)
    {
      wsd_report_rawf (report, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
                       PAD_L + (i + 0.5) * bar_w, CHART_H - 8);
      write_bucket_label (report, kind, buckets[i].start);
      wsd_report_raw (report, "</text>\n");
    }
  wsd_report_raw (report, "</svg>\n<p class=\"legend\"><span class=\"key ok\"></span>Succeeded"
                  "<span class=\"key fail\"></span>Failed<span class=\"key other\"></span>Canceled or unknown</p>\n"
                  "</figure>\n");
}

static void
write_causes (WsdReport *report)
{
  g_autoptr(GPtrArray) causes = wsd_report_sorted_causes (report->causes);
  guint rows = MIN (causes->len, MAX_CAUSE_ROWS), rest = 0, max = 1;
  const int row_h = 42;
  double plot_w = CHART_W - 60;

  wsd_report_raw (report, "<figure class=\"chart\">\n<figcaption>Failures by cause</figcaption>\n");
  if (causes->len == 0)
    {
      wsd_report_raw (report, "<p class=\"empty\">No failed synchronization in this period.</p>\n</figure>\n");
      return;
    }
  for (guint i = rows; i < causes->len; i++)
    rest += ((WsdReportCause *) g_ptr_array_index (causes, i))->count;
  max = MAX (((WsdReportCause *) g_ptr_array_index (causes, 0))->count, rest);
  wsd_report_rawf (report, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Failures by cause\">\n",
                   CHART_W, (rows + (rest > 0)) * row_h + 4);
  for (guint i = 0; i < rows + (rest > 0); i++)
    {
      WsdReportCause *cause = i < rows ? g_ptr_array_index (causes, i) : NULL;
      guint count = cause != NULL ? cause->count : rest;
      double y = i * row_h, w = MAX (plot_w * count / max, 2);

      wsd_report_rawf (report, "<g><text class=\"label\" x=\"0\" y=\"%.0f\">", y + 14);
      if (cause == NULL)
        wsd_report_rawf (report, "%u other causes", causes->len - rows);
      else
        {
          const char *title = cause->title;
          glong chars = g_utf8_validate (title, -1, NULL) ? g_utf8_strlen (title, -1) : 0;

          if (chars > CAUSE_TITLE_CHARS)
            {
              wsd_report_text_len (report, title, g_utf8_offset_to_pointer (title, CAUSE_TITLE_CHARS) - title);
              wsd_report_raw (report, "…");
            }
          else
            wsd_report_text (report, title);
        }
      wsd_report_rawf (report, "</text><rect class=\"bar-%s\" x=\"0\" y=\"%.0f\" width=\"%.1f\" height=\"16\" rx=\"3\"/>"
                       "<text class=\"count\" x=\"%.1f\" y=\"%.0f\">%u</text></g>\n",
                       cause != NULL ? "fail" : "other", y + 20, w, w + 8, y + 33, count);
    }
  wsd_report_raw (report, "</svg>\n</figure>\n");
}

void
wsd_report_write_charts (WsdReport *report)
{
  wsd_report_raw (report, "<section id=\"charts\">\n<h2>Timeline</h2>\n");
  if (report->analysis->runs->len == 0)
    wsd_report_raw (report, "<p class=\"empty\">No synchronization in this period.</p>\n");
  else
    {
      wsd_report_raw (report, "<div class=\"charts\">\n");
      write_timeline (report);
      write_causes (report);
      wsd_report_raw (report, "</div>\n");
    }
  wsd_report_raw (report, "</section>\n");
}
