// The hindsight and blame language check as a service for the JSON API: validates the text, runs the same pure
// check the pages run, and audits that a check was made (its size and the number of issues, never the words).
import { checkLanguage, summariseIssues, type LanguageIssueSummary } from '../../methodology/language/language-check.js'
import { BadInput } from '../errors.js'
import { recordAudit } from './audit.js'
import type { ServiceContext } from './context.js'
import type { Viewer } from './viewer.js'

/** Long enough for a whole report section; the check itself takes well under a second at this size (bench/language.ts). */
export const MAX_LANGUAGE_CHECK_CHARACTERS = 200_000

export function validateLanguageCheckText(text: unknown): string {
  if (text === undefined || text === null) {
    throw new BadInput('Enter the text to check', [{ path: 'text', message: 'Enter the text to check, as a string in the "text" field' }])
  }
  if (typeof text !== 'string') {
    throw new BadInput('The text to check must be a string', [{ path: 'text', message: 'The "text" field must be a string' }])
  }
  if (text.length > MAX_LANGUAGE_CHECK_CHARACTERS) {
    throw new BadInput('The text is too long to check', [{
      path: 'text',
      message: `The "text" field must be ${MAX_LANGUAGE_CHECK_CHARACTERS.toLocaleString('en-GB')} characters or fewer; it has ${text.length.toLocaleString('en-GB')}. Check it a section at a time.`,
    }])
  }
  return text
}

export async function checkTextLanguage(ctx: ServiceContext, viewer: Viewer, text: unknown): Promise<LanguageIssueSummary[]> {
  const valid = validateLanguageCheckText(text)
  const issues = summariseIssues(checkLanguage(valid))
  const categories: Record<string, number> = {}
  for (const issue of issues) categories[issue.category] = (categories[issue.category] ?? 0) + 1
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, ctx.clock, viewer.actor, {
      action: 'language.check', objectType: 'text', details: { characters: valid.length, issues: issues.length, categories },
    }),
  )
  return issues
}
