// Where the shared fixtures live: `../shared` beside the repository root (never an absolute path, never the
// working directory, so a clone anywhere tests the `../shared` next to it). Tests skip, saying so, when absent.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export const sharedDir = path.resolve(repoRoot, '..', 'shared')
export const sharedDemoCaseDir = path.join(sharedDir, 'fixtures', 'demo-case')
export const hasSharedDemoCase = existsSync(path.join(sharedDemoCaseDir, 'expected.json'))

/** One line for the test output when the shared fixtures are not there. */
export function warnSharedSkipped(what: string): void {
  if (!hasSharedDemoCase) console.warn(`Skipping ${what}: ${sharedDemoCaseDir} is not there (the project runs without ../shared).`)
}
