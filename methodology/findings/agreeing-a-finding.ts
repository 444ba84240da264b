// When a finding may leave the review: the lead reviewer agrees it only once it is complete. A draft stays
// inside the review (no report, board page or national return shows it), so the rule lists every gap at once,
// in the order of the form, for the reviewer to fix.

export type FindingStatus = 'draft' | 'agreed'

export interface FindingToAgree {
  title: string
  /** The four parts of SCIE's shape for a finding. */
  pattern: string
  inThisCase: string
  howWidespread: string
  whyItMatters: string
  typologyCodes: readonly string[]
  boardQuestions: readonly string[]
  /** Language flags neither reworded nor dismissed with a reason. */
  openLanguageFlags: ReadonlyArray<{ field: string; fieldLabel: string; phrase: string }>
}

export interface AgreementGap {
  /** The field to fix, as the finding form and the API name it. */
  path: string
  message: string
}

const SHAPE = [
  { path: 'pattern', message: 'Describe the systemic pattern: what in the local system makes good practice harder or poor practice more likely' },
  { path: 'inThisCase', message: 'Say how the pattern showed in this case' },
  { path: 'howWidespread', message: 'Say how widespread the pattern is beyond this case, and what shows it' },
  { path: 'whyItMatters', message: 'Say why the pattern matters for children’s safety' },
] as const

/** What stops the finding being agreed; empty when it may be agreed. */
export function agreementGaps(finding: FindingToAgree): AgreementGap[] {
  const gaps: AgreementGap[] = []
  if (finding.title.trim() === '') gaps.push({ path: 'title', message: 'Enter a title that names the pattern' })
  for (const part of SHAPE) if (finding[part.path].trim() === '') gaps.push({ path: part.path, message: part.message })
  if (finding.typologyCodes.length === 0) gaps.push({ path: 'typologyCodes', message: 'Tag the finding with at least one typology code' })
  if (finding.boardQuestions.length === 0) gaps.push({ path: 'boardQuestions', message: 'Ask the board at least one question about this finding' })
  for (const flag of finding.openLanguageFlags) {
    gaps.push({ path: flag.field, message: `${flag.fieldLabel}: reword “${flag.phrase}” or dismiss the flag with a reason` })
  }
  return gaps
}
