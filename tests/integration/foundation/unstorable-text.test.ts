// Text no database column can keep as sent: a NUL character (PostgreSQL's text refuses it, and jsonb refuses its
// \u0000 escape) or half of a surrogate pair (jsonb refuses its escape; PostgreSQL's text would silently replace
// it). A JSON request holding one is refused with a 400 naming where it is, and nothing is written, on both engines
// alike; so is a form holding a NUL (%00), and a column mapping holding one (the JSON inside an import's form field).
import { describe, expect, it } from 'vitest'
import { addUser, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { api, useAnalysisReview, type AnalysisFixture } from '../analysis/analysis-fixture.js'
import { parseImportSettings } from '../../../server/services/chronology-import.js'
import { BadInput } from '../../../server/errors.js'

let t: TestApp
let f: AnalysisFixture
useAnalysisReview((s) => { ({ t, f } = s) })

type Detail = { path: string; message: string }
const steps = async () => (await t.db.selectFrom('case_group_steps').select('id').where('review_id', '=', f.reviewId).execute()).length
const step = (participants: unknown, changes = 'The map changed.') => ({ kind: 'follow-on-meeting', heldOn: '2022-02-17', participants, changes })

describe('text that cannot be stored', () => {
  it('refuses a JSON request holding a NUL or half a surrogate pair, naming where, and writes nothing', async () => {
    const url = `/api/v1/reviews/${f.reviewId}/conduct/steps`
    for (const [body, path] of [
      [step([{ role: 'Health visitor', agency: 'Health\ud800 Visiting' }]), 'participants[0].agency'],
      [step([{ role: 'Health visitor', agency: 'Health Visiting' }], 'The map\u0000 changed.'), 'changes'],
      [step([{ role: 'Social worker\udc00', agency: 'Health Visiting' }]), 'participants[0].role'],
    ] as const) {
      const res = await api(t, f.team.token, 'POST', url, body)
      expect(res.statusCode, path).toBe(400)
      const json = res.json() as { message: string; details: Detail[] }
      expect(json.details.map((d) => d.path)).toEqual([path])
      expect(json.details[0]!.message).toMatch(/NUL character|half of a surrogate pair/)
    }
    expect(await steps()).toBe(0)
    // A whole surrogate pair (an emoji) is ordinary text, kept as sent.
    const ok = await api(t, f.team.token, 'POST', url, step([{ role: 'Health visitor 🙂', agency: 'Health Visiting' }]))
    expect(ok.statusCode).toBe(201)
    const stored = await t.db.selectFrom('case_group_steps').select('participants').where('review_id', '=', f.reviewId).executeTakeFirstOrThrow()
    expect(JSON.parse(stored.participants)).toEqual([{ role: 'Health visitor 🙂', agency: 'Health Visiting' }])
  })

  it('refuses a form holding a NUL with the error page naming the field, and writes nothing', async () => {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    await agent.get('/reviews/new')
    const reviews = async () => (await t.db.selectFrom('reviews').select('id').execute()).length
    const before = await reviews()
    const res = await agent.post('/reviews/new', {
      title: 'Rapid review: Child\u0000 P', boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: 'Child P', methodology: 'rapid-review',
      'periodFrom-day': '1', 'periodFrom-month': '1', 'periodFrom-year': '2025', 'periodTo-day': '31', 'periodTo-month': '1', 'periodTo-year': '2026',
    })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.body).toContain('title')
    expect(res.body).toContain('NUL character')
    expect(await reviews()).toBe(before)
  })

  it('refuses a column mapping holding one, naming the field', () => {
    for (const [mapping, path] of [['{"summary":"Notes\\u0000"}', 'mapping.summary'], ['{"occurredAt":"Date\\ud800"}', 'mapping.occurredAt']]) {
      let error: unknown
      try {
        parseImportSettings({ mapping })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(BadInput)
      expect((error as BadInput).details.map((d) => d.path)).toEqual([path])
    }
  })
})
