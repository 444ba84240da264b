// The audit chain becomes keyed (HMAC with a key kept outside the database) and cannot fork.
// A one-row head records the newest entry; every append must follow it and moves it on in the same transaction,
// and no two entries from here on may follow the same entry. Entries already written keep their plain SHA-256
// hashes: keyed_from_seq marks where the keyed segment starts, and the first keyed entry's MAC covers the last
// plain hash, so the earlier entries cannot be rewritten without breaking it.
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

const GENESIS_HASH = '0'.repeat(64)

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('keyed_from_seq', 'integer', (c) => c.notNull())
    .execute()
  const last = await sql<{ seq: number; hash: string }>`select seq, hash from audit_log order by seq desc limit 1`.execute(db)
  const seq = last.rows[0]?.seq ?? 0
  await sql`insert into audit_chain_head (id, seq, hash, keyed_from_seq) values (1, ${seq}, ${last.rows[0]?.hash ?? GENESIS_HASH}, ${seq + 1})`.execute(db)
  // The fork guard: from the boundary on, each entry is the only one to follow its predecessor.
  await sql`create unique index audit_log_one_successor on audit_log (prev_hash) where seq > ${sql.lit(seq)}`.execute(db)
  if (isPostgres(db)) {
    await postgresGuards(db)
    return
  }
  await sql`create trigger audit_log_follows_head before insert on audit_log
    when new.prev_hash is not (select hash from audit_chain_head where id = 1)
    begin select raise(abort, 'audit_log entry does not follow the head of the chain'); end`.execute(db)
  await sql`create trigger audit_chain_head_forward before update on audit_chain_head
    when new.seq <= old.seq or new.keyed_from_seq <> old.keyed_from_seq
    begin select raise(abort, 'the audit chain head only moves forward'); end`.execute(db)
  await sql`create trigger audit_chain_head_kept before delete on audit_chain_head
    begin select raise(abort, 'the audit chain head cannot be deleted'); end`.execute(db)
}

// PostgreSQL: the same three guards as trigger functions, and TRUNCATE of the head refused too.
async function postgresGuards(db: Kysely<any>): Promise<void> {
  await sql`create function audit_log_follows_head() returns trigger language plpgsql as $$
    begin
      if new.prev_hash is distinct from (select hash from audit_chain_head where id = 1) then
        raise exception 'audit_log entry does not follow the head of the chain';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger audit_log_follows_head before insert on audit_log for each row execute function audit_log_follows_head()`.execute(db)
  await sql`create function audit_chain_head_forward() returns trigger language plpgsql as $$
    begin
      if new.seq <= old.seq or new.keyed_from_seq <> old.keyed_from_seq then
        raise exception 'the audit chain head only moves forward';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger audit_chain_head_forward before update on audit_chain_head for each row execute function audit_chain_head_forward()`.execute(db)
  await sql`create function audit_chain_head_kept() returns trigger language plpgsql as $$
    begin raise exception 'the audit chain head cannot be deleted'; end $$`.execute(db)
  await sql`create trigger audit_chain_head_kept before delete on audit_chain_head for each row execute function audit_chain_head_kept()`.execute(db)
  await sql`create trigger audit_chain_head_not_truncated before truncate on audit_chain_head for each statement execute function audit_chain_head_kept()`.execute(db)
  await sql`revoke delete, truncate on audit_chain_head from current_user`.execute(db)
}
