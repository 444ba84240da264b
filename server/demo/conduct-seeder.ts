// How the demo review was conducted, recorded as a lead reviewer would through the real services: the lead
// reviewer's declaration of independence (before the case group met), the case group's follow-on meeting to test
// the emerging analysis, the practitioners' feedback on the draft findings, and the criminal proceedings running
// alongside. Dates fall between the stage dates in seed.ts, so the readiness checks pass on what is recorded.
// Everything here is invented.
import { addParallelProcess, declareIndependence, recordCaseGroupStep } from '../services/review-conduct.js'
import { systemReviewViewer } from '../services/viewer.js'
import type { DemoSeeder } from './seed.js'

export const seedConduct: DemoSeeder = async ({ ctx, reviewId, users }) => {
  const lead = systemReviewViewer(users.lead.actor, reviewId)
  await declareIndependence(ctx, lead, {
    independent: 'yes',
    interests: 'Formerly a team manager in a neighbouring authority’s children’s services (left in 2016); no role with any Westmere agency since.',
    declaredOn: '2021-10-15',
  })
  await addParallelProcess(ctx, lead, {
    kind: 'criminal', status: 'ongoing', startedOn: '2021-09-14', concludedOn: '',
    effect:
      'Police and the Crown Prosecution Service agreed the review could speak to practitioners, but not to Mr Y, and that its report ' +
      'makes no finding about how Child M was injured. The board agreed the publication date with the police so that publishing would not prejudice the trial.',
  })
  await recordCaseGroupStep(ctx, lead, {
    kind: 'follow-on-meeting', heldOn: '2022-02-17',
    participants: [
      "Social worker, Children's Social Care", "Team manager, Children's Social Care", 'Health visitor, Health Visiting', 'School nurse, School Nursing',
      'Nursery manager, Nursery', 'Domestic abuse officer, Police',
    ].join('\n'),
    changes:
      'The case group tested the key practice episodes and the draft why-map. Practitioners added that the core group had no way to hear from ' +
      'housing, so the map now shows the missing occupancy check at partnership level, and the episode on the step-down was widened to the ' +
      'health visitor’s disagreement.',
  })
  await recordCaseGroupStep(ctx, lead, {
    kind: 'draft-findings-feedback', heldOn: '2022-03-03',
    participants: ["Social worker, Children's Social Care", 'Health visitor, Health Visiting', 'Nursery key worker, Nursery', 'Response officer, Police'].join('\n'),
    changes:
      'Practitioners read the draft findings and said they rang true. The nursery asked that the finding on bruising guidance say the ' +
      'guidance was written for babies who are not yet mobile; the wording was changed. The police asked for the MARAC threshold finding ' +
      'to describe how the score is used in practice, and an example was added.',
  })
}
