// The results table the benches print: one row per measure, ours beside the raw library's, with the target and
// whether it was met. A missed target is named under the table and makes the bench exit non-zero.

export const ms = (n: number): string => `${n.toFixed(0)} ms`

export class ResultTable {
  private readonly rows: string[][] = []
  private readonly missed: string[] = []

  add(what: string, ours: string, raw: string, ratio: string, target: string, met: boolean): void {
    this.rows.push([what, ours, raw, ratio, target, met ? 'met' : 'MISSED'])
    if (!met) this.missed.push(what)
  }

  /** The Markdown table, then `note` (what the raw library did, the load), then the missed targets. */
  print(note: string): void {
    console.log('| Measure | Casework Lens | Raw library | Ratio | Target | |')
    console.log('| --- | --- | --- | --- | --- | --- |')
    for (const r of this.rows) console.log(`| ${r.join(' | ')} |`)
    console.log('')
    console.log(note)
    if (this.missed.length > 0) {
      console.log(`\nMissed: ${this.missed.join('; ')}`)
      process.exitCode = 1
    }
  }
}
