// Findings and the national typology: typology versions with their codes and crosswalks (version 1 seeded
// here), systemic and good practice findings with their tags, links and board questions, the board's actions,
// language check dismissals, independent tagging for agreement, and the quality self-assessment.
// Links to key practice episodes, map nodes and evidence are kept as ids without foreign keys: those live in
// other areas' tables (and the map is a versioned document), so the service checks them instead.
import { sql, type Kysely } from 'kysely'
import { TYPOLOGY_V1 } from '../methodology/typology/typology-v1.js'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('typology_versions')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('typology_codes')
    .addColumn('version', 'text', (c) => c.notNull().references('typology_versions.version'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('parent', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('examples', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('typology_codes_pk', ['version', 'code'])
    .execute()

  await db.schema
    .createTable('typology_crosswalk')
    .addColumn('version', 'text', (c) => c.notNull().references('typology_versions.version'))
    .addColumn('from_code', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('to_codes', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('same', 'renamed', 'split', 'merged', 'retired')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('typology_crosswalk_pk', ['version', 'from_code'])
    .execute()

  await db.schema
    .createTable('findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('systemic', 'good-practice')`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('in_this_case', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('how_widespread', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('why_it_matters', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('system_level', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema.createIndex('findings_review').on('findings').columns(['review_id', 'position']).execute()

  await db.schema
    .createTable('finding_tags')
    .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('typology_version', 'text', (c) => c.notNull().references('typology_versions.version'))
    .addColumn('tagged_by', 'text')
    .addColumn('tagged_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('finding_tags_pk', ['finding_id', 'code', 'typology_version'])
    .execute()

  await db.schema
    .createTable('finding_links')
    .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('kpe', 'map-node', 'event', 'quote', 'document')`))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('finding_links_pk', ['finding_id', 'kind', 'target_id'])
    .execute()

  await db.schema
    .createTable('finding_research_questions')
    .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull().references('research_questions.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('finding_research_questions_pk', ['finding_id', 'question_id'])
    .execute()

  await db.schema
    .createTable('board_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('responded_by', 'text')
    .addColumn('responded_at', 'text')
    .execute()
  await db.schema.createIndex('board_questions_finding').on('board_questions').columns(['finding_id', 'position']).execute()
  await db.schema.createIndex('board_questions_review').on('board_questions').column('review_id').execute()

  await db.schema
    .createTable('board_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('finding_id', 'text', (c) => c.references('findings.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('owner_agency', 'text', (c) => c.notNull())
    .addColumn('owner_role', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('success_measure', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('not-started', 'in-progress', 'done')`))
    .addColumn('completion_evidence', 'text')
    .addColumn('completed_on', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('board_actions_done_has_evidence', sql`status <> 'done' or (completion_evidence is not null and completed_on is not null)`)
    .execute()
  await db.schema.createIndex('board_actions_review').on('board_actions').columns(['review_id', 'due_date']).execute()

  // Status over time: one row per change, so a follow-up review can see when an action moved and why.
  await db.schema
    .createTable('board_action_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('board_actions.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('not-started', 'in-progress', 'done')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('by_user', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('board_action_updates_action').on('board_action_updates').columns(['action_id', 'at']).execute()

  // Remembered by the language check's issue key, review-wide, so a sentence accepted once stays accepted
  // wherever it appears in the review (findings, questions, report text).
  await db.schema
    .createTable('language_dismissals')
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('issue_key', 'text', (c) => c.notNull())
    .addColumn('phrase', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('dismissed_by', 'text')
    .addColumn('dismissed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('language_dismissals_pk', ['review_id', 'issue_key'])
    .execute()

  await db.schema
    .createTable('tagging_exercises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('typology_version', 'text', (c) => c.notNull().references('typology_versions.version'))
    .addColumn('finding_ids', 'text', (c) => c.notNull())
    .addColumn('first_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('second_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('first_done_at', 'text')
    .addColumn('second_done_at', 'text')
    .addColumn('started_by', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addCheckConstraint('tagging_exercises_two_people', sql`first_user_id <> second_user_id`)
    .execute()
  await db.schema.createIndex('tagging_exercises_review').on('tagging_exercises').columns(['review_id', 'started_at']).execute()

  await db.schema
    .createTable('tagging_exercise_tags')
    .addColumn('exercise_id', 'text', (c) => c.notNull().references('tagging_exercises.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('finding_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tagging_exercise_tags_pk', ['exercise_id', 'user_id', 'finding_id', 'code'])
    .execute()

  await db.schema
    .createTable('quality_answers')
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('marker_key', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull().check(sql`answer in ('met', 'partly', 'not-met')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quality_answers_pk', ['review_id', 'marker_key'])
    .execute()

  // Version 1 ships with the app. Later versions are published by national users with a crosswalk.
  await db.insertInto('typology_versions').values({
    version: TYPOLOGY_V1.version, published_at: TYPOLOGY_V1.publishedAt, published_by: null, recorded_at: `${TYPOLOGY_V1.publishedAt}T00:00:00.000Z`,
  }).execute()
  await db.insertInto('typology_codes').values(TYPOLOGY_V1.codes.map((c, position) => ({
    version: TYPOLOGY_V1.version, code: c.code, position, label: c.label, parent: c.parent, description: c.description, examples: JSON.stringify(c.examples),
  }))).execute()
}
