// Who may do what inside a review: one table, read by the access plugin for every review-scoped route.
// Deny by default: a capability not listed for a role is refused.

export type ReviewRole = 'lead-reviewer' | 'review-team' | 'case-group' | 'board-chair'

export const REVIEW_ROLES: readonly ReviewRole[] = ['lead-reviewer', 'review-team', 'case-group', 'board-chair']

export const REVIEW_ROLE_LABELS: Record<ReviewRole, string> = {
  'lead-reviewer': 'Lead reviewer',
  'review-team': 'Review team',
  'case-group': 'Case group',
  'board-chair': 'Board chair',
}

export const REVIEW_ROLE_HINTS: Record<ReviewRole, string> = {
  'lead-reviewer': 'Independent, accredited; leads the analysis and owns the review’s stages',
  'review-team': 'Senior manager from an agency involved; knows how their agency works',
  'case-group': 'Frontline practitioner or first-line manager who worked with the family',
  'board-chair': 'Reads the findings and answers the board questions for the partnership',
}

export type Capability =
  | 'review.metadata' // title, stage, dates, members: what an administrator may see without membership
  | 'review.view' // the review's pages and guidance
  | 'review.manage' // edit details, research questions and scope
  | 'members.manage'
  | 'stage.complete'
  | 'chronology.view' // case group: own agency only (filtered in the service)
  | 'chronology.import'
  | 'chronology.rollback' // remove a committed import's events: reviewers only, whoever uploaded it
  | 'chronology.annotate'
  | 'persons.view' // real identities
  | 'persons.manage'
  | 'conversations.view'
  | 'conversations.edit'
  | 'documents.view' // supporting documents; case group: own agency only (filtered in the service)
  | 'documents.manage'
  | 'analysis.view' // key practice episodes, factors, the why-map
  | 'analysis.edit'
  | 'hindsight.reveal' // see events after a key practice episode while appraising it
  | 'findings.view'
  | 'findings.edit'
  | 'findings.agree' // mark a complete finding agreed, so it may leave the review
  | 'findings.drafts' // see findings still in draft (the board chair sees agreed findings only)
  | 'language.dismiss'
  | 'board.respond'
  | 'actions.manage'
  | 'quality.assess'
  | 'report.internal'
  | 'report.publication'
  | 'national.return'
  | 'audit.view'
  | 'conduct.view' // how the review is conducted: independence declarations, case-group steps, parallel processes
  | 'conduct.manage' // record case-group steps and parallel processes
  | 'independence.declare' // a lead reviewer's own declaration of independence from the agencies under review

const ALL_MEMBER: ReviewRole[] = ['lead-reviewer', 'review-team', 'case-group', 'board-chair']
const REVIEWERS: ReviewRole[] = ['lead-reviewer', 'review-team']
const LEAD: ReviewRole[] = ['lead-reviewer']

const MATRIX: Record<Capability, readonly ReviewRole[]> = {
  'review.metadata': ALL_MEMBER,
  'review.view': ALL_MEMBER,
  'review.manage': LEAD,
  'members.manage': LEAD,
  'stage.complete': LEAD,
  'chronology.view': ['lead-reviewer', 'review-team', 'case-group'],
  'chronology.import': ['lead-reviewer', 'review-team', 'case-group'],
  'chronology.rollback': REVIEWERS,
  'chronology.annotate': REVIEWERS,
  'persons.view': REVIEWERS,
  'persons.manage': REVIEWERS,
  'conversations.view': ['lead-reviewer', 'review-team', 'case-group'],
  'conversations.edit': REVIEWERS,
  'documents.view': ['lead-reviewer', 'review-team', 'case-group'],
  'documents.manage': REVIEWERS,
  'analysis.view': REVIEWERS,
  'analysis.edit': REVIEWERS,
  'hindsight.reveal': REVIEWERS,
  'findings.view': ['lead-reviewer', 'review-team', 'board-chair'],
  'findings.edit': REVIEWERS,
  'findings.agree': LEAD,
  'findings.drafts': REVIEWERS,
  'language.dismiss': LEAD,
  'board.respond': ['board-chair'],
  'actions.manage': ['lead-reviewer', 'board-chair'],
  'quality.assess': ['lead-reviewer', 'board-chair'],
  'report.internal': ['lead-reviewer', 'review-team', 'board-chair'],
  'report.publication': LEAD,
  'national.return': LEAD,
  'audit.view': LEAD,
  'conduct.view': REVIEWERS,
  'conduct.manage': REVIEWERS,
  'independence.declare': LEAD,
}

/** What an administrator who is not a member may do in a review: see that it exists and fix its membership. */
const ADMIN_NON_MEMBER: ReadonlySet<Capability> = new Set<Capability>(['review.metadata', 'members.manage'])

export function roleCan(role: ReviewRole, capability: Capability): boolean {
  return MATRIX[capability].includes(role)
}

export function adminCanWithoutMembership(capability: Capability): boolean {
  return ADMIN_NON_MEMBER.has(capability)
}

export function isReviewRole(value: string): value is ReviewRole {
  return (REVIEW_ROLES as readonly string[]).includes(value)
}
