// Every agency extract of the shared "Child D" fixture imports through the API as its expected.json says.
// Skips, saying why, when ../shared is not there (the project stands alone without it).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe } from 'vitest'
import { describeImportConformance } from './chronology-import-conformance.js'
import { sharedDemoCaseDir } from '../support/shared-fixtures.js'

const dir = sharedDemoCaseDir
const present = existsSync(path.join(dir, 'expected.json'))
if (!present) console.warn(`Skipping the shared fixture import conformance tests: ${dir} is not there`)

describe.skipIf(!present)('shared fixture "Child D": chronology import through the API', () => {
  describeImportConformance('every extract in ../shared/fixtures/demo-case', dir)
})
