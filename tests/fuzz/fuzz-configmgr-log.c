/* fuzz-configmgr-log: wsd_configmgr_log_read on arbitrary bytes must never crash. */
#include "fuzz-reader.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  return fuzz_reader_run (wsd_configmgr_log_read, data, size);
}
