import type { ColumnType, Generated } from 'kysely'

export type GlobalRole = 'admin' | 'reviewer' | 'board' | 'national'

export interface UsersTable {
  id: string
  email: string
  name: string
  role: GlobalRole
  password_hash: string
  must_change_password: Generated<number>
  disabled_at: string | null
  created_at: string
  updated_at: string
  /** The partnership the account belongs to (migration 0020); null for a national analyst, who sees no review. */
  partnership_id: string | null
  /** 1 for an instance administrator, who may add partnerships and their administrators. */
  instance_admin: Generated<number>
}

/** One client's requests to one route in the current window (migration 0021). */
export interface RateLimitsTable {
  key: string
  hits: number
  /** Milliseconds since the epoch; bigint in PostgreSQL, which the pg driver returns as a string. */
  window_started_ms: ColumnType<number | string, number, number>
}

/** Work some app process is doing now, with its last heartbeat (migration 0023). */
export interface RunningJobsTable {
  job_id: string
  kind: 'chronology-analysis' | 'report-export'
  beat_at_ms: ColumnType<number | string, number, number>
}

export interface PartnershipsTable {
  id: string
  name: string
  created_by: string | null
  created_at: string
}

export interface SessionsTable {
  id_hash: string
  user_id: string | null
  csrf_token: string
  created_at: string
  last_seen_at: string
  expires_at: string
  flash: string | null
}

export interface LoginAttemptsTable {
  id: Generated<number>
  email_hash: string
  at: string
}

export interface ApiTokensTable {
  id: string
  user_id: string
  label: string
  token_hash: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
  /** Null only for a token made before tokens expired and before the upgrade set one. */
  expires_at: string | null
}

export interface AccreditationsTable {
  id: string
  user_id: string
  body: string
  reference: string
  valid_from: string | null
  valid_until: string
  recorded_by: string | null
  recorded_at: string
}

export interface AuditLogTable {
  seq: Generated<number>
  at: string
  actor_user_id: string | null
  actor_kind: 'user' | 'token' | 'system' | 'cli'
  action: string
  review_id: string | null
  object_type: string | null
  object_id: string | null
  request_id: string | null
  details: string
  prev_hash: string
  hash: string
}

/** The newest entry of the audit chain, and where its keyed (HMAC) segment starts. One row, id 1. */
export interface AuditChainHeadTable {
  id: number
  seq: number
  hash: string
  keyed_from_seq: number
}

export interface FoundationTables {
  users: UsersTable
  partnerships: PartnershipsTable
  rate_limits: RateLimitsTable
  running_jobs: RunningJobsTable
  sessions: SessionsTable
  login_attempts: LoginAttemptsTable
  api_tokens: ApiTokensTable
  accreditations: AccreditationsTable
  audit_log: AuditLogTable
  audit_chain_head: AuditChainHeadTable
}
