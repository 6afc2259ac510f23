/* wsd-finding-card.h: one finding as a card: title, kind, confidence,
 * the evidence it matched, numbered steps and reference links. Every
 * piece of text is set as plain text, never as markup. */
#pragma once

#include <gtk/gtk.h>
#include "wsd-finding.h"

G_BEGIN_DECLS

#define WSD_TYPE_FINDING_CARD (wsd_finding_card_get_type ())
G_DECLARE_FINAL_TYPE (WsdFindingCard, wsd_finding_card, WSD, FINDING_CARD, GtkBox)

/* @rank: 0 for the diagnosis (the top cause), then 1, 2 … */
GtkWidget        *wsd_finding_card_new         (const WsdFinding *finding, guint rank);
const WsdFinding *wsd_finding_card_get_finding (WsdFindingCard *self);

G_END_DECLS
