/* fuzz-history-json: wsd_history_json_read on arbitrary bytes must never crash. */
#include "fuzz-reader.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  return fuzz_reader_run (wsd_history_json_read, data, size);
}
