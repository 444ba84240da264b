// Cross-agency episode suggestions against the shared "Child D" fixture: every designed episode is found
// within one suggestion, and the list stays short enough for a reviewer to read.

import { describe, it, expect, beforeAll } from 'vitest'
import { suggestEpisodes } from '../../methodology/chronology/episodes.js'
import type { EpisodeEvent, EpisodeSuggestion } from '../../methodology/chronology/episodes.js'
import { demoCaseDir, extractRows, fixtureDay, hasDemoCase, readExpected, readPersonRows } from './demo-case-extracts.js'
import type { Expected } from './demo-case-extracts.js'

if (!hasDemoCase) console.warn(`Skipping the shared-fixture episode tests: ${demoCaseDir} is not present.`)

const MAX_SUGGESTIONS = 40

describe.skipIf(!hasDemoCase)('cross-agency episodes in the shared Child D fixture', () => {
  let expected: Expected
  const events: EpisodeEvent[] = []
  let names: string[] = []

  beforeAll(async () => {
    expected = readExpected()
    for (const file of expected.files) {
      for (const { row, cells } of await extractRows(file)) {
        const day = fixtureDay(cells[file.mapping.occurredAt ?? ''] ?? null, file.dateFormat)
        if (!day) continue // reduced precision or rejected rows: not needed here
        const category = file.mapping.category ? String(cells[file.mapping.category] ?? '') : ''
        events.push({
          id: `${file.file}#${row}`,
          agency: file.agency,
          start: day,
          end: day,
          category: category === '' ? null : category,
          summary: String(cells[file.mapping.summary ?? ''] ?? ''),
        })
      }
    }
    names = readPersonRows().map((p) => p['real_name'] ?? '')
  })

  const containing = (suggestions: EpisodeSuggestion[], ids: string[]): EpisodeSuggestion | undefined =>
    suggestions.find((s) => ids.every((id) => s.eventIds.includes(id)))

  it('reads the day-precise rows of all seven extracts', () => {
    expect(new Set(events.map((e) => e.agency)).size).toBe(7)
    expect(events.length).toBeGreaterThan(150)
  })

  for (const withNames of [false, true]) {
    const how = withNames ? 'with the register names ignored' : 'from the records alone'
    it(`puts each designed episode inside one suggestion, ${how}`, () => {
      const suggestions = suggestEpisodes(events, withNames ? { ignoreWords: names } : {})
      console.warn(`Episode suggestions for the Child D fixture (${how}): ${suggestions.length}`)
      expect(suggestions.length).toBeLessThan(MAX_SUGGESTIONS)
      for (const episode of expected.crossAgencyEpisodes) {
        const ids = episode.records.map((r) => `${r.file}#${r.row}`)
        const found = containing(suggestions, ids)
        expect(found, `${episode.label} (${episode.date})`).toBeDefined()
        expect((found?.from ?? '') <= episode.date && episode.date <= (found?.to ?? '')).toBe(true)
        expect(found?.reason).toMatch(/^Recorded by .+ (on the same day|within \d+ days?); shared terms: .+/)
      }
    })
  }

  it('explains the ED attendance with the words the records share', () => {
    const suggestions = suggestEpisodes(events)
    const ed = expected.crossAgencyEpisodes.find((e) => e.label.includes('ED'))
    const found = containing(suggestions, (ed?.records ?? []).map((r) => `${r.file}#${r.row}`))
    expect(found?.reason.toLowerCase()).toContain('head injury')
  })

  it('gives each suggestion a different key, and the same keys when run again', () => {
    const first = suggestEpisodes(events).map((s) => s.key)
    expect(new Set(first).size).toBe(first.length)
    expect(suggestEpisodes([...events].reverse()).map((s) => s.key).sort()).toEqual([...first].sort())
  })
})
