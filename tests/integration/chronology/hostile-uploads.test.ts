// Hostile uploads are read on a worker thread under limits: each is refused with the limit named,
// no preview row is left behind, and the server answers /health promptly all the while (the files are the
// smallest that still show each attack; the full-size attacks are in bench/hostile-uploads.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { sharedStringFlood, sheetRow, workbook } from '../../support/hostile-files.js'
import { expectHealthAnswered, whileTimingHealth } from '../../support/health-watch.js'
import { apiCall, apiChronology, apiUpload, setUpReview, previewRows, type ReviewFixture } from './chronology-helpers.js'

let t: TestApp
let f: ReviewFixture
beforeAll(async () => {
  t = await createTestApp()
  f = await setUpReview(t, { from: '2020-01-01', to: '2020-12-31' })
  // The first upload starts the reading worker (the server starts it at start-up); it is committed.
  const warm = await apiUpload(t, f.leadToken, f.reviewId, { agency: 'Police' }, { name: 'warm.csv', content: Buffer.from('Date,Summary\n01/02/2020,Home visit\n') })
  expect(warm.statusCode).toBe(201)
  const { importId } = warm.json() as { importId: string }
  expect((await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${importId}/commit`)).statusCode).toBe(200)
})
afterAll(async () => { await t.close() })

interface ErrorJson {
  error: string
  message: string
  details: { path: string; message: string }[]
}

/** Uploads the file while timing /health; returns the answer and each /health time. */
async function uploadWatchingHealth(name: string, content: Buffer) {
  const { result: res, healthMs } = await whileTimingHealth(t.app, () => apiUpload(t, f.leadToken, f.reviewId, { agency: 'Police' }, { name, content }))
  return { res, body: res.json() as ErrorJson, healthMs }
}

async function expectNoPreviewRows(): Promise<void> {
    expect(await previewRows(t.db)).toHaveLength(0)
  expect((await apiChronology(t, f.leadToken, f.reviewId)).map((e) => e.summary)).toEqual(['Home visit'])
}

const HEADINGS = sheetRow(1, ['Date', 'Summary']) + sheetRow(2, ['01/02/2020', 'Home visit'])

describe('hostile uploads', () => {
  it('refuses a workbook whose sheet jumps to row 2,000,000,000, naming the row and the limit, and keeps answering', async () => {
    const file = workbook(HEADINGS + sheetRow(2_000_000_000, ['02/02/2020', 'Far away']))
    expect(file.length).toBeLessThan(2048)
    const { res, body, healthMs } = await uploadWatchingHealth('gap.xlsx', file)
    expect(res.statusCode).toBe(400)
    expect(body.error).toBe('file-too-large')
    expect(body.details[0]!.message).toContain('row 2,000,000,000')
    expect(body.details[0]!.message).toContain('at most 250,000 rows')
    expectHealthAnswered(healthMs, 1)
    await expectNoPreviewRows()
  })

  it('refuses a flood of shared strings past the limit before holding them all', async () => {
    t.config.importLimits = { ...t.config.importLimits, maxSharedStrings: 50_000 }
    try {
      const file = workbook(HEADINGS, { sharedStrings: sharedStringFlood(60_000) })
      const { res, body, healthMs } = await uploadWatchingHealth('strings.xlsx', file)
      expect(res.statusCode).toBe(400)
      expect(body.details[0]!.message).toContain('more than 50,000 different pieces of text')
      expectHealthAnswered(healthMs, 1)
      await expectNoPreviewRows()
    } finally {
      t.config.importLimits = { ...t.config.importLimits, maxSharedStrings: 1_000_000 }
    }
  })

  it('refuses a zip bomb from the sizes it declares, before unpacking it', async () => {
    // 40 million shared strings unpack to about 700 MB: the archive says so, and that is enough.
    const file = workbook(HEADINGS, { sharedStrings: sharedStringFlood(10), declare: { 'xl/sharedStrings.xml': 700 * 1024 * 1024 } })
    const { res, body } = await uploadWatchingHealth('bomb.xlsx', file)
    expect(res.statusCode).toBe(400)
    expect(body.details[0]!.message).toContain("part 'xl/sharedStrings.xml'")
    expect(body.details[0]!.message).toContain('more than 500 MB')
    await expectNoPreviewRows()
  })

  it('refuses a CSV flooded with blank lines at the row limit, and keeps answering', async () => {
    // Blank lines at the very end are passed over; between rows they count towards the limit.
    const file = Buffer.concat([Buffer.from('Date,Summary\n01/02/2020,Home visit\n'), Buffer.alloc(300_000, '\n'), Buffer.from('02/02/2020,Phone call\n')])
    const { res, body, healthMs } = await uploadWatchingHealth('blank.csv', file)
    expect(res.statusCode).toBe(400)
    expect(body.details[0]!.path).toBe('row 250,001')
    expect(body.details[0]!.message).toContain('at most 250,000 rows')
    expectHealthAnswered(healthMs)
    await expectNoPreviewRows()
  })

  it('refuses a giant cell, naming its row and column', async () => {
    const file = Buffer.from(`Date,Summary\n01/02/2020,Home visit\n02/02/2020,"${'x'.repeat(150_000)}"\n`)
    const { res, body } = await uploadWatchingHealth('cell.csv', file)
    expect(res.statusCode).toBe(400)
    expect(body.details[0]!.path).toBe('row 3, column B')
    expect(body.details[0]!.message).toContain('150,000 characters')
    expect(body.details[0]!.message).toContain('at most 100,000')
    await expectNoPreviewRows()
  })

  it('refuses a workbook row with more columns than the limit', async () => {
    const wide = `<row r="3"><c r="A3" t="inlineStr"><is><t>03/02/2020</t></is></c><c r="XFD3" t="inlineStr"><is><t>far right</t></is></c></row>`
    const { res, body } = await uploadWatchingHealth('wide.xlsx', workbook(HEADINGS + wide))
    expect(res.statusCode).toBe(400)
    expect(body.details[0]!.message).toContain('Row 3 has 16,384 columns')
    await expectNoPreviewRows()
  })

  it('stops reading a file that takes longer than the time limit, and keeps answering', async () => {
    t.config.importLimits = { ...t.config.importLimits, maxSeconds: 0.2 }
    try {
      // 200,000 rows take well over 0.2 s to read.
      const rows = Array.from({ length: 200_000 }, (_, i) => `0${(i % 9) + 1}/02/2020,Visit ${i}`).join('\n')
      const { res, body, healthMs } = await uploadWatchingHealth('slow.csv', Buffer.from(`Date,Summary\n${rows}\n`))
      expect(res.statusCode).toBe(400)
      expect(body.details[0]!.message).toContain('longer than the 0.2 seconds')
      expectHealthAnswered(healthMs, 1)
      await expectNoPreviewRows()
    } finally {
      t.config.importLimits = { ...t.config.importLimits, maxSeconds: 120 }
    }
  })

  it('still imports an ordinary file after all that', async () => {
    const res = await apiUpload(t, f.leadToken, f.reviewId, { agency: 'Police' }, { name: 'good.csv', content: Buffer.from('Date,Summary\n01/02/2020,Home visit\n') })
    expect(res.statusCode).toBe(201)
  })
})
