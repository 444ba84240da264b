// Fictional agency chronologies of any length for the chronology benchmark and the kill test: the same rows
// every time (a fixed pseudo-random sequence), with quoted commas and quotes, blank times and a few
// formula-like cells, as real extracts have.
import fs from 'node:fs'

const WORKERS = ['Social Worker 1', 'Team Manager', 'Health Visitor 2', 'PC 4410', 'Duty Officer', 'Family Support Worker']
const TYPES = ['Home visit', 'Phone call', 'Strategy discussion', 'Letter', 'Office visit', 'Multi-agency meeting', 'Referral']
const WORDS = ('mother seen with child at home concerns discussed plan agreed review next week bruise noted explanation given ' +
  'partner present school attendance health appointment missed housing repair letter sent safeguarding supervision').split(' ')

export interface FixtureOptions {
  rows: number
  /** The review period the dates fall in (a little either side too). */
  fromYear?: number
}

function lcg(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T
}

const pad = (n: number) => String(n).padStart(2, '0')

/** One CSV line per row after the heading line: Date,Time,Worker,Type,Summary,Outcome. */
export function* chronologyLines(options: FixtureOptions, seed = 42): Generator<string> {
  const random = lcg(seed)
  const fromYear = options.fromYear ?? 2020
  yield 'Date,Time,Worker,Type,Summary,Outcome'
  for (let i = 0; i < options.rows; i++) {
    const year = fromYear + Math.floor(random() * 2)
    const month = 1 + Math.floor(random() * 12)
    const day = 1 + Math.floor(random() * 28)
    const time = random() < 0.3 ? '' : `${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}`
    const words = Array.from({ length: 18 + Math.floor(random() * 14) }, () => pick(random, WORDS)).join(' ')
    const summary = i % 97 === 0 ? `=HYPERLINK("http://example.org","record ${i}")` : `Record ${i}: ${words}, "as recorded"`
    yield [`${pad(day)}/${pad(month)}/${year}`, time, pick(random, WORKERS), pick(random, TYPES), `"${summary.replace(/"/g, '""')}"`, random() < 0.5 ? 'No further action' : '"Plan: visit again, then review"'].join(',')
  }
}

export function writeChronologyCsv(file: string, options: FixtureOptions, seed = 42): void {
  const out = fs.openSync(file, 'w')
  let chunk: string[] = []
  for (const line of chronologyLines(options, seed)) {
    chunk.push(line)
    if (chunk.length === 5000) {
      fs.writeSync(out, chunk.join('\n') + '\n')
      chunk = []
    }
  }
  if (chunk.length) fs.writeSync(out, chunk.join('\n') + '\n')
  fs.closeSync(out)
}
