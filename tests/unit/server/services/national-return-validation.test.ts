import { describe, expect, it } from 'vitest'
import { BUNDLE_FORMAT, RETURN_FORMAT, type NationalReturnV1 } from '../../../../methodology/national/return-format.js'
import { bundleProblems, schemaProblems } from '../../../../server/services/national-return-validation.js'

const valid: NationalReturnV1 = {
  format: RETURN_FORMAT, formatVersion: 1, returnId: 'r-1', version: 1, sourceInstance: 'instance-1',
  review: { region: null, year: 2021, methodology: 'rapid-review', childAgeBand: null, harmCategory: 'death', agencies: [], publishedReport: 'https://example.org/report' },
  findings: [{
    ref: 'F1', kind: 'systemic', title: 'A title', pattern: '', howWidespread: '', whyItMatters: '', systemLevel: null,
    typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }], agencies: ['police'], boardQuestions: [],
  }],
}

describe('checking a return against the JSON Schema', () => {
  it('accepts a valid return, nulls and empty lists included', () => {
    expect(schemaProblems(valid)).toEqual([])
  })

  it('names each problem by its JSON path, in plain words', () => {
    const bad = JSON.parse(JSON.stringify(valid)) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    bad.formatVersion = 3
    bad.version = 1.5
    bad.review.year = 1066
    bad.review.publishedReport = 'javascript:alert(1)'
    bad.findings[0].title = 'x'.repeat(301)
    bad.findings[0].boardQuestions = ['']
    bad.findings[0].typologyCodes[0].code = 'mai 1'
    bad.findings[0].notes = 'Mila Kershaw'
    delete bad.sourceInstance
    expect(schemaProblems(bad)).toEqual(expect.arrayContaining([
      { path: 'formatVersion', message: 'must be 1 or 2 (the national return format versions this instance accepts)' },
      { path: 'version', message: 'must be a whole number' },
      { path: 'sourceInstance', message: 'is required' },
      { path: 'review.year', message: 'must be at least 1990' },
      { path: 'review.publishedReport', message: 'must be a web address starting http:// or https://, with no spaces' },
      { path: 'findings[0].title', message: 'must be 300 characters or fewer' },
      { path: 'findings[0].boardQuestions[0]', message: 'must not be empty' },
      { path: 'findings[0].typologyCodes[0].code', message: 'is not a typology code: codes are capitals and digits, like MAI or MAI-3' },
      { path: 'findings[0].notes', message: expect.stringContaining('is not part of the national return format') },
    ]))
  })

  it('prefixes paths inside a bundle, and checks the bundle’s own shape', () => {
    expect(schemaProblems({ ...valid, version: 0 }, 'returns[3]')).toEqual([{ path: 'returns[3].version', message: 'must be at least 1' }])
    expect(bundleProblems({ format: BUNDLE_FORMAT, formatVersion: 1, returns: [] })).toEqual([])
    expect(bundleProblems({ format: BUNDLE_FORMAT, returns: 'all of them' })).toEqual([
      { path: 'formatVersion', message: 'is required' },
      { path: 'returns', message: 'must be a list' },
    ])
  })

  it('refuses something that is not an object at all', () => {
    expect(schemaProblems([valid])).toEqual([{ path: 'document', message: 'must be an object' }])
  })
})
