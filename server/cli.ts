// Command line: npm run cli -- <command>. Exit 0 on success; otherwise one line on stderr and a non-zero code.
import { parseArgs } from 'node:util'
import path from 'node:path'
import { systemClock, randomIds } from './clock.js'
import { loadConfig } from './config.js'
import type { Kysely } from 'kysely'
import { checkDatabaseBeforeStart, DatabaseStartError, describeDatabase, migrateToLatest, openAppDatabase, type OpenDatabase } from './db/database.js'
import { copySqliteToPostgres, CopyError } from './db/copy-to-postgres.js'
import { loadAuditKey } from './db/audit-key.js'
import { redactUrl } from './db/postgres-errors.js'
import type { Database } from './data/schema.js'
import { backupDatabase, BackupError } from './db/backup.js'
import { DomainError } from './errors.js'
import { createUser } from './services/accounts.js'
import { addPartnership } from './services/partnerships.js'
import { createApiToken } from './services/api-tokens.js'
import { verifyAuditChain, recordAudit } from './services/audit.js'
import { checkpointFile, parseCheckpointArgument, readAuditCheckpoints, writeAuditCheckpoint } from './services/audit-checkpoints.js'
import type { Actor, ServiceContext } from './services/context.js'

const cliActor: Actor = { userId: null, role: null, name: 'command line', via: 'cli', requestId: null }

const USAGE = `Usage: npm run cli -- <command> [options]
  user:add --email E --name N --role admin|reviewer|board|national [--partnership ID]
                                                                       (password from the SCR_PASSWORD environment variable;
                                                                       the partnership from partnership:add, else the default one)
  partnership:add --name N                                             (a safeguarding partnership on a hosted instance; prints its id)
  token:create --email E [--name LABEL] [--partnership ID]             (prints the new token once, and when it expires)
  backup --to FILE                                                     (a consistent copy, safe while the server runs)
  db:copy --to postgres://USER@HOST:PORT/DB                            (copies this SQLite deployment into an EMPTY PostgreSQL
                                                                       database in one transaction, then verifies its audit chain
                                                                       and row counts; refuses a database that is not empty)
  audit:verify [--checkpoint SEQ:HASH ...]                             (checks the audit trail's keyed hash chain against its
                                                                       checkpoint file and any checkpoints noted from the log or screen)
  audit:checkpoint                                                     (notes the newest audit entry's number and hash in the checkpoint file)
  help`

class CliError extends Error {}

const COPY_NEEDS_SQLITE = 'db:copy copies the embedded SQLite database of DATA_DIR, but DATABASE_URL is set: unset it and name the PostgreSQL database with --to; nothing was written'

/** The audit chain checked against the checkpoint file and any noted on the command line: audit:verify's answer. */
async function verifyChain(db: Kysely<Database>, dataDir: string, notedArgs: string[]): Promise<string> {
  const fromFile = readAuditCheckpoints(dataDir)
  const noted = notedArgs.map((text) => {
    const parsed = parseCheckpointArgument(text)
    if (!parsed) throw new CliError(`--checkpoint "${text}" is not an entry number and a 64-character hash, like 120:9f86d0…`)
    return parsed
  })
  const verdict = await verifyAuditChain(db, [...fromFile.checkpoints, ...noted])
  if (!verdict.ok) throw new CliError(`Audit chain broken at entry ${verdict.brokenAt!.seq}: ${verdict.brokenAt!.reason}`)
  const parts = [`Audit chain intact: ${verdict.rows} entries verified`]
  parts.push(`${verdict.checkpointsMatched} checkpoint${verdict.checkpointsMatched === 1 ? '' : 's'} matched`)
  if (verdict.keyedFromSeq > 1) parts.push(`entries before ${verdict.keyedFromSeq} predate the keyed chain and are vouched for by the first keyed entry`)
  if (fromFile.unreadable) parts.push(`${fromFile.unreadable} unreadable line${fromFile.unreadable === 1 ? '' : 's'} in ${checkpointFile(dataDir)} ignored`)
  return parts.join('; ')
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value.trim() === '') throw new CliError(`--${name} is required`)
  return value
}

