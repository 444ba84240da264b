// Timing helpers shared by the benches.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

/** Median wall time in milliseconds of `runs` calls after one warm-up. */
export function medianTime(runs: number, work: () => unknown): number {
  work()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    work()
    times.push(performance.now() - started)
  }
  return median(times)
}
