/* wsd-fingerprint.c
 *
 * Past the first few megabytes the hashing moves to a helper thread, so a
 * large import parses and hashes on two cores at once. Chunks are copied
 * into a small fixed pool of buffers handed to the thread in order: memory
 * stays bounded (POOL_BUFFERS × BUFFER_SIZE) whatever the input size. */
#include <string.h>

#include "wsd-fingerprint.h"

#ifdef WSD_HAVE_NETTLE
#include <nettle/sha2.h>
#endif

#define THREAD_AFTER  (4 * 1024 * 1024)
#define BUFFER_SIZE   (512 * 1024)
#define POOL_BUFFERS  6

typedef struct {
  gsize  len;
  guint8 data[BUFFER_SIZE];
} Chunk;

struct _WsdFingerprint {
#ifdef WSD_HAVE_NETTLE
  struct sha256_ctx ctx;
#else
  GChecksum *checksum;
#endif
  guint64      total;
  GThread     *thread;
  GAsyncQueue *work;     /* Chunk* to hash, in order; the pool itself as stop signal */
  GAsyncQueue *free;     /* Chunk* ready to be filled */
  Chunk       *pool[POOL_BUFFERS];
};

static void
hash_bytes (WsdFingerprint *self, const guint8 *data, gsize len)
{
#ifdef WSD_HAVE_NETTLE
  sha256_update (&self->ctx, len, data);
#else
  g_checksum_update (self->checksum, data, len);
#endif
}

static gpointer
hash_thread (gpointer data)
{
  WsdFingerprint *self = data;

  for (;;)
    {
      gpointer item = g_async_queue_pop (self->work);
      Chunk *chunk = item;

      if (item == (gpointer) self->pool)
        return NULL;
      hash_bytes (self, chunk->data, chunk->len);
      g_async_queue_push (self->free, chunk);
    }
}

WsdFingerprint *
wsd_fingerprint_new (void)
{
  WsdFingerprint *self = g_new0 (WsdFingerprint, 1);
#ifdef WSD_HAVE_NETTLE
  sha256_init (&self->ctx);
#else
  self->checksum = g_checksum_new (G_CHECKSUM_SHA256);
#endif
  return self;
}

static void
start_thread (WsdFingerprint *self)
{
  self->work = g_async_queue_new ();
  self->free = g_async_queue_new ();
  for (guint i = 0; i < POOL_BUFFERS; i++)
    {
      self->pool[i] = g_new (Chunk, 1);
      g_async_queue_push (self->free, self->pool[i]);
    }
  self->thread = g_thread_new ("wsd-fingerprint", hash_thread, self);
}

void
wsd_fingerprint_update (WsdFingerprint *self, const guint8 *data, gsize len)
{
  self->total += len;
  if (self->thread == NULL && self->total < THREAD_AFTER)
    {
      hash_bytes (self, data, len);
      return;
    }
  if (self->thread == NULL)
    start_thread (self);
  while (len > 0)
    {
      Chunk *chunk = g_async_queue_pop (self->free);

      chunk->len = MIN (len, BUFFER_SIZE);
      memcpy (chunk->data, data, chunk->len);
      data += chunk->len;
      len -= chunk->len;
      g_async_queue_push (self->work, chunk);
    }
}

/* Waits until the thread has hashed every queued chunk. */
static void
drain (WsdFingerprint *self)
{
  Chunk *held[POOL_BUFFERS];

  if (self->thread == NULL)
    return;
  for (guint i = 0; i < POOL_BUFFERS; i++)
    held[i] = g_async_queue_pop (self->free);
  for (guint i = 0; i < POOL_BUFFERS; i++)
    g_async_queue_push (self->free, held[i]);
}

char *
wsd_fingerprint_get_hex (WsdFingerprint *self)
{
  drain (self);
  {
#ifdef WSD_HAVE_NETTLE
    struct sha256_ctx copy = self->ctx;   /* digest resets the context */
    guint8 digest[SHA256_DIGEST_SIZE];
    char *hex = g_malloc (SHA256_DIGEST_SIZE * 2 + 1);

    sha256_digest (&copy, sizeof digest, digest);
    for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
      {
        hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
      }
    hex[SHA256_DIGEST_SIZE * 2] = '\0';
    return hex;
#else
    g_autoptr(GChecksum) copy = g_checksum_copy (self->checksum);
    return g_strdup (g_checksum_get_string (copy));
#endif
  }
}

void
wsd_fingerprint_free (WsdFingerprint *self)
{
  if (self == NULL)
    return;
  if (self->thread != NULL)
    {
      g_async_queue_push (self->work, self->pool);   /* stop after the queued chunks */
      g_thread_join (self->thread);
      g_async_queue_unref (self->work);
      g_async_queue_unref (self->free);
      for (guint i = 0; i < POOL_BUFFERS; i++)
        g_free (self->pool[i]);
    }
#ifndef WSD_HAVE_NETTLE
  g_checksum_free (self->checksum);
#endif
  g_free (self);
}
