/* wsd-events.h: Application-log events of "Windows Server Update
 * Services", whatever export they came from, turned into runs
 * (381/382 … 384/386/387) and loose evidence (everything else). */
#pragma once

#include "wsd-readers.h"

G_BEGIN_DECLS

#define WSD_EVENTS_PROVIDER "Windows Server Update Services"

typedef struct {
  guint     id;
  gint64    time;        /* µs UTC */
  WsdLevel  level;
  char     *computer;
  char     *message;     /* rendered message, else the Data strings joined */
  guint     line;
  gint64    offset;
} WsdEventRecord;

void wsd_event_record_free (WsdEventRecord *record);

/* Windows event Level (1 critical … 4 information) → WsdLevel. */
WsdLevel wsd_events_level_from_number (gint64 level);

/* Pairs starts and completions into runs and adds the rest as loose
 * evidence to @batch. @records are sorted by time here. */
void wsd_events_build (GPtrArray            *records,
                       const char           *path,
                       const WsdReadContext *context,
                       gboolean              approximate_times,
                       WsdImportBatch       *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WsdEventRecord, wsd_event_record_free)

G_END_DECLS
