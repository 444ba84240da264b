// The demo's rapid review: the Westmere partners' rapid review after Child M was injured, which decided on the
// local review the demo is about. It is set up as its own rapid review, saved through the real service, and
// linked to the demo review as the local review started from it. Everything in it is invented.
import { findReview } from '../data/reviews.js'
import { linkLocalReview } from '../data/rapid-reviews.js'
import { addMember, createReview } from '../services/reviews.js'
import { saveRapidReview } from '../services/rapid-review.js'
import { systemReviewViewer } from '../services/viewer.js'
import type { DemoSeeder } from './seed.js'

export const seedRapidReview: DemoSeeder = async (demo) => {
  const { ctx, users } = demo
  const local = (await findReview(ctx.db, demo.reviewId))!
  const lead = users.lead
  const review = await createReview(ctx, lead.actor, {
    title: 'Rapid review: Child M', boardName: local.board_name ?? '', subjectPseudonym: local.subject_pseudonym, methodology: 'rapid-review',
    periodFrom: local.period_from, periodTo: local.period_to, incidentDate: '2021-09-14', notificationDate: '2021-09-16', decisionDate: '',
    region: local.region ?? '', childAgeBand: local.child_age_band ?? '', harmCategory: local.harm_category ?? '',
  })
  for (const key of ['teamHealth', 'teamPolice', 'teamCsc', 'boardChair'] as const) {
    const member = users[key]
    await addMember(ctx, lead.actor, review.id, { email: member.user.email, role: key === 'boardChair' ? 'board-chair' : 'review-team', agency: key === 'teamHealth' ? 'Health Visiting' : key === 'teamPolice' ? 'Police' : key === 'teamCsc' ? "Children's Social Care" : '' })
  }
  await saveRapidReview(ctx, systemReviewViewer(lead.actor, review.id), {
    facts: {
      child: 'Child M, aged 19 months, lived with her mother and her sibling (aged 7). She attended nursery three days a week.',
      household: 'Mother; Sibling (7); Mr Y, mother’s partner since about November 2020, who stayed at the home most nights. Birth father not in contact.',
      agencies: ['Children’s Social Care', 'Police', 'Health Visiting', 'School Nursing', 'GP practice', 'Hospital trust', 'Nursery', 'Housing association'],
      incident: 'On 14 September 2021 Child M was brought to the hospital emergency department with injuries that doctors considered might not be accidental. A strategy discussion was held the same day. Criminal proceedings are continuing; the rapid review makes no finding about how she was injured.',
      incidentDate: '2021-09-14',
      becameAware: '2021-09-15',
    },
    immediateSafeguarding: [
      { action: 'Strategy discussion; section 47 enquiries for Child M and her sibling', for: 'Child M and Sibling', by: 'Children’s Social Care and Police', date: '2021-09-14', done: true },
      { action: 'Sibling to stay with maternal grandmother under a written safety plan; no contact with Mr Y', for: 'Sibling', by: 'Children’s Social Care', date: '2021-09-15', done: true },
      { action: 'Child M discharged to foster care on leaving hospital', for: 'Child M', by: 'Children’s Social Care', date: '2021-09-24', done: true },
      { action: 'School told of the safety plan and the designated safeguarding lead briefed', for: 'Sibling', by: 'School Nursing', date: '2021-09-16', done: true },
    ],
    learning: {
      goodPractice: 'The emergency department’s safeguarding team made the referral within the hour and the strategy discussion was held the same day. The nursery kept clear, dated records of what it saw.',
      toImprove: 'Several agencies knew that a new adult was staying at the home, but none brought that together or asked who he was. Domestic abuse risk assessments focused on the adults and said little about a baby in the home. The nursery and health visiting were not invited to the child in need meetings.',
    },
    criteria: [
      { criterion: 'improvements-needed', met: true, note: 'How agencies learn about and assess a new adult in the home.' },
      { criterion: 'recurrent-themes', met: true, note: 'Unseen men and optimism about a parent recur in Westmere rapid reviews in 2020 and 2021.' },
      { criterion: 'agencies-working-together', met: true, note: 'Eight agencies were involved; information was held in several places.' },
      { criterion: 'single-agency-concern', met: false, note: 'The concerns are about how agencies worked together, not one agency.' },
      { criterion: 'no-agency-involvement', met: false, note: '' },
      { criterion: 'more-than-one-area', met: false, note: 'All agencies are in Westmere.' },
      { criterion: 'institutional-setting', met: false, note: '' },
      { criterion: 'panel-suggested-local', met: false, note: 'The Panel had not considered the case before the rapid review.' },
      { criterion: 'complex-or-national', met: false, note: 'The themes are known nationally; the learning is local.' },
    ],
    decision: 'lcspr',
    decisionReasons: 'The partners agreed that a local child safeguarding practice review, using the Learning Together systems approach, could show how agencies in Westmere bring together what each knows about a new adult in a young child’s home, how risk tools shape judgements about babies, and how universal services take part in child in need work. This learning is not yet understood locally and is unlikely to come from single-agency reviews.',
    decisionDate: '2021-10-05',
    draftQuestions: [
      'How well do agencies in Westmere bring together what each of them knows about a new adult in a young child’s home?',
      'How do domestic abuse risk tools and thresholds support, or get in the way of, professional judgement about the risk to babies and young children?',
    ],
    signOff: [
      { partner: 'local-authority', name: 'Helen Marsh (fictional)', role: 'Director of Children’s Services, Westmere Council', date: '2021-10-05' },
      { partner: 'police', name: 'Det Supt Kieran Doyle (fictional)', role: 'Head of Public Protection, Westmere Police', date: '2021-10-05' },
      { partner: 'health', name: 'Dr Amara Osei (fictional)', role: 'Chief Nurse, Westmere Integrated Care Board', date: '2021-10-06' },
    ],
    sentToPanel: '2021-10-06',
    panelResponse: { date: '2021-10-29', text: 'The Panel agrees that a local child safeguarding practice review is appropriate and looks forward to receiving the final report.' },
  }, null)
  await linkLocalReview(ctx.db, review.id, demo.reviewId)
}
