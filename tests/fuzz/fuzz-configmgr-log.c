/* fuzz-configmgr-log: wsd_configmgr_log_read on arbitrary bytes must never crash. */
#include "wsd-readers.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(WsdReaderInput) input = wsd_reader_input_new_from_bytes ("fuzz", bytes, NULL);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  WsdReadContext context = { 0 };

  if (input == NULL)
    return 0;
  wsd_configmgr_log_read (input, &context, batch, NULL);
  return 0;
}
