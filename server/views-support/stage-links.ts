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
    { text: 'The lead reviewer’s declaration of independence', path: '/conduct#independence', capability: 'conduct.view' },
    { text: 'Parallel processes (criminal proceedings, inquests, disciplinary, domestic homicide reviews)', path: '/conduct#parallel-processes', capability: 'conduct.view' },
    { text: 'Scope, research questions and joint working', path: '/scope', capability: 'review.view' },
  ],
  'agency-facts': [
    { text: 'Rapid review: the facts and immediate safeguarding', path: '/rapid-review', capability: 'review.view' },
    { text: 'Upload an agency’s chronology', path: '/imports/new', capability: 'chronology.import' },
    { text: 'Agency chronologies received', path: '/imports', capability: 'chronology.import' },
    { text: 'Integrated chronology', path: '/chronology', capability: 'chronology.view' },
  ],
  'gathering-data': [
    { text: 'Agency chronologies', path: '/imports', capability: 'chronology.import' },
    { text: 'Integrated chronology: mark significant events', path: '/chronology', capability: 'chronology.view' },
    { text: 'Supporting documents', path: '/documents', capability: 'documents.view' },
    { text: 'People in the review (person register)', path: '/people', capability: 'persons.view' },
  ],
  'key-practice-episodes': [
    { text: 'Significant events in the chronology', path: '/chronology?flag=significant', capability: 'chronology.view' },
    { text: 'Events linked across agencies', path: '/chronology?flag=linked', capability: 'chronology.view' },
    { text: 'Key practice episodes', path: '/analysis', capability: 'analysis.view' },
    { text: 'Add a key practice episode', path: '/analysis/episodes/new', capability: 'analysis.edit' },
  ],
  appraisal: [
    { text: 'Appraise the key practice episodes and record contributory factors', path: '/analysis', capability: 'analysis.view' },
    { text: 'Causal why-map', path: '/map', capability: 'analysis.view' },
    { text: 'Causal why-map as tables (works without JavaScript)', path: '/map/table', capability: 'analysis.view' },
    { text: 'Case group follow-on meetings', path: '/conduct#case-group', capability: 'conduct.view' },
  ],
  conversations: [
    { text: 'Conversations with practitioners', path: '/conversations', capability: 'conversations.view' },
    { text: 'Quotes from conversations', path: '/quotes', capability: 'conversations.view' },
  ],
  'systemic-findings': [
    { text: 'Findings', path: '/findings', capability: 'findings.view' },
    { text: 'Write a finding', path: '/findings/new', capability: 'findings.edit' },
    { text: 'Tagging agreement between two reviewers', path: '/findings/agreement', capability: 'findings.edit' },
    { text: 'Practitioners’ feedback on the draft findings', path: '/conduct#case-group', capability: 'conduct.view' },
  ],
  'board-response': [
    { text: 'Board questions, responses and actions', path: '/board', capability: 'findings.view' },
    { text: 'Quality self-assessment', path: '/quality', capability: 'quality.assess' },
  ],
  'report-and-publication': [
    { text: 'Export the report and run the leak scan', path: '/report', capability: 'report.internal' },
    { text: 'Preview and submit the anonymised national return', path: '/national-return', capability: 'national.return' },
  ],
  'immediate-learning': [{ text: 'Rapid review: learning so far', path: '/rapid-review', capability: 'review.view' }],
  decision: [{ text: 'Rapid review: criteria and decision', path: '/rapid-review', capability: 'review.view' }],
  'send-to-panel': [{ text: 'Rapid review: sign-off, export for the Panel and its response', path: '/rapid-review', capability: 'review.view' }],
}

export function stageLinks(stageKey: string, reviewId: string, can: (c: Capability) => boolean): { text: string; href: string }[] {
  return (LINKS[stageKey] ?? []).filter((l) => can(l.capability)).map((l) => ({ text: l.text, href: `/reviews/${reviewId}${l.path}` }))
}

