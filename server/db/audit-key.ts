// The audit chain's HMAC key: from AUDIT_KEY, or else a random key in a file beside the database (never inside it),
// created readable by its owner only. Someone who can edit the database file cannot recompute the chain without it.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config.js'

export const AUDIT_KEY_FILE = 'audit.key'

export class AuditKeyError extends Error {}

/** Creates the data directory if needed, readable by its owner only (the database, its WAL and the key live there). */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
}

export function loadAuditKey(config: Pick<Config, 'auditKey' | 'dataDir'>): Buffer {
  if (config.auditKey) return Buffer.from(config.auditKey, 'utf8')
  ensurePrivateDir(config.dataDir)
  const file = path.join(config.dataDir, AUDIT_KEY_FILE)
  if (!fs.existsSync(file)) {
    // Written whole to a private temporary file, then linked into place: link fails if the key exists, so two
    // processes starting at once agree on one key and neither can read a half-written one.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    fs.writeFileSync(temp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' })
    try {
      fs.linkSync(temp, file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      fs.unlinkSync(temp)
    }
  }
  const mode = fs.statSync(file).mode
  if (mode & 0o077) {
    throw new AuditKeyError(`The audit key file ${file} can be read by other users: run chmod 600 on it`)
  }
  const key = fs.readFileSync(file, 'utf8').trim()
  if (key.length < 32) throw new AuditKeyError(`The audit key file ${file} holds fewer than 32 characters; restore it from its backup`)
  return Buffer.from(key, 'utf8')
}
