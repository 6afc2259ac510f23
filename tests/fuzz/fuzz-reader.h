/* fuzz-reader.h: the body every reader fuzz target shares: wrap the bytes
 * as a reader input and read them into a batch that is thrown away. */
#pragma once

#include "wsd-readers.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static inline int
fuzz_reader_run (WsdReaderReadFunc read, const guint8 *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(WsdReaderInput) input = wsd_reader_input_new_from_bytes ("fuzz", bytes, NULL);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  WsdReadContext context = { 0 };

  if (input == NULL)
    return 0;
  read (input, &context, batch, NULL);
  return 0;
}
