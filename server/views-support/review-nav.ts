// The secondary navigation inside a review: only the areas the member's role can open.
// One table; feature areas add their page here as they land.
import type { Capability } from '../../methodology/permissions.js'
import type { ReviewAccess } from '../http-types.js'

interface Area {
  text: string
  path: string // after /reviews/:reviewId
  capability: Capability
}

const AREAS: Area[] = [
  { text: 'Overview', path: '', capability: 'review.metadata' },
  { text: 'Scope', path: '/scope', capability: 'review.view' },
  { text: 'Members', path: '/members', capability: 'review.metadata' },
  { text: 'Conduct', path: '/conduct', capability: 'conduct.view' },
  { text: 'Chronology', path: '/chronology', capability: 'chronology.view' },
  { text: 'People', path: '/people', capability: 'persons.view' },
  { text: 'Conversations', path: '/conversations', capability: 'conversations.view' },
  { text: 'Documents', path: '/documents', capability: 'documents.view' },
  { text: 'Analysis', path: '/analysis', capability: 'analysis.view' },
  { text: 'Why-map', path: '/map', capability: 'analysis.view' },
  { text: 'Findings', path: '/findings', capability: 'findings.view' },
  { text: 'Board response', path: '/board', capability: 'findings.view' },
  { text: 'Quality', path: '/quality', capability: 'quality.assess' },
  { text: 'Report', path: '/report', capability: 'report.internal' },
  { text: 'National return', path: '/national-return', capability: 'national.return' },
]

export interface ReviewNavItem {
  text: string
  href: string
  current: boolean
}

export function reviewNavFor(access: ReviewAccess, url: string): ReviewNavItem[] {
  const base = `/reviews/${access.reviewId}`
  const path = (url.split('?')[0] ?? '').slice(base.length)
  const items = AREAS.filter((a) => access.can(a.capability))
  // The longest matching area is the current one (so /map/table marks "Why-map", not "Overview").
  const current = items.filter((a) => (a.path === '' ? path === '' || path === '/' : path === a.path || path.startsWith(`${a.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0]
  return items.map((a) => ({ text: a.text, href: base + a.path, current: a === current }))
}
