// Demo: the facts about Child M that the national return (version 2) carries, recorded as the lead reviewer would
// on "The child, the harm and the household". Fictional: a girl of 19 months, seriously injured (physical abuse
// is suspected, though criminal proceedings mean the review makes no finding about how), on a child in need plan,
// in a household where domestic abuse had been reported. The age band comes from her date of birth.
import type { DemoSeeder } from './seed.js'
import { childFactsOf, saveChildFactsFor } from '../services/review-child-facts.js'
import { requireReview } from '../services/reviews.js'

export const seedChildFacts: DemoSeeder = async ({ ctx, reviewId, users }) => {
  const derived = await childFactsOf(ctx.db, await requireReview(ctx.db, reviewId))
  await saveChildFactsFor(ctx, users.lead.actor, reviewId, {
    sex: 'female', ethnicity: 'white', disability: 'not-disabled', ageBand: derived.ageBand, lookedAfter: 'not-looked-after',
    socialCareStatus: 'child-in-need', harmType: 'physical-abuse', riskFactors: ['domestic-abuse', 'housing-or-financial-instability'],
  })
}
