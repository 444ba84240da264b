// Suggests likely cross-agency episodes: one real-world incident recorded by several agencies within a few
// days. Suggestions are for the reviewer to link or dismiss, so only strong ones are offered, each explained.

import { fromDayNumber, toDayNumber } from '../calendar/iso-date.js'
import { createTermExtractor } from './episode-terms.js'
import type { TermExtractor, TermKey } from './episode-terms.js'

export interface EpisodeEvent {
  id: string
  agency: string
  /** YYYY-MM-DD; with `end`, the interval the event lies in (one day for a day-precise date). */
  start: string
  end: string
  category: string | null
  summary: string
}

export interface EpisodeSuggestion {
  /** The same events always give the same key, so a dismissal can be remembered. */
  key: string
  eventIds: string[]
  agencies: string[]
  from: string
  to: string
  reason: string
  /** 0 to 1: how strongly the records' content matches. */
  score: number
}

export interface EpisodeOptions {
  /** Days allowed between two records of one incident (a letter filed two days later). Default 3. */
  maxGapDays?: number
  /** Days an episode may cover from its first record to its last. Default 7. */
  maxSpanDays?: number
  /** Events dated less precisely than this many days (a month, a year) are left out. Default 7. */
  maxIntervalDays?: number
  /** Content similarity (cosine, 0 to 1) two records must reach to be linked. Default 0.2. */
  minSimilarity?: number
  /** Keys the reviewer has dismissed: not suggested again. */
  dismissed?: readonly string[]
  /**
   * Words that say who, not what: pass the names from the person register, so that two records sharing
   * only a practitioner's name are not taken for one incident.
   */
  ignoreWords?: readonly string[]
}

const DEFAULTS = { maxGapDays: 3, maxSpanDays: 7, maxIntervalDays: 7, minSimilarity: 0.2 }
// Terms in more than this share of all records (names of the family, the agency's own words) carry no signal.
const MAX_DOCUMENT_SHARE = 0.2
// ...but in a short chronology a handful of records may share a term and still be one incident.
const MIN_COMMON_COUNT = 5
// Terms per record used to look for partners; the full vectors are compared once a partner is found.
const TERMS_PER_EVENT = 24
// A term held by this many records within a few days is locally common: it cannot single out one incident.
const MAX_POSTINGS_IN_WINDOW = 60
// Share of the similarity threshold that the strongest shared terms alone must reach before a full comparison.
const CANDIDATE_SHARE = 0.5
const TERMS_IN_REASON = 4

interface PreparedEvent {
  index: number
  event: EpisodeEvent
  startDay: number
  endDay: number
  /** The entry's weighted terms (TF-IDF, unit length) as parallel arrays. */
  terms: number[]
  weights: number[]
  /** How many of the strongest terms are used to find candidate partners. */
  topCount: number
}

class DisjointSets {
  private readonly parent: number[]
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i)
  }
  find(i: number): number {
    let root = i
    while (this.parent[root] !== root) root = this.parent[root] ?? root
    let node = i
    while (this.parent[node] !== root) {
      const next = this.parent[node] ?? root
      this.parent[node] = root
      node = next
    }
    return root
  }
  union(a: number, b: number): number {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent[rb] = ra
    return ra
  }
}

/** A short, stable fingerprint of the sorted event ids (53-bit, base 36). */
export function episodeKey(eventIds: readonly string[]): string {
  const text = [...eventIds].sort().join('\u0000')
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0)
  return `episode-${value.toString(36)}`
}

function dayOrNull(date: string): number | null {
  try {
    return toDayNumber(date)
  } catch {
    return null
  }
}

