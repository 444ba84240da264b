// Start-up: read config, open and migrate the database, create the first admin and the demo review, listen.
import { buildApp } from './app.js'
import { systemClock, randomIds } from './clock.js'
import { ConfigError, loadConfig } from './config.js'
import { checkDatabaseBeforeStart, describeDatabase, migrateToLatest, openAppDatabase, rowSecurityBinds } from './db/database.js'
import { ensureFirstAdmin } from './services/accounts.js'
import { seedDemoIfEmpty } from './demo/seed.js'
import { prewarmImportWorker } from './import/analyse-in-worker.js'
import { startHousekeeping } from './services/housekeeping.js'

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration problem: ${error.message}`)
      process.exit(2)
    }
    throw error
  }
  // A PostgreSQL database that does not answer, or holds a newer schema, stops start-up before anything is written.
  await checkDatabaseBeforeStart(config)
  const database = openAppDatabase(config)
  await migrateToLatest(database.db, undefined, describeDatabase(config))
  const ctx = { db: database.db, clock: systemClock, config, newId: randomIds }

  const admin = await ensureFirstAdmin(ctx)
  if (admin.created && admin.generatedPassword) {
    // Printed once, to the terminal only (not the log): it is never stored in the clear or shown again.
    console.log(`\nFirst administrator created.\n  Email:    ${admin.email}\n  Password: ${admin.generatedPassword}\n  (temporary: you will be asked to change it when you sign in)\n`)
  } else if (admin.created) {
    console.log(`\nFirst administrator created from SCR_ADMIN_EMAIL: ${admin.email}\n`)
  }
  if (config.seedDemo) {
    const demo = await seedDemoIfEmpty(ctx)
    if (demo.seeded) {
      console.log('Demo review seeded (entirely fictional). Demo sign-ins, shown once:')
      for (const login of demo.logins) console.log(`  ${login.role.padEnd(28)} ${login.email.padEnd(46)} ${login.password}`)
      console.log('')
    }
  }

  const app = await buildApp({ db: database.db, clock: systemClock, config, database })
  if ((await rowSecurityBinds(database.db)) === false) {
    app.log.warn('DATABASE_URL connects as a superuser or a role with BYPASSRLS: row-level security does not bind it, so partnerships are kept apart by the app alone. Connect as the role that owns the database (README, PostgreSQL).')
  }
  const stopHousekeeping = startHousekeeping(ctx, app.log)
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    // Stop accepting requests, let in-flight ones finish, then close the database cleanly.
    const timer = setTimeout(() => process.exit(1), 10_000)
    timer.unref()
    await app.close()
    await stopHousekeeping()
    await database.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  await app.listen({ host: config.host, port: config.port })
  prewarmImportWorker(config.importLimits)
  console.log(`Casework Lens is running at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `Casework Lens could not start: ${error.message}` : error)
  process.exit(1)
})
