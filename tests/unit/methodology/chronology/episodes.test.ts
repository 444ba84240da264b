import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { episodeKey, suggestEpisodes } from '../../../../methodology/chronology/episodes.js'
import type { EpisodeEvent } from '../../../../methodology/chronology/episodes.js'
import { createTermExtractor, stem } from '../../../../methodology/chronology/episode-terms.js'
import { addDays } from '../../../../methodology/calendar/iso-date.js'

let nextId = 0
function event(agency: string, day: string, summary: string, category: string | null = null, end = day): EpisodeEvent {
  nextId++
  return { id: `${agency}-${nextId}`, agency, start: day, end, category, summary }
}

// Routine entries, spread over a year, give the chronology its everyday vocabulary, so that rarity means something.
const ROUTINE = [
  ['Health Visiting', 'Home visit. Mother and baby seen, home warm, feeding well, weight on the 25th centile.'],
  ['Children’s Social Care', 'Home visit. Mother and children seen, home tidy, plan reviewed with mother.'],
  ['GP', 'Consultation with mother: low mood, sleeping better, continue medication, review in four weeks.'],
  ['Nursery', 'Attended session, played well with others, ate lunch, collected by mother.'],
  ['Police', 'Concern for welfare call from neighbour, attended, no offences, words of advice.'],
  ['Housing', 'Repair job raised for the boiler, tenant informed, contractor booked.'],
] as const

function routine(from: string, count: number, everyDays = 5): EpisodeEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const [agency, summary] = ROUTINE[i % ROUTINE.length] ?? ROUTINE[0]
    return event(agency, addDays(from, i * everyDays), summary)
  })
}

const background = routine('2020-01-01', 60)

describe('suggestEpisodes', () => {
  it('groups one incident recorded by the ED, a GP letter two days later and a social care referral', () => {
    const ed = event('Hospital ED', '2020-06-03', 'Attended with head injury after a fall from the sofa; forehead haematoma, discharged with head injury advice.', 'Head injury')
    const gp = event('GP', '2020-06-05', 'ED discharge letter received: head injury, fall from sofa, forehead haematoma.', 'Correspondence')
    const csc = event('Children’s Social Care', '2020-06-03', 'Call from ED registrar: child attended with a head injury, reported fall from sofa.', 'Referral')
    const [suggestion, ...others] = suggestEpisodes([...background, ed, gp, csc])
    expect(others).toEqual([])
    expect(suggestion?.eventIds.sort()).toEqual([ed.id, gp.id, csc.id].sort())
    expect(suggestion?.agencies).toEqual(['Hospital ED', 'Children’s Social Care', 'GP'])
    expect(suggestion?.from).toBe('2020-06-03')
    expect(suggestion?.to).toBe('2020-06-05')
    expect(suggestion?.reason).toMatch(/^Recorded by Hospital ED, Children’s Social Care and GP within 2 days; shared terms: /)
    expect(suggestion?.reason).toContain('head injury')
    expect(suggestion?.score).toBeGreaterThan(0.2)
    expect(suggestion?.score).toBeLessThanOrEqual(1)
  })

  it('says "on the same day" when every record is dated the same day', () => {
    const [suggestion] = suggestEpisodes([
      ...background,
      event('Police', '2020-05-28', 'MARAC held. Actions: IDVA to contact victim; flag on address.', 'MARAC'),
      event('Children’s Social Care', '2020-05-28', 'MARAC attended. Actions: unannounced visit; IDVA to contact.', 'MARAC'),
    ])
    expect(suggestion?.reason).toMatch(/^Recorded by Police and Children’s Social Care on the same day; shared terms: MARAC/)
  })

  it('never suggests records from a single agency, however alike', () => {
    const same = 'Strategy discussion with police and paediatrician; section 47 enquiries agreed.'
    expect(suggestEpisodes([...background, event('Police', '2020-03-01', same), event('Police', '2020-03-01', same)])).toEqual([])
  })

  it('does not link records further apart than the gap allowed', () => {
    const a = event('Police', '2020-03-01', 'Strategy discussion: section 47 enquiries agreed with paediatrician.')
    const b = event('Children’s Social Care', '2020-03-06', 'Strategy discussion: section 47 enquiries agreed with paediatrician.')
    expect(suggestEpisodes([...background, a, b])).toEqual([])
    expect(suggestEpisodes([...background, a, b], { maxGapDays: 5 })).toHaveLength(1)
  })

  it('does not link records that share only everyday chronology words', () => {
    const suggestions = suggestEpisodes([
      ...background,
      event('Health Visiting', '2020-09-01', 'Home visit. Mother seen. Home warm.'),
      event('Children’s Social Care', '2020-09-01', 'Home visit. Mother seen, home tidy.'),
    ])
    expect(suggestions).toEqual([])
  })

  it('leaves out events dated only to a month or a year', () => {
    const month = event('Nursery', '2020-03-01', 'MARAC referral discussed with nursery manager.', null, '2020-03-31')
    const day = event('Police', '2020-03-10', 'MARAC referral made after third domestic incident.', null)
    expect(suggestEpisodes([...background, month, day])).toEqual([])
  })

  it('skips events whose dates are not real dates instead of failing', () => {
    const bad = event('GP', '2020-02-31', 'Head injury letter received.')
    const good = event('Hospital ED', '2020-03-01', 'Head injury after fall.')
    expect(() => suggestEpisodes([...background, bad, good])).not.toThrow()
  })

  it('does not chain a run of related records into an episode longer than the span allowed', () => {
    const chain = [0, 3, 6, 9, 12].map((offset, i) =>
      event(i % 2 === 0 ? 'Police' : 'Children’s Social Care', addDays('2020-04-01', offset), 'Sanctuary scheme lock change discussed with the IDVA.'),
    )
    const suggestions = suggestEpisodes([...background, ...chain])
    expect(suggestions.length).toBeGreaterThan(0)
    for (const s of suggestions) {
      const days = (Date.parse(s.to) - Date.parse(s.from)) / 86_400_000
      expect(days).toBeLessThanOrEqual(7)
    }
  })

  it('does not link two records only because a practitioner is named in both, when names are ignored', () => {
    const a = event('Housing', '2020-07-01', 'Call from Orla Quennell about the repairs.')
    const b = event('GP', '2020-07-02', 'Letter copied to Orla Quennell.')
    expect(suggestEpisodes([...background, a, b])).toHaveLength(1)
    expect(suggestEpisodes([...background, a, b], { ignoreWords: ['Orla Quennell'] })).toEqual([])
  })

  it('gives the same key for the same events whatever their order, and forgets a dismissed suggestion', () => {
    const records = [
      event('Hospital ED', '2020-06-03', 'Head injury, fall from sofa, haematoma.'),
      event('GP', '2020-06-04', 'Discharge letter: head injury, fall from sofa, haematoma.'),
    ]
    const first = suggestEpisodes([...background, ...records])
    const again = suggestEpisodes([...records].reverse().concat(background))
    expect(first).toHaveLength(1)
    expect(again[0]?.key).toBe(first[0]?.key)
    expect(first[0]?.key).toBe(episodeKey(first[0]?.eventIds ?? []))
    expect(suggestEpisodes([...background, ...records], { dismissed: [first[0]?.key ?? ''] })).toEqual([])
  })

  it('lists the strongest suggestions first', () => {
    const suggestions = suggestEpisodes([
      ...background,
      event('Police', '2020-05-28', 'MARAC held. Actions: IDVA, flag on address, lock change.', 'MARAC'),
      event('Children’s Social Care', '2020-05-28', 'MARAC attended. Actions: IDVA, flag on address, lock change.', 'MARAC'),
      event('Hospital ED', '2020-08-10', 'Wrist sprain after tripping over a toy on the stairs; x-ray clear.'),
      event('GP', '2020-08-11', 'ED letter filed: wrist sprain, tripped on stairs.'),
    ])
    expect(suggestions).toHaveLength(2)
    expect(suggestions[0]?.score).toBeGreaterThanOrEqual(suggestions[1]?.score ?? 0)
  })

  it('returns nothing for an empty chronology', () => {
    expect(suggestEpisodes([])).toEqual([])
  })
})