function prepare(events: readonly EpisodeEvent[], maxIntervalDays: number, extractor: TermExtractor): PreparedEvent[] {
  const dated: { event: EpisodeEvent; startDay: number; endDay: number }[] = []
  for (const event of events) {
    const startDay = dayOrNull(event.start)
    const endDay = dayOrNull(event.end)
    if (startDay === null || endDay === null || endDay < startDay) continue
    if (endDay - startDay + 1 > maxIntervalDays) continue
    dated.push({ event, startDay, endDay })
  }
  dated.sort((a, b) => a.startDay - b.startDay || a.endDay - b.endDay)

  const counted = dated.map((d) => extractor.terms(d.event.summary, d.event.category))
  // Rarity is judged across the whole chronology, so the family's names and routine words fade out.
  // A row exported twice (same agency, date and text) is one record here, or its every word would look shared.
  const documentFrequency = new Int32Array(extractor.size())
  const seen = new Set<string>()
  dated.forEach((d, i) => {
    const identity = `${d.event.agency}\u0000${d.startDay}\u0000${d.endDay}\u0000${d.event.category ?? ''}\u0000${d.event.summary}`
    if (seen.has(identity)) return
    seen.add(identity)
    for (const term of counted[i]?.terms ?? []) documentFrequency[term] = (documentFrequency[term] ?? 0) + 1
  })
  const total = seen.size
  const idf = new Float64Array(documentFrequency.length)
  documentFrequency.forEach((df, term) => {
    const common = df > Math.max(MAX_DOCUMENT_SHARE * total, MIN_COMMON_COUNT)
    idf[term] = df < 2 || common ? 0 : Math.log(1 + total / df)
  })

  return dated.map((d, index) => {
    const { terms: candidates, counts } = counted[index] ?? { terms: [], counts: [] }
    const terms: number[] = []
    const weights: number[] = []
    let norm = 0
    for (let k = 0; k < candidates.length; k++) {
      const term = candidates[k] ?? 0
      const weight = (1 + Math.log(counts[k] ?? 1)) * (idf[term] ?? 0)
      if (weight <= 0) continue
      terms.push(term)
      weights.push(weight)
      norm += weight * weight
    }
    const length = Math.sqrt(norm)
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] ?? 0) / length
    // Move the strongest terms to the front (ties by position), so they can be used to look for partners.
    const topCount = Math.min(TERMS_PER_EVENT, terms.length)
    if (terms.length > topCount) {
      const cutoff = Float64Array.from(weights).sort()[terms.length - topCount] ?? 0
      let front = 0
      for (let k = 0; k < terms.length && front < topCount; k++) {
        if ((weights[k] ?? 0) < cutoff) continue
        const term = terms[front] ?? 0
        const weight = weights[front] ?? 0
        terms[front] = terms[k] ?? 0
        weights[front] = weights[k] ?? 0
        terms[k] = term
        weights[k] = weight
        front++
      }
    }
    return { index, event: d.event, startDay: d.startDay, endDay: d.endDay, terms, weights, topCount }
  })
}

interface Link {
  a: number
  b: number
  similarity: number
}