async function run(argv: string[], database: OpenDatabase, ctx: ServiceContext): Promise<string> {
  const [command, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    allowPositionals: false,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, partnership: { type: 'string' }, to: { type: 'string' }, checkpoint: { type: 'string', multiple: true } },
    strict: true,
  })
  switch (command) {
    case 'user:add': {
      const password = process.env.SCR_PASSWORD
      if (!password) throw new CliError('Set the password in the SCR_PASSWORD environment variable (never on the command line)')
      const user = await createUser(ctx, cliActor, { email: required(values, 'email'), name: required(values, 'name'), role: required(values, 'role'), password, partnershipId: values.partnership })
      return `Added ${user.email} (${user.role})`
    }
    case 'partnership:add': {
      const partnership = await addPartnership(ctx, cliActor, { name: required(values, 'name') })
      return `Added partnership ${partnership.name}: id ${partnership.id}`
    }
    case 'token:create': {
      const { token, record } = await createApiToken(ctx, cliActor, required(values, 'email'), values.name ?? 'Command-line token', values.partnership)
      return `${token}\nExpires ${record.expires_at} (after ${ctx.config.apiTokenDays} days; API_TOKEN_DAYS sets this)`
    }
    case 'backup': {
      const target = path.resolve(required(values, 'to'))
      // SQLite's online backup, in steps: a consistent snapshot while the server keeps writing; file 0600.
      if (!database.sqlite) throw new CliError('backup copies the embedded SQLite database; this server uses PostgreSQL: back it up with pg_dump (see the README)')
      let result
      try {
        result = await backupDatabase(database.sqlite, target)
      } catch (error) {
        if (error instanceof BackupError) throw new CliError(error.message)
        throw error
      }
      await ctx.db.transaction().execute((trx) => recordAudit(trx, ctx.clock, cliActor, { action: 'database.backup', details: { file: path.basename(target), pages: result.pages } }))
      return `Backup written to ${target} (readable by you only). The audit key is not in it: keep ${ctx.config.auditKey ? 'AUDIT_KEY' : path.join(ctx.config.dataDir, 'audit.key')} backed up separately.`
    }
    case 'audit:verify':
      return verifyChain(ctx.db, ctx.config.dataDir, values.checkpoint ?? [])
    case 'db:copy': {
      const to = required(values, 'to')
      if (!database.sqlite) throw new CliError(COPY_NEEDS_SQLITE)
      // The same checks as DATABASE_URL gets at start-up (a postgres:// URL naming a host and a database).
      let targetUrl: string
      try {
        targetUrl = loadConfig({ ...process.env, DATABASE_URL: to }).databaseUrl!
      } catch (error) {
        throw new CliError(`--to: ${error instanceof Error ? error.message.replace(/^DATABASE_URL/, 'the target') : String(error)}`)
      }
      let chain = ''
      let result
      try {
        result = await copySqliteToPostgres(database.sqlite, targetUrl, {
          auditKey: loadAuditKey(ctx.config),
          // Verified as audit:verify does, before the copy commits: a chain that does not verify is not moved.
          beforeCommit: async (target) => { chain = await verifyChain(target, ctx.config.dataDir, values.checkpoint ?? []) },
        })
      } catch (error) {
        if (error instanceof CopyError || error instanceof DatabaseStartError || error instanceof CliError) throw new CliError(/nothing was written/.test(error.message) ? error.message : `${error.message}${/[.?!]$/.test(error.message) ? '' : '.'} Nothing was written to the target.`)
        throw error
      }
      return [
        `Copied ${result.rows} rows in ${result.tables.length} tables to ${redactUrl(targetUrl)}; every table's row count matches.`,
        chain.replace(/^Audit chain intact/, 'On the target: audit chain intact'),
        `Run the server with DATABASE_URL set to it and the same ${ctx.config.auditKey ? 'AUDIT_KEY' : `audit key (${path.join(ctx.config.dataDir, 'audit.key')}: keep DATA_DIR, or set AUDIT_KEY)`}.`,
      ].join('\n')
    }
    case 'audit:checkpoint': {
      const { checkpoint } = await writeAuditCheckpoint({ db: ctx.db, clock: ctx.clock, dataDir: ctx.config.dataDir }, 'cli', { always: true })
      return `Audit checkpoint: entry ${checkpoint.seq}, hash ${checkpoint.hash}`
    }
    case 'help':
    case '--help':
      return USAGE
    default:
      throw new CliError(command ? `Unknown command "${command}": run npm run cli -- help` : 'No command given: run npm run cli -- help')
  }
}

async function main(): Promise<number> {
  const config = loadConfig()
  // Checked before the database is opened (and migrated): the refusal writes nothing anywhere.
  if (process.argv[2] === 'db:copy' && config.databaseUrl) {
    console.error(COPY_NEEDS_SQLITE)
    return 1
  }
  await checkDatabaseBeforeStart(config)
  const database = openAppDatabase(config)
  try {
    await migrateToLatest(database.db, undefined, describeDatabase(config))
    const output = await run(process.argv.slice(2), database, { db: database.db, clock: systemClock, config, newId: randomIds })
    console.log(output)
    return 0
  } catch (error) {
    const detail = error instanceof DomainError && error.details.length ? `: ${error.details.map((d) => d.message).join('; ')}` : ''
    console.error(error instanceof Error ? `${error.message}${detail}` : String(error))
    return 1
  } finally {
    await database.close()
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
