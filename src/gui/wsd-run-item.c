/* wsd-run-item.c: one row of the synchronization list. */
#include "wsd-config.h"

#include "wsd-run-item.h"

struct _WsdRunItem
{
  GObject    parent_instance;
  gint64     id;
  char      *server;
  gint64     started;
  gint64     finished;
  WsdRunType type;
  WsdResult  result;
  char      *error;
  int        new_updates;
  int        revised_updates;
  int        expired_updates;
  char      *diagnosis;
};

G_DEFINE_FINAL_TYPE (WsdRunItem, wsd_run_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STARTED,
  PROP_RESULT,
  PROP_DIAGNOSIS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wsd_run_item_finalize (GObject *object)
{
  WsdRunItem *self = WSD_RUN_ITEM (object);

  g_free (self->server);
  g_free (self->error);
  g_free (self->diagnosis);
  G_OBJECT_CLASS (wsd_run_item_parent_class)->finalize (object);
}

static void
wsd_run_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WsdRunItem *self = WSD_RUN_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:        g_value_set_int64 (value, self->id); break;
    case PROP_STARTED:   g_value_set_int64 (value, self->started); break;
    case PROP_RESULT:    g_value_set_int (value, self->result); break;
    case PROP_DIAGNOSIS: g_value_set_string (value, self->diagnosis); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wsd_run_item_class_init (WsdRunItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wsd_run_item_finalize;
  object_class->get_property = wsd_run_item_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESULT] = g_param_spec_int ("result", NULL, NULL, 0, G_MAXINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIAGNOSIS] = g_param_spec_string ("diagnosis", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wsd_run_item_init (WsdRunItem *self)
{
}

WsdRunItem *
wsd_run_item_new_placeholder (void)
{
  WsdRunItem *self = g_object_new (WSD_TYPE_RUN_ITEM, NULL);

  self->new_updates = self->revised_updates = self->expired_updates = -1;
  return self;
}

gboolean
wsd_run_item_is_placeholder (WsdRunItem *self)
{
  g_return_val_if_fail (WSD_IS_RUN_ITEM (self), FALSE);
  return self->id == 0;
}

WsdRunItem *
wsd_run_item_new (const WsdRun *run, const char *diagnosis)
{
  WsdRunItem *self = g_object_new (WSD_TYPE_RUN_ITEM, NULL);

  self->id = run->id;
  self->server = g_strdup (run->server);
  self->started = run->started;
  self->finished = run->finished;
  self->type = run->type;
  self->result = run->result;
  self->error = g_strdup (run->error);
  self->new_updates = run->new_updates;
  self->revised_updates = run->revised_updates;
  self->expired_updates = run->expired_updates;
  self->diagnosis = g_strdup (diagnosis);
  return self;
}

gint64      wsd_run_item_get_id          (WsdRunItem *self) { return self->id; }
const char *wsd_run_item_get_server      (WsdRunItem *self) { return self->server; }
gint64      wsd_run_item_get_started     (WsdRunItem *self) { return self->started; }
gint64      wsd_run_item_get_finished    (WsdRunItem *self) { return self->finished; }
WsdRunType  wsd_run_item_get_run_type    (WsdRunItem *self) { return self->type; }
WsdResult   wsd_run_item_get_result      (WsdRunItem *self) { return self->result; }
const char *wsd_run_item_get_error       (WsdRunItem *self) { return self->error; }
int         wsd_run_item_get_new_updates     (WsdRunItem *self) { return self->new_updates; }
int         wsd_run_item_get_revised_updates (WsdRunItem *self) { return self->revised_updates; }
int         wsd_run_item_get_expired_updates (WsdRunItem *self) { return self->expired_updates; }
const char *wsd_run_item_get_diagnosis   (WsdRunItem *self) { return self->diagnosis; }
