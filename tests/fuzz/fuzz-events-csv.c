/* fuzz-events-csv: wsd_events_csv_read on arbitrary bytes must never crash. */
#include "fuzz-reader.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  return fuzz_reader_run (wsd_events_csv_read, data, size);
}
