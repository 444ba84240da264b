// A file database with a review and its lead reviewer, and a way to import a chronology file through the
// real services (upload → analyse → stage → commit), for the chronology benchmark and the kill test.
import fs from 'node:fs'
import path from 'node:path'
import { randomIds, systemClock } from '../server/clock.js'
import { loadConfig } from '../server/config.js'
import { migrateToLatest, openAppDatabase, type OpenDatabase } from '../server/db/database.js'
import { createUser } from '../server/services/accounts.js'
import { commitImport, uploadChronology } from '../server/services/chronology-import.js'
import { systemReviewViewer } from '../server/services/viewer.js'
import { systemActor, type Actor, type ServiceContext } from '../server/services/context.js'
import { createReview } from '../server/services/reviews.js'
import { updateUser } from '../server/data/users.js'
import { writeChronologyCsv } from './_chronology-fixture.js'

export interface BenchReview {
  database: OpenDatabase
  ctx: ServiceContext
  actor: Actor
  reviewId: string
  email: string
  password: string
}

/** The data directory's SQLite file, or with `databaseUrl` that PostgreSQL database (the audit key stays in the data directory). */
export async function openBenchDatabase(dataDir: string, databaseUrl?: string): Promise<{ database: OpenDatabase; ctx: ServiceContext }> {
  const config = loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0', MAX_UPLOAD_MB: '500', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) })
  const database = openAppDatabase(config)
  await migrateToLatest(database.db)
  return { database, ctx: { db: database.db, clock: systemClock, config, newId: randomIds } }
}

export async function createBenchReview(dataDir: string, databaseUrl?: string): Promise<BenchReview> {
  const { database, ctx } = await openBenchDatabase(dataDir, databaseUrl)
  const email = 'bench.lead@example.org'
  const password = 'a long bench password'
  const user = await createUser(ctx, systemActor, { email, name: 'Bench Lead', role: 'reviewer', password })
  await updateUser(ctx.db, user.id, { must_change_password: 0 })
  const actor: Actor = { userId: user.id, role: 'reviewer', name: user.name, via: 'system', requestId: null }
  const review = await createReview(ctx, actor, {
    title: 'Benchmark review', boardName: 'Bench partnership', subjectPseudonym: 'Child B', methodology: 'learning-together',
    periodFrom: '2020-01-01', periodTo: '2021-12-31', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })
  return { database, ctx, actor, reviewId: review.id, email, password }
}

/** Uploads and analyses a copy of the file (the service takes the upload over); returns the import id. */
export async function previewFile(b: Pick<BenchReview, 'ctx' | 'actor' | 'reviewId'>, agency: string, file: string): Promise<string> {
  const copy = path.join(b.ctx.config.dataDir, `upload-${Date.now()}-${Math.random().toString(16).slice(2)}.csv`)
  fs.copyFileSync(file, copy)
  const started = await uploadChronology(b.ctx, systemReviewViewer(b.actor, b.reviewId), {
    agency, file: { path: copy, filename: path.basename(file), mimetype: 'text/csv', size: fs.statSync(copy).size },
  })
  const outcome = await started.finished
  if (!outcome.ok) throw outcome.error
  return started.importId
}

export async function commitFile(b: Pick<BenchReview, 'ctx' | 'actor' | 'reviewId'>, importId: string): Promise<number> {
  return (await commitImport(b.ctx, systemReviewViewer(b.actor, b.reviewId), importId)).committed
}

/** The page benchmarks' review: 2,000 events, 400 from each of five agencies, imported through the services. */
export async function importFiveAgencies(b: Pick<BenchReview, 'ctx' | 'actor' | 'reviewId'>, work: string): Promise<number> {
  const agencies = ['Police', 'Health Visiting', "Children's Social Care", 'GP', 'Nursery']
  let events = 0
  for (const [i, agency] of agencies.entries()) {
    const csv = path.join(work, `agency-${i}.csv`)
    writeChronologyCsv(csv, { rows: 400 }, 100 + i)
    events += await commitFile(b, await previewFile(b, agency, csv))
  }
  return events
}
