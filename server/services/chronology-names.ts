// Chronology text as a viewer may see it. Agency records name the family and practitioners; only people who may
// see real identities (the lead reviewer and review team) see them, and they can choose pseudonyms instead.
import type { EventRow } from '../data/chronology-events.js'

/** The free-text fields of an event that can carry a name. */
const TEXT_FIELDS = ['author', 'category', 'summary', 'outcome', 'annotation'] as const

/** The events with their text passed through `showMany` (a NameView's, or a pseudonymiser's), in one batch. */
export function eventsAsShown<T extends Pick<EventRow, (typeof TEXT_FIELDS)[number]>>(events: readonly T[], showMany: (texts: readonly (string | null)[]) => string[]): T[] {
  if (events.length === 0) return []
  const shown = showMany(events.flatMap((e) => TEXT_FIELDS.map((f) => e[f])))
  return events.map((e, i) => {
    const copy = { ...e }
    TEXT_FIELDS.forEach((f, j) => {
      // Keep absent values absent (null stays null); everything else is the text as shown.
      if (e[f] !== null) (copy as Record<string, unknown>)[f] = shown[i * TEXT_FIELDS.length + j]
    })
    return copy
  })
}
