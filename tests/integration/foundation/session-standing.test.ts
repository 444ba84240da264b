// The session, its user and their standing in the review a page names are read in one query (data/sessions.ts),
// where every page used to make three. It must give exactly what the separate lookups gave, for every kind of
// caller: a member of each role, a non-member, an administrator, a national analyst, an unknown review.
import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { findSessionWithUser } from '../../../server/data/sessions.js'
import { findReviewStanding } from '../../../server/data/review-standing.js'
import { findUserById } from '../../../server/data/users.js'
import { startUserSession, startAnonymousSession } from '../../../server/services/sessions.js'
import { chooseNameDisplay } from '../../../server/services/pseudonym-view.js'
import { addUser, type TestApp } from '../../support/test-app.js'
import { useAnalysisReview, type AnalysisFixture } from '../analysis/analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture
useAnalysisReview((s) => { ({ t, f } = s) })

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

describe('the session, user and review standing read together', () => {
  it('gives each caller the same user and standing as the separate lookups', async () => {
    const admin = await addUser(t, 'admin')
    const callers = [f.lead.user, f.team.user, f.caseGroup.user, f.boardChair.user, f.outsider.user, f.national.user, admin]
    // A names choice of one member, so the display column is read too.
    await chooseNameDisplay(t.ctx, f.team.actor, f.reviewId, 'pseudonyms')
    for (const user of callers) {
      const { token } = await startUserSession(t.ctx, user.id, null)
      const expectedUser = await findUserById(t.db, user.id)
      const partnershipId = user.role === 'national' ? null : user.partnership_id
      for (const reviewId of [f.reviewId, 'no-such-review']) {
        const read = await findSessionWithUser(t.db, hashOf(token), reviewId)
        expect(read?.user, user.email).toEqual(expectedUser)
        expect(read?.standing, `${user.email} in ${reviewId}`).toEqual(await findReviewStanding(t.db, reviewId, user.id, partnershipId))
      }
      expect((await findSessionWithUser(t.db, hashOf(token), null))?.standing).toBeUndefined()
    }
    const team = await findSessionWithUser(t.db, hashOf((await startUserSession(t.ctx, f.team.user.id, null)).token), f.reviewId)
    expect(team?.standing).toMatchObject({ role: 'review-team', agency: 'Police', display: 'pseudonyms' })
  })

  it('gives an anonymous session no user and no standing, and an unknown token nothing', async () => {
    const { token, session } = await startAnonymousSession(t.ctx)
    expect(await findSessionWithUser(t.db, hashOf(token), f.reviewId)).toEqual({ session, user: null, standing: undefined })
    expect(await findSessionWithUser(t.db, hashOf('not-a-token'), f.reviewId)).toBeUndefined()
  })
})
