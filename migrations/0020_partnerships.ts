// Partnerships as tenants (issue 14): a hosted instance serves many safeguarding partnerships. Every review belongs to
// one; every account except a national analyst's belongs to one. A deployment that had only one partnership gets it
// here as 'default', holding every existing review and account, so nothing changes for its users. Existing
// administrators become instance administrators too (the only ones who may add partnerships), as they were the
// whole instance's administrators before.
// The columns carry no REFERENCES clause: SQLite cannot add a NOT NULL foreign key column to a table with rows
// (with foreign keys on, an added REFERENCES column must default to NULL); the application sets them from the viewer.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('partnerships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await sql`insert into partnerships (id, name, created_by, created_at) values ('default', 'This partnership', null, ${new Date().toISOString()})`.execute(db)

  await db.schema.alterTable('reviews').addColumn('partnership_id', 'text', (c) => c.notNull().defaultTo('default')).execute()
  await db.schema.createIndex('reviews_partnership').on('reviews').column('partnership_id').execute()

  await db.schema.alterTable('users').addColumn('partnership_id', 'text').execute()
  await db.schema.alterTable('users').addColumn('instance_admin', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await sql`update users set partnership_id = 'default' where role <> 'national'`.execute(db)
  await sql`update users set instance_admin = 1 where role = 'admin'`.execute(db)
  await db.schema.createIndex('users_partnership').on('users').column('partnership_id').execute()
}
