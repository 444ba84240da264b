import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getPack, isPackKey, listPacks } from '../../../../methodology/packs/index.js'
import type { ReviewSnapshot } from '../../../../methodology/review-snapshot.js'
import { finishedReview, newReview } from '../snapshot-builder.js'

describe('methodology pack registry', () => {
  it('offers Learning Together and the rapid review by key', () => {
    expect(listPacks().map((p) => p.key)).toEqual(['learning-together', 'rapid-review'])
    expect(getPack('learning-together')?.title).toBe('Learning Together')
    expect(getPack('rapid-review')?.title).toBe('Rapid review')
    expect(isPackKey('rapid-review')).toBe(true)
  })

  it('returns null for an unknown methodology rather than guessing', () => {
    expect(getPack('root-cause-analysis')).toBeNull()
    expect(getPack('')).toBeNull()
    expect(isPackKey('Learning-Together')).toBe(false)
  })

  it('covers the Learning Together stages the methodology expects, in order', () => {
    expect(getPack('learning-together')?.stages.map((s) => s.key)).toEqual([
      'scoping',
      'team-and-case-group',
      'gathering-data',
      'conversations',
      'key-practice-episodes',
      'appraisal',
      'systemic-findings',
      'board-response',
      'report-and-publication',
    ])
  })
})

describe.each(listPacks().map((p) => [p.key, p] as const))('the %s pack', (_key, pack) => {
  it('has a title, a summary and at least one stage and clock', () => {
    expect(pack.title.trim()).not.toBe('')
    expect(pack.summary.trim()).not.toBe('')
    expect(pack.stages.length).toBeGreaterThan(0)
    expect(pack.clocks.length).toBeGreaterThan(0)
  })

  it('has unique stage keys and unique check keys within each stage', () => {
    const stageKeys = pack.stages.map((s) => s.key)
    expect(new Set(stageKeys).size).toBe(stageKeys.length)
    for (const stage of pack.stages) {
      const checkKeys = stage.checks.map((c) => c.key)
      expect(new Set(checkKeys).size, stage.key).toBe(checkKeys.length)
    }
  })

  it('gives every stage a purpose, several paragraphs of plain guidance, artefacts and checks', () => {
    for (const stage of pack.stages) {
      expect(stage.purpose.trim(), stage.key).not.toBe('')
      expect(stage.guidance.length, stage.key).toBeGreaterThanOrEqual(3)
      for (const paragraph of stage.guidance) {
        expect(paragraph.trim(), stage.key).not.toBe('')
        // Plain paragraphs: no Markdown markup, no line breaks inside a paragraph.
        expect(paragraph, stage.key).not.toMatch(/[*_#`[\]\n]|^\s*-\s/)
      }
      expect(stage.artefacts.length, stage.key).toBeGreaterThan(0)
      expect(stage.checks.length, stage.key).toBeGreaterThan(0)
    }
  })

  it('writes check labels and titles in sentence case without a closing full stop', () => {
    for (const stage of pack.stages) {
      for (const text of [stage.title, ...stage.checks.map((c) => c.label)]) {
        expect(text.charAt(0), text).toBe(text.charAt(0).toUpperCase())
        expect(text.endsWith('.'), text).toBe(false)
      }
    }
  })

  it('shows no progress on any stage of a newly created review', () => {
    const fresh = newReview({ methodology: pack.key })
    expect(pack.stages.filter((s) => s.hasStarted(fresh)).map((s) => s.key)).toEqual([])
  })

  it('shows progress on every stage of a finished review', () => {
    const done = finishedReview({ methodology: pack.key })
    expect(pack.stages.filter((s) => !s.hasStarted(done)).map((s) => s.key)).toEqual([])
  })

  it('gives a reason from every check for any review, however incomplete or odd its data', () => {
    const count = fc.nat({ max: 20 })
    const agencies = fc.array(fc.constantFrom('Police', 'Health Visiting', 'Education', ' police '), { maxLength: 4 })
    const snapshot = fc
      .record({
        counts: fc.array(count, { minLength: 24, maxLength: 24 }),
        flags: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        agencies,
        returned: agencies,
        text: fc.option(fc.string({ maxLength: 5 }), { nil: null }),
      })
      .map(({ counts, flags, agencies: chronologyAgencies, returned, text }): ReviewSnapshot => {
        const n = (i: number) => counts[i] ?? 0
        return newReview({
          scope: text,
          researchQuestions: n(0) % 3 === 0 ? [] : [{ id: 'rq1', text: text ?? '' }],
          members: [
            { role: 'lead-reviewer', agency: null, accredited: flags[0] ?? false },
            ...chronologyAgencies.map((agency) => ({ role: 'case-group' as const, agency, accredited: false })),
            ...returned.map((agency) => ({ role: 'review-team' as const, agency, accredited: false })),
          ],
          boardLinkPersonRecorded: flags[1] ?? false,
          family: { invited: flags[2] ?? false, viewsRecorded: flags[3] ?? false },
          chronology: { agencies: chronologyAgencies, events: n(1), significantEvents: n(2) },
          documents: n(3),
          conversations: { held: n(4), practitioners: n(5), quotes: n(6) },
          keyPracticeEpisodes: { total: n(7), appraised: n(8) },
          contributoryFactors: { total: n(9), withEvidence: n(10) },
          map: { nodes: n(11), edges: n(12), edgesWithEvidence: n(13), edgesWithCounterfactual: n(14), checkIssues: { error: n(15), warning: n(16) } },
          findings: { systemic: n(17), goodPractice: n(18), withEvidence: n(19), systemicWithBoardQuestions: n(20), systemicWithTypologyCode: n(21) },
          languageIssuesOpen: n(22),
          board: { questions: n(23), questionsAnswered: n(0) },
          reports: { editionsExported: flags[4] ? ['internal'] : [], publicationLeakScanPassed: flags[5] ?? null },
          nationalReturnSubmitted: flags[6] ?? false,
          rapidReview: {
            agenciesReturnedFacts: returned,
            immediateLearningRecorded: flags[7] ?? false,
            decision: text === null ? null : 'lcspr',
            decisionRationale: text,
          },
        })
      })
    fc.assert(
      fc.property(snapshot, (s) => {
        for (const stage of pack.stages) {
          for (const check of stage.checks) {
            const result = check.check(s)
            expect(typeof result.passed).toBe('boolean')
            expect(result.reason.trim()).not.toBe('')
          }
        }
      }),
    )
  })
})
