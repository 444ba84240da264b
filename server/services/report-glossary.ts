// The report's glossary as the lead reviewer tends it: which abbreviations in the report have no meaning yet,
// and defining them (audited). The report model lists them in its glossary from then on.
import { BadInput, type ErrorDetail } from '../errors.js'
import { saveReviewAbbreviation } from '../data/report-abbreviations.js'
import { buildReportModel } from './report-content.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'

const MAX_MEANING = 200
const ABBREVIATION = /^[A-Z](?:[A-Z&]|f(?=[A-Z])){1,5}$/

/** Abbreviations in the internal edition's text that have no meaning yet. */
export async function undefinedAbbreviations(ctx: ServiceContext, reviewId: string): Promise<string[]> {
  const model = await buildReportModel(ctx.db, reviewId, 'internal', ctx.clock.now())
  return model.undefinedAbbreviations
}

/** Saves the meanings given (blank ones are skipped); each abbreviation must be one the report can contain. */
export async function defineAbbreviations(ctx: ServiceContext, actor: Actor, reviewId: string, meanings: Readonly<Record<string, string>>): Promise<number> {
  const details: ErrorDetail[] = []
  const given: [string, string][] = []
  for (const [abbreviation, raw] of Object.entries(meanings)) {
    const meaning = raw.replace(/\s+/g, ' ').trim()
    if (meaning === '') continue
    if (!ABBREVIATION.test(abbreviation)) details.push({ path: `meaning-${abbreviation}`, message: `‘${abbreviation.slice(0, 20)}’ is not an abbreviation the report can contain` })
    else if (meaning.length > MAX_MEANING) details.push({ path: `meaning-${abbreviation}`, message: `What ${abbreviation} stands for must be ${MAX_MEANING} characters or fewer` })
    else given.push([abbreviation, meaning])
  }
  if (details.length > 0) throw new BadInput('There is a problem', details)
  if (given.length === 0) throw new BadInput('There is a problem', [{ path: 'meanings', message: 'Enter what at least one abbreviation stands for' }])
  await ctx.db.transaction().execute(async (trx) => {
    for (const [abbreviation, meaning] of given) {
      await saveReviewAbbreviation(trx, { review_id: reviewId, abbreviation, meaning, defined_by: actor.userId, defined_at: nowIso(ctx) })
    }
    await recordAudit(trx, ctx.clock, actor, { action: 'report.glossary.define', reviewId, objectType: 'review', objectId: reviewId, details: { abbreviations: given.map(([a]) => a) } })
  })
  return given.length
}