/** Pairs of records from different agencies, close in time, whose content is similar; found through shared terms. */
function findLinks(prepared: PreparedEvent[], termCount: number, maxGapDays: number, minSimilarity: number): Link[] {
  const links: Link[] = []
  // Each record's strongest terms occupy slots; for every term, its slots are chained from the latest back,
  // so the records a few days earlier that share a term are a short walk away. Integer arrays, no garbage.
  const slotCount = prepared.length * TERMS_PER_EVENT
  const previousSlot = new Int32Array(slotCount).fill(-1)
  const slotWeight = new Float64Array(slotCount)
  const latestSlot = new Int32Array(termCount).fill(-1)
  // The current record's full vector spread out by term, and partial scores by record, reused throughout.
  const spread = new Float64Array(termCount)
  const partial = new Float64Array(prepared.length)
  const touched: number[] = []
  // The widest interval present bounds how far back a partner can start.
  const widest = prepared.reduce((w, p) => Math.max(w, p.endDay - p.startDay), 0)

  for (const current of prepared) {
    const earliestStart = current.startDay - maxGapDays - widest
    touched.length = 0
    for (let t = 0; t < current.topCount; t++) {
      const term = current.terms[t] ?? 0
      // A term held by many records in the window is locally common: it cannot single out one incident.
      let inWindow = 0
      for (let slot = latestSlot[term] ?? -1; slot >= 0 && inWindow <= MAX_POSTINGS_IN_WINDOW; slot = previousSlot[slot] ?? -1) {
        if ((prepared[Math.floor(slot / TERMS_PER_EVENT)]?.startDay ?? 0) < earliestStart) break
        inWindow++
      }
      if (inWindow > MAX_POSTINGS_IN_WINDOW) continue
      const weight = current.weights[t] ?? 0
      for (let slot = latestSlot[term] ?? -1, seen = 0; slot >= 0 && seen < inWindow; slot = previousSlot[slot] ?? -1, seen++) {
        const otherIndex = Math.floor(slot / TERMS_PER_EVENT)
        const other = prepared[otherIndex]
        if (!other || other.event.agency === current.event.agency) continue
        const gap = Math.max(0, current.startDay - other.endDay, other.startDay - current.endDay)
        if (gap > maxGapDays) continue
        if (partial[otherIndex] === 0) touched.push(otherIndex)
        partial[otherIndex] = (partial[otherIndex] ?? 0) + weight * (slotWeight[slot] ?? 0)
      }
    }
    // Partners whose shared strong terms already make up a fair part of the threshold are compared in full.
    if (touched.length > 0) {
      for (let k = 0; k < current.terms.length; k++) spread[current.terms[k] ?? 0] = current.weights[k] ?? 0
      for (const otherIndex of touched) {
        const other = prepared[otherIndex]
        const shared = partial[otherIndex] ?? 0
        partial[otherIndex] = 0
        if (!other || shared < minSimilarity * CANDIDATE_SHARE) continue
        let similarity = 0
        for (let k = 0; k < other.terms.length; k++) similarity += (other.weights[k] ?? 0) * (spread[other.terms[k] ?? 0] ?? 0)
        if (similarity >= minSimilarity) links.push({ a: otherIndex, b: current.index, similarity })
      }
      for (const term of current.terms) spread[term] = 0
    }
    for (let t = 0; t < current.topCount; t++) {
      const term = current.terms[t] ?? 0
      const slot = current.index * TERMS_PER_EVENT + t
      previousSlot[slot] = latestSlot[term] ?? -1
      slotWeight[slot] = current.weights[t] ?? 0
      latestSlot[term] = slot
    }
  }
  return links
}

function agencyList(agencies: string[]): string {
  if (agencies.length <= 1) return agencies.join('')
  return `${agencies.slice(0, -1).join(', ')} and ${agencies[agencies.length - 1]}`
}

function whenPhrase(days: number): string {
  if (days === 0) return 'on the same day'
  return `within ${days} ${days === 1 ? 'day' : 'days'}`
}

function sharedTerms(members: PreparedEvent[], extractor: TermExtractor): string[] {
  const byTerm = new Map<TermKey, { agencies: Set<string>; weight: number }>()
  for (const member of members) {
    for (let k = 0; k < member.terms.length; k++) {
      const term = member.terms[k] ?? 0
      const weight = member.weights[k] ?? 0
      const entry = byTerm.get(term) ?? { agencies: new Set<string>(), weight: 0 }
      entry.agencies.add(member.event.agency)
      entry.weight += weight
      byTerm.set(term, entry)
    }
  }
  // Terms most agencies share come first; a phrase ("head injury") reads better than its words apart.
  const ranked = [...byTerm.entries()]
    .filter(([, e]) => e.agencies.size >= 2)
    .map(([term, e]) => {
      const words = extractor.label(term).split(' ')
      return { term, words, agencies: e.agencies.size, weight: e.weight * (words.length > 1 ? 1.5 : 1) }
    })
    .sort((x, y) => y.agencies - x.agencies || y.weight - x.weight || x.term - y.term)
  const chosen: { term: TermKey; words: string[] }[] = []
  for (const { term, words } of ranked) {
    if (chosen.length === TERMS_IN_REASON) break
    // "head injury" already says "head" and "injury".
    const overlaps = chosen.some((c) => (c.words.length > 1 || words.length > 1) && c.words.some((w) => words.includes(w)))
    if (!overlaps) chosen.push({ term, words })
  }
  // Show each term as it was most often written: "MARAC" and "Liam" keep their capitals, "head injury" does not.
  // How the words were written is only needed for the few records in a suggestion.
  const written = members.map((m) => extractor.surfaces(m.event.summary, m.event.category))
  const surface = ({ term }: { term: TermKey }): string => {
    const tally = new Map<string, number>()
    for (const surfaces of written) for (const form of surfaces.get(term) ?? []) tally.set(form, (tally.get(form) ?? 0) + 1)
    const capitals = (form: string): number => form.replace(/[^\p{Lu}]/gu, '').length
    const ranked = [...tally.entries()].sort((x, y) => y[1] - x[1] || capitals(x[0]) - capitals(y[0]) || (x[0] < y[0] ? -1 : 1))
    const top = ranked[0]?.[0]
    if (top === undefined) return extractor.label(term)
    // A capital at the start of a sentence is not part of the word: if it is ever written in lower case, use that.
    const acronym = top === top.toUpperCase() && /\p{L}/u.test(top)
    const lower = ranked.find(([form]) => form === form.toLowerCase())?.[0]
    return !acronym && lower !== undefined ? lower : top
  }
  return chosen.map(surface)
}

