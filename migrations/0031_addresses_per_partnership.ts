// An email address is unique within a partnership (and among national analysts, who belong to none), no longer on
// the whole instance (issue 14). While it was instance-wide, a partnership's administrator adding an account could
// tell from the refusal that an address was in use in another partnership; now adding it works the same whether or
// not it is, and the same person may hold an account in each partnership that adds them. Sign-in tries the password
// against each account at the address (services/accounts.ts).
//
// SQLite cannot drop a column's UNIQUE constraint, so the users table is rebuilt from its own definition without it
// (foreign keys off while the old table goes, as SQLite's documentation describes, and checked before the commit).
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

const EMAIL_COLUMN = '"email" text not null unique'

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await dropPostgresConstraint(db)
  else await rebuildSqliteUsers(db)
  await db.schema.createIndex('users_partnership_email').on('users').columns(['partnership_id', 'email']).unique()
    .where('partnership_id', 'is not', null).execute()
  await db.schema.createIndex('users_national_email').on('users').column('email').unique()
    .where(sql.ref('partnership_id'), 'is', null).execute()
}

async function dropPostgresConstraint(db: Kysely<any>): Promise<void> {
  const found = await sql<{ name: string }>`
    select c.conname as name from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
    where c.conrelid = 'users'::regclass and c.contype = 'u' and a.attname = 'email' and array_length(c.conkey, 1) = 1`.execute(db)
  if (found.rows.length !== 1) throw new Error(`Expected one unique constraint on users.email, found ${found.rows.length}`)
  await sql`alter table users drop constraint ${sql.id(found.rows[0]!.name)}`.execute(db)
}

async function rebuildSqliteUsers(db: Kysely<any>): Promise<void> {
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'users'`.execute(db)
  const createSql = table.rows[0]?.sql ?? ''
  if (!createSql.includes(EMAIL_COLUMN)) throw new Error(`The users table is not as migration 0001 made it: ${createSql}`)
  const rebuilt = createSql.replace('CREATE TABLE "users"', 'CREATE TABLE "users_rebuilt"').replace(EMAIL_COLUMN, '"email" text not null')
  // The pragma is ignored inside a transaction, so it is set around it.
  await sql`pragma foreign_keys = off`.execute(db)
  try {
    await db.transaction().execute(async (trx) => {
      await sql.raw(rebuilt).execute(trx)
      await sql`insert into users_rebuilt select * from users`.execute(trx)
      await sql`drop table users`.execute(trx)
      await sql`alter table users_rebuilt rename to users`.execute(trx)
      await trx.schema.createIndex('users_partnership').on('users').column('partnership_id').execute()
      const broken = await sql`pragma foreign_key_check`.execute(trx)
      if (broken.rows.length > 0) throw new Error(`Rebuilding users left ${broken.rows.length} broken foreign keys`)
    })
  } finally {
    await sql`pragma foreign_keys = on`.execute(db)
  }
}
