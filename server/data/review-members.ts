import type { Executor, ReviewMember } from './schema.js'

export async function findMembership(db: Executor, reviewId: string, userId: string): Promise<ReviewMember | undefined> {
  return db.selectFrom('review_members').selectAll().where('review_id', '=', reviewId).where('user_id', '=', userId).executeTakeFirst()
}

export async function reviewExists(db: Executor, reviewId: string): Promise<boolean> {
  return (await db.selectFrom('reviews').select('id').where('id', '=', reviewId).executeTakeFirst()) !== undefined
}

export interface MemberWithUser extends ReviewMember {
  name: string
  email: string
  user_role: string
  disabled_at: string | null
}

export async function listMembers(db: Executor, reviewId: string): Promise<MemberWithUser[]> {
  return db
    .selectFrom('review_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.review_id', 'm.user_id', 'm.role', 'm.agency', 'm.added_by', 'm.added_at', 'u.name', 'u.email', 'u.role as user_role', 'u.disabled_at'])
    .where('m.review_id', '=', reviewId)
    .orderBy('m.role')
    .orderBy('u.name')
    .execute()
}

export async function insertMember(db: Executor, member: ReviewMember): Promise<void> {
  await db.insertInto('review_members').values(member).execute()
}

export async function updateMember(db: Executor, reviewId: string, userId: string, changes: Partial<Pick<ReviewMember, 'role' | 'agency'>>): Promise<void> {
  await db.updateTable('review_members').set(changes).where('review_id', '=', reviewId).where('user_id', '=', userId).execute()
}

export async function deleteMember(db: Executor, reviewId: string, userId: string): Promise<void> {
  await db.deleteFrom('review_members').where('review_id', '=', reviewId).where('user_id', '=', userId).execute()
}

export async function countLeadReviewers(db: Executor, reviewId: string): Promise<number> {
  const row = await db
    .selectFrom('review_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('review_id', '=', reviewId)
    .where('role', '=', 'lead-reviewer')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
