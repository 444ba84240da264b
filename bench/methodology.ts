// Pure methodology and layout functions at scale, each beside the bare work it cannot avoid, in the same run.
// These were timed tests in the unit suite; timing belongs here, where a slow machine fails nothing.
// (The leak scan's timing is in bench/redaction.ts.)
//  1. Episode suggestions over 100,000 chronology events (target: under 15 s), beside tokenising every summary
//     into a term index, the least any term-based matcher must do.
//  2. The band layout of a causal map with 2,000 nodes and 5,000 links (target: under 1 s), beside ELK's
//     layered layout of the same graph, which the editor would otherwise run.
// Prints a Markdown table; exits non-zero if a target is missed.
import elkModule from 'elkjs/lib/elk.bundled.js'
import { suggestEpisodes, type EpisodeEvent } from '../methodology/chronology/episodes.js'
import { addDays } from '../methodology/calendar/iso-date.js'
import { MAP_LEVELS } from '../methodology/map/map-model.js'
import { bandLayout, elkGraph } from '../templates/map-layout.js'
import { edge, map, node } from '../tests/unit/methodology/map/map-fixtures.js'
import { medianTime } from './_timing.js'

const rows: string[][] = []
const failures: string[] = []
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n < 10 ? 1 : 0)} ms`)

function report(what: string, ours: number, raw: number, rawWhat: string, targetMs: number): void {
  const met = ours < targetMs
  rows.push([what, ms(ours), `${ms(raw)} (${rawWhat})`, `${(ours / raw).toFixed(2)}×`, `under ${ms(targetMs)}`, met ? 'met' : 'MISSED'])
  if (!met) failures.push(what)
}

function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// 1. Episode suggestions ---------------------------------------------------------------------------------------
{
  const random = seeded(12345)
  const vocabulary = Array.from({ length: 4000 }, (_, i) => `word${i.toString(36)}`)
  const pick = (): string => vocabulary[Math.floor(random() ** 2 * vocabulary.length)] ?? 'word'
  const events: EpisodeEvent[] = []
  for (let i = 0; events.length < 100_000; i++) {
    const day = addDays('2019-01-01', Math.floor(random() * 1000))
    if (i % 50 === 0) {
      const incident = `incident${i} marker${i}`
      events.push({ id: `a${i}`, agency: 'Police', start: day, end: day, category: null, summary: `${incident} ${pick()} ${pick()}` })
      events.push({ id: `b${i}`, agency: 'GP', start: day, end: day, category: null, summary: `${incident} ${pick()}` })
    } else {
      const summary = Array.from({ length: 20 }, pick).join(' ')
      events.push({ id: `r${i}`, agency: ['Police', 'GP', 'Nursery', 'Housing'][i % 4] ?? 'GP', start: day, end: day, category: null, summary })
    }
  }
  let found = 0
  const ours = medianTime(3, () => (found = suggestEpisodes(events).length))
  const raw = medianTime(3, () => {
    const index = new Map<string, number[]>()
    events.forEach((e, i) => {
      for (const term of e.summary.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        const list = index.get(term)
        if (list) list.push(i)
        else index.set(term, [i])
      }
    })
    return index.size
  })
  report(`Episode suggestions, 100,000 events (${found} suggested)`, ours, raw, 'tokenising every summary into a term index', 15_000)
}

// 2. Band layout -----------------------------------------------------------------------------------------------
{
  const nodes = Array.from({ length: 2000 }, (_, i) => node(`n${i}`, MAP_LEVELS[i % 7]!))
  const edges = Array.from({ length: 5000 }, (_, i) => edge(`e${i}`, `n${(i * 7) % 2000}`, `n${(i * 13 + 1) % 2000}`)).filter((e) => e.source !== e.target)
  const doc = map(nodes, edges)
  const ours = medianTime(5, () => bandLayout(doc))
  // elkGraph seeds ELK from the band layout for a map this large; ELK then does its own layering.
  const elk = new elkModule.default()
  const started = performance.now()
  await elk.layout(elkGraph(doc))
  const raw = performance.now() - started
  report('Band layout, 2,000 nodes and 5,000 links', ours, raw, 'ELK layered, one run', 1000)
}

console.log('| Measure | Casework Lens | Raw | Ratio | Target | |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
if (failures.length > 0) {
  console.error(`Missed: ${failures.join('; ')}`)
  process.exit(1)
}
