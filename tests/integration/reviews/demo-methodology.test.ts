// The demo review as a practitioner would find it: the child's injury is the harm to the child on the why-map (not a
// practice outcome), and the conduct readiness checks pass on what was genuinely recorded (a declaration, a follow-on
// meeting, feedback on the draft findings, the parallel process), with no stage but the report moved on by a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { seedDemo } from '../../../server/demo/seed.js'
import { reviewProgress } from '../../../server/services/stages.js'
import { loadMap, mapChecks } from '../../../server/services/causal-map.js'
import { reviewConductOf } from '../../../server/services/review-conduct.js'
import { systemReviewViewer } from '../../../server/services/viewer.js'
import { systemActor } from '../../../server/services/context.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { prefillQualityMarkers } from '../../../methodology/quality-markers.js'

let t: TestApp
let reviewId: string
beforeAll(async () => {
  t = await createTestApp()
  reviewId = (await seedDemo(t.ctx)).reviewId
}, 120_000)
afterAll(async () => { await t?.close() })

const CONDUCT_CHECKS = ['independent-lead-reviewer', 'case-group-follow-on', 'practitioner-feedback']

describe('the demo review', () => {
  it('passes the conduct readiness checks on what is recorded, and no stage before the report is moved on by a reason', async () => {
    const progress = await reviewProgress(t.ctx, reviewId)
    const checks = progress.stages.flatMap((s) => s.checks.map((c) => ({ stage: s.key, ...c })))
    for (const key of CONDUCT_CHECKS) {
      const check = checks.find((c) => c.key === key)
      expect(check, key).toBeDefined()
      expect(check!.passed, `${key}: ${check!.reason}`).toBe(true)
    }
    // Every stage except the report passes all its checks: nothing there needed a reason to move on.
    expect(checks.filter((c) => !c.passed && c.stage !== 'report-and-publication').map((c) => `${c.stage}/${c.key}`)).toEqual([])
    const records = await t.db.selectFrom('stage_records').selectAll().where('review_id', '=', reviewId).execute()
    expect(records).toHaveLength(progress.stages.length)
    expect(records.filter((r) => r.override_reason !== null).map((r) => r.stage_key)).toEqual(['report-and-publication'])
    const overrides = await t.db.selectFrom('audit_log').select(['object_id']).where('review_id', '=', reviewId).where('action', '=', 'stage.complete.override').execute()
    expect(overrides.map((o) => o.object_id)).toEqual(['report-and-publication'])
  })

  it('meets every deadline of a finished review, each citing Working Together 2023: published within six months and sent to the Panel beforehand', async () => {
    const { clocks } = await reviewProgress(t.ctx, reviewId)
    expect(clocks.map((c) => [c.key, c.status])).toEqual(clocks.map((c) => [c.key, 'met']))
    expect(clocks.find((c) => c.key === 'final-report-to-panel')).toMatchObject({ due: '2022-03-28', metOn: '2022-03-25' })
    for (const clock of clocks) expect(clock.source, clock.key).toContain('Working Together to Safeguard Children 2023')
  })

  it('records the declaration, the follow-on meeting, the feedback and the criminal proceedings with plausible dates', async () => {
    const conduct = await reviewConductOf(t.ctx, systemReviewViewer(systemActor, reviewId))
    const review = await t.db.selectFrom('reviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow()
    const stageDone = async (key: string) => (await t.db.selectFrom('stage_records').select('completed_at').where('review_id', '=', reviewId).where('stage_key', '=', key).executeTakeFirstOrThrow()).completed_at!.slice(0, 10)
    expect(conduct.declarations).toHaveLength(1)
    const declaration = conduct.declarations[0]!
    expect(declaration.independent).toBe(1)
    // Declared after the decision to review and before the case group was set up.
    expect(declaration.declared_on > review.decision_date!).toBe(true)
    expect(declaration.declared_on < await stageDone('team-and-case-group')).toBe(true)
    const meeting = conduct.steps.find((s) => s.kind === 'follow-on-meeting')!
    const feedback = conduct.steps.find((s) => s.kind === 'draft-findings-feedback')!
    // The follow-on meeting tests the analysis (after the episodes, before the appraisal closes); the feedback is on
    // the draft findings (after the appraisal, before the findings stage closes).
    expect(meeting.held_on > await stageDone('key-practice-episodes') && meeting.held_on <= await stageDone('appraisal')).toBe(true)
    expect(feedback.held_on > await stageDone('appraisal') && feedback.held_on <= await stageDone('systemic-findings')).toBe(true)
    expect(meeting.people.length).toBeGreaterThan(2)
    expect(feedback.people.length).toBeGreaterThan(2)
    expect(conduct.processes.map((p) => [p.kind, p.status, p.started_on])).toEqual([['criminal', 'ongoing', review.incident_date]])
    const snapshot = await buildReviewSnapshot(t.db, reviewId, t.clock.now())
    expect(prefillQualityMarkers(snapshot).find((m) => m.number === 9)?.prefill?.answer).toBe('met')
  })

  it("shows the child's injury as the harm to the child, apart from the practice outcome, with no map warning about it", async () => {
    const { map } = await loadMap(t.db, reviewId)
    const harm = map.nodes.filter((n) => n.kind === 'harm')
    expect(harm.map((n) => n.label)).toEqual(['Child M seriously injured in September 2021'])
    expect(map.nodes.filter((n) => n.kind === 'outcome').every((n) => !/injur/i.test(n.label))).toBe(true)
    const issues = await mapChecks(t.db, reviewId)
    expect(issues.filter((i) => i.nodeIds.includes(harm[0]!.id))).toEqual([])
    expect(issues.filter((i) => i.severity === 'error')).toEqual([])
  })
})
