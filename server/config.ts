// Every environment variable the app reads, read once and validated here.
import path from 'node:path'
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import/import-limits.js'

export interface Config {
  host: string
  port: number
  dataDir: string
  /** SQLite file, used when databaseUrl is null. */
  databaseFile: string
  /** DATABASE_URL: a postgres:// URL selects PostgreSQL; null keeps the embedded SQLite file in the data directory. */
  databaseUrl: string | null
  /** DATABASE_POOL_SIZE: connections each app process keeps to PostgreSQL. */
  databasePoolSize: number
  adminEmail: string | null
  adminPassword: string | null
  seedDemo: boolean
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* and send Secure cookies. */
  trustProxy: boolean
  sessionIdleMinutes: number
  sessionAbsoluteHours: number
  /** scrypt cost exponent (N = 2^k); stored with each hash so it can be raised later. */
  passwordCost: number
  logLevel: string
  /** Largest upload (agency chronology files, conversation notes), in bytes. */
  maxUploadBytes: number
  /** How much one chronology upload may hold, and the memory and time reading it may take. */
  importLimits: ImportLimits
  /** The audit chain's HMAC key from AUDIT_KEY; null to use (or create) the key file in the data directory. */
  auditKey: string | null
  /** How often the newest audit hash is written to the checkpoint file and the log. */
  auditCheckpointMinutes: number
  /** How long a new API token works for. */
  apiTokenDays: number
  /** Uploaded files no pending import needs are removed once older than this. */
  uploadSweepHours: number
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`)
  }
  return value
}

function flagFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false
  throw new ConfigError(`${name} must be 1 or 0, not "${raw}"`)
}

/** Accepts postgres:// and postgresql:// URLs naming a database; the message never repeats a password. */
function databaseUrlFrom(env: NodeJS.ProcessEnv): string | null {
  const raw = env.DATABASE_URL?.trim()
  if (!raw) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError('DATABASE_URL is not a URL: it should look like postgres://user:password@host:5432/database')
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// (PostgreSQL is the only server database supported), not ${url.protocol}//; leave it unset to use the embedded SQLite database`)
  }
  if (!url.hostname) throw new ConfigError('DATABASE_URL names no host: it should look like postgres://user:password@host:5432/database')
  if (url.pathname.replace(/^\//, '') === '') throw new ConfigError('DATABASE_URL names no database: add it after the host, as in postgres://user@host:5432/casework_lens')
  return raw
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const dataDir = path.resolve(cwd, env.DATA_DIR || './data')
  const adminEmail = env.SCR_ADMIN_EMAIL?.trim() || null
  const adminPassword = env.SCR_ADMIN_PASSWORD || null
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('Set both SCR_ADMIN_EMAIL and SCR_ADMIN_PASSWORD, or neither')
  }
  if (adminPassword !== null && adminPassword.length < 12) {
    throw new ConfigError('SCR_ADMIN_PASSWORD must be at least 12 characters')
  }
  const auditKey = env.AUDIT_KEY || null
  if (auditKey !== null && auditKey.length < 32) {
    throw new ConfigError('AUDIT_KEY must be at least 32 characters (for example: openssl rand -base64 32)')
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    dataDir,
    databaseFile: path.join(dataDir, 'casework-lens.sqlite'),
    databaseUrl: databaseUrlFrom(env),
    databasePoolSize: intFrom(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    adminEmail,
    adminPassword,
    seedDemo: flagFrom(env, 'SCR_DEMO', true),
    trustProxy: flagFrom(env, 'TRUST_PROXY', false),
    sessionIdleMinutes: intFrom(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: intFrom(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    passwordCost: intFrom(env, 'PASSWORD_COST', 15, 10, 20),
    logLevel: env.LOG_LEVEL || 'info',
    maxUploadBytes: intFrom(env, 'MAX_UPLOAD_MB', 50, 1, 500) * 1024 * 1024,
    importLimits: {
      ...DEFAULT_IMPORT_LIMITS,
      maxRows: intFrom(env, 'IMPORT_MAX_ROWS', DEFAULT_IMPORT_LIMITS.maxRows, 1000, 5_000_000),
      maxMemoryMb: intFrom(env, 'IMPORT_MAX_MEMORY_MB', DEFAULT_IMPORT_LIMITS.maxMemoryMb, 64, 8192),
      maxSeconds: intFrom(env, 'IMPORT_MAX_SECONDS', DEFAULT_IMPORT_LIMITS.maxSeconds, 5, 3600),
    },
    auditKey,
    auditCheckpointMinutes: intFrom(env, 'AUDIT_CHECKPOINT_MINUTES', 10, 1, 24 * 60),
    apiTokenDays: intFrom(env, 'API_TOKEN_DAYS', 90, 1, 3650),
    uploadSweepHours: intFrom(env, 'UPLOAD_SWEEP_HOURS', 24, 1, 24 * 365),
  }
}
