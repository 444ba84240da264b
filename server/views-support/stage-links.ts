// Where the work of each stage happens: links shown on a stage's page, only to people who can use them.
// One table: feature areas add their pages here as they land.
import type { Capability } from '../../methodology/permissions.js'

export interface StageLink {
  text: string
  path: string // appended to /reviews/:reviewId
  capability: Capability
}

const LINKS: Record<string, StageLink[]> = {
  scoping: [
    { text: 'Review details and dates', path: '/details', capability: 'review.manage' },
    { text: 'Scope, research questions and joint working', path: '/scope', capability: 'review.view' },
  ],
  'team-and-case-group': [
    { text: 'Members of the review', path: '/members', capability: 'review.view' },
    { text: 'Scope, research questions and joint working', path: '/scope', capability: 'review.view' },
  ],
  'agency-facts': [],
  'immediate-learning': [{ text: 'Rapid review: learning and decision', path: '/rapid-review', capability: 'review.view' }],
  decision: [{ text: 'Rapid review: learning and decision', path: '/rapid-review', capability: 'review.view' }],
}

export function stageLinks(stageKey: string, reviewId: string, can: (c: Capability) => boolean): { text: string; href: string }[] {
  return (LINKS[stageKey] ?? []).filter((l) => can(l.capability)).map((l) => ({ text: l.text, href: `/reviews/${reviewId}${l.path}` }))
}

