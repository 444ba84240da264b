// The database as Kysely sees it: one interface per area in ./tables, joined here.
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely'
import type { FoundationTables } from './tables/foundation.js'
import type { ReviewTables } from './tables/reviews.js'

export interface Database extends FoundationTables, ReviewTables {}

/** Either the database or a transaction: repository functions take this first so they run inside a `trx`. */
export type Executor = Kysely<Database> | Transaction<Database>

export type User = Selectable<Database['users']>
export type NewUser = Insertable<Database['users']>
export type UserUpdate = Updateable<Database['users']>
export type Session = Selectable<Database['sessions']>
export type ApiToken = Selectable<Database['api_tokens']>
export type Accreditation = Selectable<Database['accreditations']>
export type AuditRow = Selectable<Database['audit_log']>
export type Review = Selectable<Database['reviews']>
export type ReviewMember = Selectable<Database['review_members']>
export type ResearchQuestion = Selectable<Database['research_questions']>
export type StageRecord = Selectable<Database['stage_records']>
