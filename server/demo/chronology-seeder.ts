// Demo seeding for the chronology: every agency extract in server/demo/case is uploaded and committed through
// the real import (with the column choices and date formats its expected.json records), the events the key
// practice episodes draw on are marked significant, and the designed cross-agency episodes are linked.
// Runs first: the evidence and analysis seeders find events by file and row.
import fs from 'node:fs'
import path from 'node:path'
import { findEventIdsBySource } from '../data/evidence.js'
import { commitImport, uploadChronology } from '../services/chronology-import.js'
import { linkEvents } from '../services/chronology-episodes.js'
import { markEventsSignificant } from '../services/chronology.js'
import { systemReviewViewer } from '../services/viewer.js'
import { demoCaseDir, readDemoExpected, type EventRef } from './case/demo-case.js'
import type { DemoSeeder } from './seed.js'

export const seedChronology: DemoSeeder = async ({ ctx, reviewId, users, analysis }) => {
  const actor = users.lead.actor
  const lead = systemReviewViewer(actor, reviewId)
  const expected = readDemoExpected()
  const uploads = path.join(ctx.config.dataDir, 'tmp')
  fs.mkdirSync(uploads, { recursive: true, mode: 0o700 })
  for (const file of expected.files) {
    // The import takes the uploaded file over, as it does a browser's upload: give it a copy.
    const copy = path.join(uploads, `demo-${file.file}`)
    fs.copyFileSync(path.join(demoCaseDir, file.file), copy)
    const started = await uploadChronology(ctx, lead, {
      agency: file.agency, mapping: JSON.stringify(file.mapping), dateFormat: file.dateFormat,
      file: { path: copy, filename: file.file, mimetype: 'application/octet-stream', size: fs.statSync(copy).size },
    })
    const outcome = await started.finished
    if (!outcome.ok) throw outcome.error
    await commitImport(ctx, lead, started.importId)
  }

  const episodeRefs = expected.crossAgencyEpisodes.flatMap((e) => e.records)
  const kpeRefs: EventRef[] = analysis.keyPracticeEpisodes.flatMap((k) => k.events)
  const ids = await findEventIdsBySource(ctx.db, reviewId, [...kpeRefs, ...episodeRefs])
  const idsOf = (refs: readonly EventRef[]) => [...new Set(refs.flatMap((r) => ids.get(`${r.file}#${r.row}`) ?? []))]
  await markEventsSignificant(ctx, actor, reviewId, idsOf(kpeRefs), true)
  for (const episode of expected.crossAgencyEpisodes) {
    const eventIds = idsOf(episode.records)
    if (eventIds.length >= 2) await linkEvents(ctx, actor, reviewId, eventIds)
  }
}
