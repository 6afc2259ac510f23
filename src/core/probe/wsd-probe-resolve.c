/* wsd-probe-resolve.c */
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "wsd-probe-resolve.h"

typedef struct {
  GMutex     mutex;
  GCond      cond;
  char      *host;
  gboolean   done;
  int        error;
  GPtrArray *addresses;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_mutex_clear (&lookup->mutex);
  g_cond_clear (&lookup->cond);
  g_free (lookup->host);
  g_clear_pointer (&lookup->addresses, g_ptr_array_unref);
}

static void
add_unique (GPtrArray *list, const char *address, gboolean front)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_ptr_array_index (list, i), address))
      return;
  if (front)
    g_ptr_array_insert (list, 0, g_strdup (address));
  else
    g_ptr_array_add (list, g_strdup (address));
}

static gpointer
lookup_thread (gpointer data)
{
  Lookup *lookup = data;
  struct addrinfo hints = { 0 }, *list = NULL;
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  guint n_v4 = 0;
  int error;

  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  /* no AI_ADDRCONFIG: on a host with only loopback it would hide
   * addresses the check should still report */
  error = getaddrinfo (lookup->host, NULL, &hints, &list);
  for (struct addrinfo *ai = list; error == 0 && ai != NULL; ai = ai->ai_next)
    {
      char text[INET6_ADDRSTRLEN] = "";

      if (getnameinfo (ai->ai_addr, ai->ai_addrlen, text, sizeof text, NULL, 0, NI_NUMERICHOST) != 0)
        continue;
      if (ai->ai_family == AF_INET)
        {
          guint before = addresses->len;
          add_unique (addresses, text, FALSE);
          if (addresses->len > before)
            {
              /* keep IPv4 first: it is what the log of a WSUS server usually shows */
              gpointer moved = g_ptr_array_steal_index (addresses, addresses->len - 1);
              g_ptr_array_insert (addresses, n_v4++, moved);
            }
        }
      else
        add_unique (addresses, text, FALSE);
    }
  if (list != NULL)
    freeaddrinfo (list);

  g_mutex_lock (&lookup->mutex);
  lookup->error = error;
  lookup->addresses = g_steal_pointer (&addresses);
  lookup->done = TRUE;
  g_cond_broadcast (&lookup->cond);
  g_mutex_unlock (&lookup->mutex);
  g_atomic_rc_box_release_full (lookup, (GDestroyNotify) lookup_free);
  return NULL;
}

WsdProbeResolveStatus
wsd_probe_resolve (const char *host, gint64 timeout_ms, GCancellable *cancellable,
                   GStrv *out_addresses, char **out_message)
{
  Lookup *lookup = g_atomic_rc_box_new0 (Lookup);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  WsdProbeResolveStatus status;
  g_autoptr(GError) error = NULL;
  GThread *thread;

  *out_addresses = NULL;
  *out_message = NULL;
  g_mutex_init (&lookup->mutex);
  g_cond_init (&lookup->cond);
  lookup->host = g_strdup (host);

  thread = g_thread_try_new ("wsd-resolve", lookup_thread, g_atomic_rc_box_acquire (lookup), &error);
  if (thread == NULL)
    {
      g_atomic_rc_box_release_full (lookup, (GDestroyNotify) lookup_free);
      g_atomic_rc_box_release_full (lookup, (GDestroyNotify) lookup_free);
      *out_message = g_strdup (error->message);
      return WSD_PROBE_RESOLVE_FAILED;
    }
  g_thread_unref (thread);

  g_mutex_lock (&lookup->mutex);
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      if (lookup->done)
        break;
      if (g_cancellable_is_cancelled (cancellable) || now >= deadline)
        break;
      /* short slices so a cancel is seen promptly */
      g_cond_wait_until (&lookup->cond, &lookup->mutex, MIN (deadline, now + 100 * G_TIME_SPAN_MILLISECOND));
    }
  if (lookup->done && lookup->error == 0 && lookup->addresses->len > 0)
    {
      g_ptr_array_add (lookup->addresses, NULL);
      *out_addresses = (GStrv) g_ptr_array_free (g_steal_pointer (&lookup->addresses), FALSE);
      status = WSD_PROBE_RESOLVE_OK;
    }
  else if (lookup->done)
    {
      *out_message = g_strdup (lookup->error == 0 ? "no address" : gai_strerror (lookup->error));
      status = WSD_PROBE_RESOLVE_FAILED;
    }
  else if (g_cancellable_is_cancelled (cancellable))
    status = WSD_PROBE_RESOLVE_CANCELED;
  else
    status = WSD_PROBE_RESOLVE_TIMED_OUT;
  g_mutex_unlock (&lookup->mutex);
  g_atomic_rc_box_release_full (lookup, (GDestroyNotify) lookup_free);
  return status;
}
