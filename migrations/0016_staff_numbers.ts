// A person's staff, payroll or police warrant number, where the register records it: the publication scan and
// the pseudonymiser then find it in any spacing. Null when not recorded.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('persons').addColumn('staff_number', 'text').execute()
}
