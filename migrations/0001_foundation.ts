// Accounts, sessions, API tokens, login throttling, reviewer accreditation and the audit chain.
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'reviewer', 'board', 'national')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('flash', 'text')
    .execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute()

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // A hash of the normalised email, so the table holds no addresses (and unknown emails are throttled the same).
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_attempts_email_at').on('login_attempts').columns(['email_hash', 'at']).execute()

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute()

  await db.schema
    .createTable('accreditations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id')) // null when recorded by the system
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('accreditations_user').on('accreditations').column('user_id').execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull()) // 'user' | 'token' | 'system' | 'cli'
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('review_id', 'text')
    .addColumn('object_type', 'text')
    .addColumn('object_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull()) // JSON: ids, counts and reasons; never case content
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_log_review').on('audit_log').columns(['review_id', 'seq']).execute()
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_user_id', 'seq']).execute()
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute()
  // Append-only: the database itself refuses edits and deletions; the hash chain catches anything done around it.
  if (isPostgres(db)) {
    // PostgreSQL can also empty a table with TRUNCATE, which fires no row trigger: refused by a statement trigger.
    // The owning role's own right to change rows is revoked too (a superuser keeps it; the app should not run as one).
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db)
    await sql`create trigger audit_log_no_update before update on audit_log for each row execute function audit_log_append_only()`.execute(db)
    await sql`create trigger audit_log_no_delete before delete on audit_log for each row execute function audit_log_append_only()`.execute(db)
    await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`.execute(db)
    await sql`revoke update, delete, truncate on audit_log from current_user`.execute(db)
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db)
    await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db)
  }
}
