// Every agency extract of the project's own "Child M" demo case imports through the API as its expected.json says.
import { describe } from 'vitest'
import { demoCaseDir } from '../../server/demo/case/demo-case.js'
import { describeImportConformance } from './chronology-import-conformance.js'

describe('demo case "Child M": chronology import through the API', () => {
  describeImportConformance('every extract in server/demo/case', demoCaseDir)
})
