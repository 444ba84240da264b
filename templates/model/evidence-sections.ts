// The integrated chronology in summary (significant events only) and the appendix of agencies and sources.
import type { EventRow } from '../../server/data/chronology-events.js'
import type { AgencySource, ConversationSource, DocumentSource } from '../../server/data/report-content.js'
import type { FindingView } from '../../server/services/findings.js'
import { agencyKeyOf } from '../../methodology/agency-key.js'
import { groupCategories } from '../../methodology/chronology/category-groups.js'
import type { ReportBlock, ReportSection } from '../report-model.js'
import { countText, dateText, eventDateText, muted, section, type TextPolicy } from './report-text.js'

function whatHappened(event: EventRow, t: TextPolicy): string {
  const summary = t(event.summary)
  const outcome = t(event.outcome)
  if (summary && outcome) return `${summary}\nOutcome: ${outcome}`
  return summary || (outcome ? `Outcome: ${outcome}` : '')
}

export function significantEventsSection(events: readonly EventRow[], totalEvents: number, t: TextPolicy): ReportSection {
  if (events.length === 0) {
    return section('significant-events', 'What happened: significant events', [
      muted(totalEvents > 0
        ? `The integrated chronology holds ${countText(totalEvents, 'event')}, but none is marked significant yet.`
        : 'No agency chronology has been added to the review yet.'),
    ])
  }
  const blocks: ReportBlock[] = [
    {
      type: 'paragraph',
      text: `The agencies’ records were merged into one chronology of ${countText(totalEvents, 'event')}. The review marked ${countText(events.length, 'event')} as significant for understanding what happened; they are listed here in date order.`,
    },
    {
      type: 'table',
      caption: 'Significant events',
      columns: [{ header: 'Date', weight: 1.6 }, { header: 'Agency', weight: 1.6 }, { header: 'What happened', weight: 6 }],
      rows: events.map((e) => [eventDateText(e.occurred_at, e.precision), t(e.agency), whatHappened(e, t)]),
    },
  ]
  return section('significant-events', 'What happened: significant events', blocks)
}

/** An agency's types of event, near-duplicates together, commonest first: at most five, then how many others. */
function eventTypesText(categories: readonly { category: string; n: number }[], t: TextPolicy): string {
  if (categories.length === 0) return 'Not recorded'
  const groups = groupCategories(categories).sort((a, b) => b.events - a.events || a.label.localeCompare(b.label, 'en-GB'))
  const shown = groups.slice(0, 5).map((g) => `${t(g.label)} (${g.events})`)
  const more = groups.length - shown.length
  return more > 0 ? `${shown.join(', ')} and ${countText(more, 'other type')}` : shown.join(', ')
}

export function appendixSection(
  agencies: readonly AgencySource[],
  conversations: readonly ConversationSource[],
  documents: readonly DocumentSource[],
  memberAgencies: readonly string[],
  findings: readonly FindingView[],
  t: TextPolicy,
): ReportSection {
  const agencyNames = new Map<string, string>()
  for (const a of [...agencies.map((x) => x.agency), ...memberAgencies]) {
    const key = agencyKeyOf(a)
    if (key && !agencyNames.has(key)) agencyNames.set(key, a.trim())
  }
  const byKey = new Map(agencies.map((a) => [agencyKeyOf(a.agency), a]))
  const agencyBlocks: ReportBlock[] = agencyNames.size > 0
    ? [{
        type: 'table',
        caption: 'Agencies involved and their records, in summary',
        columns: [{ header: 'Agency', weight: 3 }, { header: 'Records', weight: 1.5 }, { header: 'Dates covered', weight: 3 }, { header: 'Commonest types of event', weight: 5 }, { header: 'Marked significant', weight: 1.7 }],
        rows: [...agencyNames.entries()].sort((a, b) => a[1].localeCompare(b[1], 'en-GB')).map(([key, name]) => {
          const source = byKey.get(key)
          if (!source) return [t(name), 'None provided', '', '', '']
          return [t(name), String(source.events), source.from && source.to ? `${dateText(source.from)} to ${dateText(source.to)}` : '', eventTypesText(source.categories, t), String(source.significant)]
        }),
      }]
    : [muted('No agencies are recorded yet.')]

  const conversationBlocks: ReportBlock[] = conversations.length > 0
    ? [{
        type: 'table',
        caption: 'Conversations with practitioners',
        columns: [{ header: 'Practitioner', weight: 3 }, { header: 'Agency', weight: 3 }, { header: 'Date', weight: 2 }, { header: 'Quotes used', weight: 1.5 }],
        rows: conversations.map((c) => [t(c.practitioner), t(c.agency), dateText(c.heldOn), String(c.quotes)]),
      }]
    : [muted('No conversations with practitioners are recorded yet.')]

  const documentBlocks: ReportBlock[] = documents.length > 0
    ? [{
        type: 'table',
        caption: 'Documents the review read',
        columns: [{ header: 'Document', weight: 5 }, { header: 'Agency', weight: 3 }, { header: 'Date', weight: 2 }],
        rows: documents.map((d) => [t(d.title), t(d.agency), dateText(d.documentDate)]),
      }]
    : [muted('No supporting documents are recorded yet.')]

  const codes = new Map<string, string>()
  for (const view of findings) for (const tag of view.tags) codes.set(tag.code, tag.label)
  const typologyBlocks: ReportBlock[] = codes.size > 0
    ? [{
        type: 'table',
        caption: 'Typology codes used in the findings',
        columns: [{ header: 'Code', weight: 1.5 }, { header: 'Meaning', weight: 6 }],
        rows: [...codes.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([code, label]) => [code, label]),
      }]
    : [muted('No findings are tagged with typology codes yet.')]

  return section('appendix', 'Appendix: agencies and sources', [], [
    section('appendix-agencies', 'Agencies', agencyBlocks),
    section('appendix-conversations', 'Conversations', conversationBlocks),
    section('appendix-documents', 'Documents', documentBlocks),
    section('appendix-typology', 'Typology codes', typologyBlocks),
  ])
}
