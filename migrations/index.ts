// The ordered list of migrations. Forward-only: once a migration has landed it is never edited; add a new one.
import type { Migration } from 'kysely'
import * as m0001 from './0001_foundation.js'
import * as m0002 from './0002_reviews.js'

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_reviews': m0002,
}
