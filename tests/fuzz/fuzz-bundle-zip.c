/* fuzz-bundle-zip: a zip of evidence (libarchive and every reader
 * behind it) on arbitrary bytes must never crash. */
#include "wsd-collection.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(WsdImportBatch) batch = wsd_import_batch_new ();
  WsdReadContext context = { 0 };

  wsd_collection_import_zip (bytes, "fuzz.zip", NULL, &context, batch, NULL, NULL);
  return 0;
}