/**
 * Likely cross-agency episodes, strongest first. Linear in the number of events apart from the sort:
 * records are compared only with records a few days away that share a distinctive term.
 */
export function suggestEpisodes(events: readonly EpisodeEvent[], options: EpisodeOptions = {}): EpisodeSuggestion[] {
  const { maxGapDays, maxSpanDays, maxIntervalDays, minSimilarity } = { ...DEFAULTS, ...options }
  const dismissed = new Set(options.dismissed ?? [])
  const ignore = new Set((options.ignoreWords ?? []).flatMap((w) => w.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []))
  const extractor = createTermExtractor(ignore)
  const prepared = prepare(events, maxIntervalDays, extractor)
  const links = findLinks(prepared, extractor.size(), maxGapDays, minSimilarity).sort(
    (x, y) => y.similarity - x.similarity || x.a - y.a || x.b - y.b,
  )

  // Strongest links first; two groups merge only if the episode still fits within maxSpanDays,
  // so a run of loosely related records a day apart cannot chain into one long "episode".
  const sets = new DisjointSets(prepared.length)
  const span = new Map<number, { from: number; to: number; best: number }>()
  const spanOf = (i: number): { from: number; to: number; best: number } => {
    const root = sets.find(i)
    const known = span.get(root)
    if (known) return known
    const p = prepared[i]
    const fresh = { from: p?.startDay ?? 0, to: p?.endDay ?? 0, best: 0 }
    span.set(root, fresh)
    return fresh
  }
  for (const link of links) {
    const a = spanOf(link.a)
    const b = spanOf(link.b)
    if (sets.find(link.a) === sets.find(link.b)) continue
    const from = Math.min(a.from, b.from)
    const to = Math.max(a.to, b.to)
    if (to - from > maxSpanDays) continue
    const root = sets.union(link.a, link.b)
    span.set(root, { from, to, best: Math.max(a.best, b.best, link.similarity) })
  }

  const groups = new Map<number, PreparedEvent[]>()
  for (const p of prepared) {
    const root = sets.find(p.index)
    const group = groups.get(root) ?? []
    group.push(p)
    groups.set(root, group)
  }

  const suggestions: EpisodeSuggestion[] = []
  for (const [root, members] of groups) {
    if (members.length < 2) continue
    const agencies: string[] = []
    for (const m of members) if (!agencies.includes(m.event.agency)) agencies.push(m.event.agency)
    if (agencies.length < 2) continue
    const eventIds = members.map((m) => m.event.id)
    const key = episodeKey(eventIds)
    if (dismissed.has(key)) continue
    const extent = span.get(root) ?? { from: 0, to: 0, best: 0 }
    // More agencies recording the same thing makes it likelier to be one incident.
    const score = Math.min(1, extent.best + 0.05 * (agencies.length - 2))
    const terms = sharedTerms(members, extractor)
    suggestions.push({
      key,
      eventIds,
      agencies,
      from: fromDayNumber(extent.from),
      to: fromDayNumber(extent.to),
      reason: `Recorded by ${agencyList(agencies)} ${whenPhrase(extent.to - extent.from)}; shared terms: ${terms.join(', ')}`,
      score: Math.round(score * 100) / 100,
    })
  }
  return suggestions.sort((x, y) => y.score - x.score || (x.from < y.from ? -1 : x.from > y.from ? 1 : 0) || (x.key < y.key ? -1 : 1))
}
