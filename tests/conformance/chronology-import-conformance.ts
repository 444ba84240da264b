// The chronology import conformance suite, run over a demo case folder (the shared "Child D" fixture, and the
// project's own "Child M" case): every agency extract goes through the real API and must reproduce what the
// folder's expected.json says, which is read at run time, never copied.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { apiCall, apiChronology, apiUpload, setUpReview, type ChronologyEventJson } from '../integration/chronology/chronology-helpers.js'
import type { DemoExpected } from '../../server/demo/case/demo-case.js'

// The schema of a demo case's expected.json (the shared fixture and the project's own case share it).
type ExpectedFile = DemoExpected['files'][number]
type Expected = DemoExpected

interface PreviewJson {
  importId: string
  detected: { encoding: string | null; bom: boolean; delimiter: string | null; headerRow: number; mapping: Record<string, string>; dateFormat: string; format: string; sheet?: string }
  dataRows: number
  accepted: number
  rejected: { row: number; reason: string; column: string; message: string }[]
  exactDuplicates: number[][]
  reducedPrecision: { row: number; precision: string }[]
  outsidePeriod: number[]
  preview: unknown[]
}

/** What the preview reports, in the shape expected.json uses. */
function counted(p: PreviewJson) {
  return {
    dataRows: p.dataRows,
    accepted: p.accepted,
    rejected: p.rejected.map((r) => ({ row: r.row, reason: r.reason })),
    exactDuplicates: p.exactDuplicates,
    reducedPrecision: p.reducedPrecision,
    outsidePeriod: p.outsidePeriod,
  }
}

function wanted(f: ExpectedFile) {
  return { dataRows: f.dataRows, accepted: f.accepted, rejected: f.rejected, exactDuplicates: f.exactDuplicates, reducedPrecision: f.reducedPrecision, outsidePeriod: f.outsidePeriod }
}

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
}

export function describeImportConformance(label: string, dir: string): void {
  describe(label, () => {
    let t: TestApp
    let expected: Expected
    const read = (file: string) => readFileSync(path.join(dir, file))

    beforeAll(async () => {
      t = await createTestApp()
      expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected
    })
    afterAll(async () => { await t?.close() })

    it('imports every extract through the API with the mapping and date format from expected.json, reproducing its rows, rejections and flags; commit builds the chronology with each event’s provenance', async () => {
      const review = await setUpReview(t, expected.reviewPeriod)
      const importIds = new Map<string, string>()
      for (const f of expected.files) {
        const res = await apiUpload(t, review.leadToken, review.reviewId, { agency: f.agency, mapping: JSON.stringify(f.mapping), dateFormat: f.dateFormat }, { name: f.file, content: read(f.file) })
        expect(res.statusCode, `${f.file}: ${res.body.slice(0, 300)}`).toBe(201)
        const preview = res.json() as PreviewJson
        expect(counted(preview), f.file).toEqual(wanted(f))
        // What the file is, as detected (the reviewer gave only the mapping and date format).
        expect(preview.detected.format, f.file).toBe(f.format)
        if (f.format === 'csv') expect({ encoding: preview.detected.encoding, delimiter: preview.detected.delimiter, bom: preview.detected.bom }, f.file).toEqual({ encoding: f.encoding, delimiter: f.delimiter, bom: f.bom ?? false })
        if (f.sheet) expect(preview.detected.sheet, f.file).toBe(f.sheet)
        if (f.headerRow) expect(preview.detected.headerRow, f.file).toBe(f.headerRow)
        expect(preview.preview.length, f.file).toBe(Math.min(20, f.accepted))
        // Nothing reaches the chronology before commit.
        expect(await apiChronology(t, review.leadToken, review.reviewId)).toHaveLength(0)
        importIds.set(f.file, preview.importId)
      }

      for (const f of expected.files) {
        const res = await apiCall(t, review.leadToken, 'POST', `/api/v1/reviews/${review.reviewId}/imports/${importIds.get(f.file)}/commit`)
        expect(res.statusCode, f.file).toBe(200)
        expect(res.json(), f.file).toEqual({ committed: f.accepted })
      }

      const events = await apiChronology(t, review.leadToken, review.reviewId)
      expect(events).toHaveLength(expected.totals.accepted)
      expect(expected.files.reduce((n, f) => n + f.accepted, 0)).toBe(expected.totals.accepted)
      // Ordered by time: each event's date interval starts no earlier than the one before.
      const starts = events.map((e) => e.dateRange.start)
      expect(starts).toEqual([...starts].sort())
      const byFile = new Map<string, ChronologyEventJson[]>()
      for (const e of events) byFile.set(e.source.file, [...(byFile.get(e.source.file) ?? []), e])
      for (const f of expected.files) {
        const rows = (byFile.get(f.file) ?? []).map((e) => e.source.row).sort((a, b) => a - b)
        const rejectedRows = new Set(f.rejected.map((r) => r.row))
        const acceptedRows = Array.from({ length: f.dataRows }, (_, i) => i + 1).filter((r) => !rejectedRows.has(r))
        // Every accepted row once, no rejected row, each from this file's import and agency.
        expect(rows, f.file).toEqual(acceptedRows)
        for (const e of byFile.get(f.file) ?? []) {
          expect(e.source.importId).toBe(importIds.get(f.file))
          expect(e.agency).toBe(f.agency)
        }
        const flagged = (flag: string) => (byFile.get(f.file) ?? []).filter((e) => e.flags.includes(flag)).map((e) => e.source.row).sort((a, b) => a - b)
        expect(flagged('exact-duplicate'), `${f.file} duplicates`).toEqual(f.exactDuplicates.flat().sort((a, b) => a - b))
        expect(flagged('outside-period'), `${f.file} outside the period`).toEqual([...f.outsidePeriod].sort((a, b) => a - b))
        expect(flagged('reduced-precision'), `${f.file} reduced precision`).toEqual(f.reducedPrecision.map((r) => r.row).sort((a, b) => a - b))
        for (const r of f.reducedPrecision) expect(byFile.get(f.file)?.find((e) => e.source.row === r.row)?.precision, `${f.file} row ${r.row}`).toBe(r.precision)
      }
      // The designed cross-agency episodes point at events dated on or a few days after the incident.
      for (const episode of expected.crossAgencyEpisodes) {
        for (const ref of episode.records) {
          const event = byFile.get(ref.file)?.find((e) => e.source.row === ref.row)
          expect(event, `${episode.label}: ${ref.file} row ${ref.row}`).toBeDefined()
          const gap = dayNumber(event!.occurredAt.slice(0, 10)) - dayNumber(episode.date)
          expect(gap >= -1 && gap <= 7, `${episode.label}: ${ref.file} row ${ref.row} is dated ${event!.occurredAt}`).toBe(true)
        }
      }
    })

    it('reads each extract with nothing but the agency given: encoding, separator, headings, date column and date format detected', async () => {
      const review = await setUpReview(t, expected.reviewPeriod)
      for (const f of expected.files) {
        const res = await apiUpload(t, review.leadToken, review.reviewId, { agency: f.agency }, { name: f.file, content: read(f.file) })
        expect(res.statusCode, `${f.file}: ${res.body.slice(0, 300)}`).toBe(201)
        const preview = res.json() as PreviewJson
        expect(preview.detected.mapping.occurredAt, f.file).toBe(f.mapping.occurredAt)
        expect(preview.detected.mapping.summary, f.file).toBe(f.mapping.summary)
        if (f.mapping.time) expect(preview.detected.mapping.time, f.file).toBe(f.mapping.time)
        expect(counted(preview), f.file).toEqual(wanted(f))
      }
    })
  })
}