describe('episodeKey', () => {
  it('differs when the events differ and ignores their order', () => {
    expect(episodeKey(['a', 'b'])).toBe(episodeKey(['b', 'a']))
    expect(episodeKey(['a', 'b'])).not.toBe(episodeKey(['a', 'c']))
    expect(episodeKey(['ab', 'c'])).not.toBe(episodeKey(['a', 'bc']))
  })
})

describe('episode terms', () => {
  it('stems plurals and verb endings to one form', () => {
    expect(stem('injuries')).toBe(stem('injury'))
    expect(stem('bruised')).toBe(stem('bruise'))
    expect(stem('bruising')).toBe(stem('bruise'))
    expect(stem('meetings')).toBe(stem('meeting'))
    expect(stem('ED')).toBe('ED')
  })

  it('keeps two-word phrases within a clause and drops stop words, numbers and ignored names', () => {
    const extractor = createTermExtractor(new Set(['darcy']))
    const { terms } = extractor.terms('Darcy had a head injury. Fall on 03/02/2020; strategy discussion', null)
    const labels = terms.map((t) => extractor.label(t)).sort()
    expect(labels).toEqual(['discussion', 'fall', 'head', 'head injury', 'injury', 'strategy', 'strategy discussion'].map((l) => l.split(' ').map(stem).join(' ')).sort())
  })

  it('counts the category twice, as the recorder’s own label', () => {
    const extractor = createTermExtractor()
    const { terms, counts } = extractor.terms('marac held', 'MARAC')
    const marac = terms.findIndex((t) => extractor.label(t) === 'marac')
    expect(counts[marac]).toBe(3)
  })
})

describe('suggestEpisodes properties', () => {
  const agencies = ['Police', 'GP', 'Health Visiting', 'Children’s Social Care']
  const words = ['marac', 'sofa', 'haematoma', 'sanctuary', 'ingestion', 'wrist', 'strategy', 'discussion', 'seen', 'home', 'visit']
  const chronology = fc.array(
    fc.record({
      agency: fc.constantFrom(...agencies),
      offset: fc.integer({ min: 0, max: 40 }),
      width: fc.constantFrom(0, 0, 0, 30),
      text: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }),
    }),
    { maxLength: 60 },
  )

  it('every suggestion spans two or more agencies, fits the span allowed and holds each event once', () => {
    fc.assert(
      fc.property(chronology, (rows) => {
        const events = rows.map((r, i) => ({
          id: `e${i}`,
          agency: r.agency,
          start: addDays('2020-01-01', r.offset),
          end: addDays('2020-01-01', r.offset + r.width),
          category: null,
          summary: r.text.join(' '),
        }))
        const suggestions = suggestEpisodes(events)
        const seen = new Set<string>()
        for (const s of suggestions) {
          expect(new Set(s.agencies).size).toBeGreaterThanOrEqual(2)
          expect(s.from <= s.to).toBe(true)
          expect((Date.parse(s.to) - Date.parse(s.from)) / 86_400_000).toBeLessThanOrEqual(7)
          expect(s.key).toBe(episodeKey(s.eventIds))
          for (const id of s.eventIds) {
            expect(seen.has(id)).toBe(false)
            seen.add(id)
          }
        }
      }),
      { numRuns: 200 },
    )
  })
})
