import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { apiCall, apiChronology, apiUpload, setUpReview, type ReviewFixture } from './chronology-helpers.js'

// A 1 MB limit, so an over-size file is quick to make.
let t: TestApp
let f: ReviewFixture
beforeAll(async () => {
  t = await createTestApp({ MAX_UPLOAD_MB: '1' })
  f = await setUpReview(t, { from: '2020-01-01', to: '2020-12-31' })
})
afterAll(async () => { await t.close() })

const GOOD = Buffer.from('Date,Summary\n01/02/2020,Home visit\n03/02/2020,Phone call\n')

interface ErrorJson {
  error: string
  message: string
  details: { path: string; message: string }[]
}

async function upload(fields: Record<string, string>, file: { name: string; content: Buffer } | null) {
  return apiUpload(t, f.leadToken, f.reviewId, { agency: 'Health Visiting', ...fields }, file)
}

async function stillServing(): Promise<void> {
  expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
  const ok = await upload({}, { name: 'good.csv', content: GOOD })
  expect(ok.statusCode).toBe(201)
}

async function eventCount(): Promise<number> {
  return (await apiChronology(t, f.leadToken, f.reviewId)).length
}

describe('files and settings that cannot be imported', () => {
  it('refuses an empty file, naming it, and adds nothing', async () => {
    const res = await upload({}, { name: 'empty.csv', content: Buffer.alloc(0) })
    expect(res.statusCode).toBe(400)
    const body = res.json() as ErrorJson
    expect(body.error).toBe('empty-file')
    expect(body.message).toContain('empty.csv')
    expect(await eventCount()).toBe(0)
    await stillServing()
  })

  it('refuses a file with headings and no rows', async () => {
    const res = await upload({}, { name: 'headings.csv', content: Buffer.from('Date,Summary\r\n') })
    expect(res.statusCode).toBe(400)
    expect((res.json() as ErrorJson).details[0]!.message).toContain("'Date'")
  })

  it('refuses binary files and zip archives that are not workbooks, saying what they are', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(300, 7)])
    const notXlsx = await upload({}, { name: 'chronology.xlsx', content: zip })
    expect(notXlsx.statusCode).toBe(400)
    expect((notXlsx.json() as ErrorJson).message).toMatch(/not an Excel workbook/)
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(500, 0)])
    const image = await upload({}, { name: 'photo.csv', content: png })
    expect(image.statusCode).toBe(400)
    expect((image.json() as ErrorJson).details[0]!.path).toBe('file')
    await stillServing()
  })

  it('refuses an encoding it cannot read, naming the setting', async () => {
    const res = await upload({ encoding: 'klingon-8' }, { name: 'good.csv', content: GOOD })
    expect(res.statusCode).toBe(400)
    expect((res.json() as ErrorJson).details).toEqual([expect.objectContaining({ path: 'encoding' })])
  })

  it('refuses a file over the upload limit with a message giving the limit, and keeps serving', async () => {
    const big = Buffer.concat([Buffer.from('Date,Summary\n'), Buffer.alloc(1.5 * 1024 * 1024, 'a')])
    const res = await upload({}, { name: 'huge.csv', content: big })
    expect(res.statusCode).toBe(413)
    expect((res.json() as ErrorJson).message).toMatch(/larger than the 1 MB limit/)
    await stillServing()
  })

  it('refuses a mapping that names a column the file does not have, listing the columns there are', async () => {
    const res = await upload({ mapping: JSON.stringify({ occurredAt: 'Date', summary: 'Narrative' }) }, { name: 'good.csv', content: GOOD })
    expect(res.statusCode).toBe(400)
    const detail = (res.json() as ErrorJson).details.find((d) => d.path === 'mapping.summary')!
    expect(detail.message).toContain("'Narrative'")
    expect(detail.message).toContain("'Summary'")
    const notJson = await upload({ mapping: '{occurredAt: Date' }, { name: 'good.csv', content: GOOD })
    expect(notJson.statusCode).toBe(400)
    expect((notJson.json() as ErrorJson).details[0]!.path).toBe('mapping')
  })

  it('previews a file whose every row is rejected, with a warning, and refuses to commit it', async () => {
    const before = await eventCount()
    const res = await upload({ dateFormat: 'DD/MM/YYYY' }, { name: 'bad-dates.csv', content: Buffer.from('Date,Summary\n31/02/2020,One\n,Two\n45/13/2020,Three\n') })
    expect(res.statusCode).toBe(201)
    const preview = res.json() as { importId: string; accepted: number; rejected: { row: number; reason: string }[]; warnings: { code: string }[] }
    expect(preview.accepted).toBe(0)
    expect(preview.rejected.map((r) => [r.row, r.reason])).toEqual([[1, 'invalid-date'], [2, 'missing-date'], [3, 'invalid-date']])
    expect(preview.warnings.map((w) => w.code)).toEqual(['all-rows-rejected'])
    const commit = await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${preview.importId}/commit`)
    expect(commit.statusCode).toBe(409)
    expect((commit.json() as ErrorJson).error).toBe('nothing-to-commit')
    expect(await eventCount()).toBe(before)
  })

  it('asks for the file and the agency when they are missing, on the upload page with the answers kept', async () => {
    const missing = await apiUpload(t, f.leadToken, f.reviewId, { agency: '' }, null)
    expect(missing.statusCode).toBe(400)
    expect((missing.json() as ErrorJson).details.map((d) => d.path).sort()).toEqual(['agency', 'file'])
    const agent = await signIn(t.app, f.lead.email)
    await agent.get(`/reviews/${f.reviewId}/imports/new`)
    const page = await agent.multipart(`/reviews/${f.reviewId}/imports`, { agency: 'Police', headerRow: 'three' }, [])
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('href="#file"')
    expect(page.body).toContain('href="#headerRow"')
    expect(page.body).toContain('value="Police"')
  })
})
