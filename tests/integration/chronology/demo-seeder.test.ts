import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { seedChronology } from '../../../server/demo/chronology-seeder.js'
import { readDemoAnalysis, readDemoExpected } from '../../../server/demo/case/demo-case.js'
import type { DemoContext } from '../../../server/demo/seed.js'
import { setUpReview } from './chronology-helpers.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

describe('the chronology demo seeder', () => {
  it('imports every extract of the demo case, marks the key practice episodes’ events significant and links the designed episodes', async () => {
    const expected = readDemoExpected()
    const analysis = readDemoAnalysis()
    const f = await setUpReview(t, expected.reviewPeriod)
    const lead = { key: 'lead', user: f.lead, actor: f.leadActor }
    await seedChronology({ ctx: t.ctx, reviewId: f.reviewId, users: { lead } as unknown as DemoContext['users'], analysis, researchQuestionIds: {} })

    const events = await t.db.selectFrom('chronology_events').select(['id', 'source_file', 'source_row', 'significant']).where('review_id', '=', f.reviewId).execute()
    expect(events).toHaveLength(expected.totals.accepted)
    const imports = await t.db.selectFrom('chronology_imports').select(['agency', 'status']).where('review_id', '=', f.reviewId).execute()
    expect(imports.map((i) => i.status)).toEqual(expected.files.map(() => 'committed'))
    expect(new Set(imports.map((i) => i.agency))).toEqual(new Set(expected.files.map((x) => x.agency)))

    const kpeRefs = new Set(analysis.keyPracticeEpisodes.flatMap((k) => k.events.map((e) => `${e.file}#${e.row}`)))
    expect(new Set(events.filter((e) => e.significant === 1).map((e) => `${e.source_file}#${e.source_row}`))).toEqual(kpeRefs)

    const links = await t.db.selectFrom('chronology_episode_events as l').innerJoin('chronology_events as e', 'e.id', 'l.event_id')
      .select(['l.episode_id', 'e.source_file', 'e.source_row']).where('l.review_id', '=', f.reviewId).execute()
    const episodes = new Map<string, string[]>()
    for (const l of links) episodes.set(l.episode_id, [...(episodes.get(l.episode_id) ?? []), `${l.source_file}#${l.source_row}`])
    expect([...episodes.values()].map((refs) => refs.sort())).toEqual(expect.arrayContaining(expected.crossAgencyEpisodes.map((ep) => ep.records.map((r) => `${r.file}#${r.row}`).sort())))
    expect(episodes.size).toBe(expected.crossAgencyEpisodes.length)
  })
})
