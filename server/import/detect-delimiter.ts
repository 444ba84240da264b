// The field separator of a delimited file, from the first few kilobytes: the candidate that splits
// the most rows into the same number of fields. Quoted fields are skipped, so commas inside notes
// do not count.

export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const

const NAMED: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' }

/** A delimiter option as given by a person or a form ('tab', '\\t', ';') as the character itself; null when unusable. */
export function normaliseDelimiter(value: string): string | null {
  const named = NAMED[value.trim().toLowerCase()]
  if (named) return named
  if (value.length !== 1 || value === '"' || value === '\n' || value === '\r') return null
  return value
}

/** Count each candidate per record, outside quotes; records are cut at line ends outside quotes. */
function countPerRecord(sample: string, truncated: boolean): number[][] {
  const records: number[][] = []
  let counts = DELIMITER_CANDIDATES.map(() => 0)
  let inQuotes = false
  let hasText = false
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i]
    if (c === '"') {
      inQuotes = !inQuotes
      hasText = true
      continue
    }
    if (inQuotes) continue
    if (c === '\n' || c === '\r') {
      if (hasText) records.push(counts)
      counts = DELIMITER_CANDIDATES.map(() => 0)
      hasText = false
      continue
    }
    const k = (DELIMITER_CANDIDATES as readonly string[]).indexOf(c as string)
    if (k >= 0) counts[k] = (counts[k] as number) + 1
    if (c !== ' ') hasText = true
  }
  // The last record of a cut-off sample may be incomplete.
  if (hasText && !truncated) records.push(counts)
  return records
}

/** ',' ';' '\t' or '|'; ',' when nothing splits the rows. */
export function detectDelimiter(sample: string, truncated: boolean): string {
  const records = countPerRecord(sample, truncated).slice(0, 500)
  let best: { delimiter: string; consistency: number; width: number } = { delimiter: ',', consistency: 0, width: 0 }
  DELIMITER_CANDIDATES.forEach((delimiter, k) => {
    const frequency = new Map<number, number>()
    for (const counts of records) {
      const n = counts[k] as number
      if (n > 0) frequency.set(n, (frequency.get(n) ?? 0) + 1)
    }
    let width = 0
    let rows = 0
    for (const [n, seen] of frequency) {
      if (seen > rows || (seen === rows && n > width)) {
        width = n
        rows = seen
      }
    }
    if (width === 0) return
    const consistency = rows / records.length
    if (consistency > best.consistency || (consistency === best.consistency && width > best.width)) {
      best = { delimiter, consistency, width }
    }
  })
  return best.delimiter
}
