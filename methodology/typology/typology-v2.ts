// Version 2 of the national typology of underlying patterns. The six families stay; every code now names a
// pattern that can help or hinder good practice (each tag says which), contested labels are retired in favour
// of neutral codes, and there are codes for harm outside the home, identity and culture, and transitions.
// Codes new in version 2 are numbered from 11, so a reader can tell at a glance that a code did not exist in 1.0.
import type { CrosswalkEntry, TypologyCode, TypologyVersion } from './typology-versions.js'

function family(code: string, label: string, description: string, examples: string[]): TypologyCode {
  return { code, label, parent: null, description, examples }
}

function sub(code: string, label: string, description: string, examples: string[]): TypologyCode {
  return { code, label, parent: code.split('-')[0] as string, description, examples }
}

const codes: TypologyCode[] = [
  family(
    'MAI',
    'Multi-agency working in response to incidents and crises',
    'How agencies act together when something happens that needs a quick, joint response, and what in the system makes that easier or harder.',
    ['A strategy discussion after an injury', 'Police, health and children’s social care responding to the same emergency'],
  ),
  sub(
    'MAI-1',
    'Sharing information when it matters',
    'Whether what one agency holds reaches the people deciding at the time of an incident. Helps when routes and habits bring it there; hinders when it stays where it was recorded.',
    ['Helps: the GP’s record of earlier injuries read out at the strategy discussion', 'Hinders: police attended a domestic incident and the health visitor was not told'],
  ),
  sub(
    'MAI-2',
    'Strategy discussions and joint decisions',
    'How strategy discussions are convened, who takes part and how the decision is recorded and shared. Helps when agencies that know the child take part and leave with one decision; hinders when they are late, partial or end without a shared decision.',
    ['Helps: the school nurse joined by phone and the decision went to every agency the same day', 'Hinders: a discussion between two agencies only'],
  ),
  sub(
    'MAI-3',
    'Urgent referral routes and handovers',
    'How an urgent concern moves between agencies, teams and shifts. Helps when the route is clear and someone confirms receipt; hinders when it is slow, unclear or depends on one person.',
    ['Helps: an out-of-hours referral handed over in person to the day team', 'Hinders: a referral returned as incomplete and not resent'],
  ),
  sub(
    'MAI-4',
    'Resolving different views of risk',
    'How agencies that judge the same incident differently raise and settle the difference. Helps when escalation is expected and used; hinders when disagreement stays unspoken.',
    ['Helps: a paediatrician used the escalation procedure and the decision was revisited', 'Hinders: a hospital saw a child protection concern; children’s social care treated it as a single-agency matter'],
  ),
  sub(
    'MAI-5',
    'Access to specialist assessment in time',
    'Getting specialist input, such as a child protection medical or a mental health assessment, while it can still make a difference.',
    ['Helps: a weekend paediatric rota saw the child within hours', 'Hinders: a medical arranged after the bruising had faded'],
  ),
  sub(
    'MAI-11',
    'Responding to harm outside the home',
    'How agencies respond together when a child is harmed or at risk outside the family: exploitation, going missing, serious violence, peer-on-peer or online abuse. Helps when the child is treated as a victim and those who know the places and peers are involved; hinders when the response is built for harm within the family.',
    ['Helps: a return-home conversation after each missing episode shared with the exploitation team', 'Hinders: a 15-year-old found with drugs treated as an offender only'],
  ),

  family(
    'MAL',
    'Multi-agency working in longer-term work',
    'How agencies work together over months or years with a family, for example under a plan, and what in the system makes that easier or harder.',
    ['Core group work under a child protection plan', 'Support for a family with long-standing neglect'],
  ),
  sub(
    'MAL-1',
    'Holding the whole history',
    'Whether someone brings together what each agency has recorded, so that cumulative harm can be seen. Helps when a history is built and kept; hinders when each agency and each new worker sees only its own part.',
    ['Helps: a multi-agency chronology kept up to date by the lead professional', 'Hinders: school, GP and housing each logged low-level neglect concerns'],
  ),
  sub(
    'MAL-2',
    'How plans drive change',
    'Whether child protection and child in need plans are specific, reviewed and owned by every agency involved.',
    ['Helps: each action with an owner, a date and a measure the family understood', 'Hinders: core group meetings cancelled twice in a row'],
  ),
  sub(
    'MAL-3',
    'Step-down and case closure',
    'How support and oversight continue or end when a case is stepped down or closed. Helps when the handover is planned and the next service knows why; hinders when support falls away without anyone deciding it is no longer needed.',
    ['Helps: a step-down meeting with the early help worker and the family', 'Hinders: closure letters sent to the family but not to the school'],
  ),
  sub(
    'MAL-4',
    'Clarity of lead and roles',
    'Whether everyone knows who leads and who is watching for what.',
    ['Helps: a named lead professional whom every agency contacted first', 'Hinders: two agencies each believed the other would make the referral'],
  ),
  sub(
    'MAL-6',
    'Adult services and the children in the household',
    'Whether services for a parent’s mental health, substance use or domestic abuse think about the children too.',
    ['Helps: an adult mental health team asked about caring responsibilities at every review', 'Hinders: a drug service closed a case without telling children’s services'],
  ),
  sub(
    'MAL-11',
    'Transitions between services',
    'How knowledge and support carry over when a child or parent moves from one service to another: early help to statutory services, health visiting to school nursing, children’s to adult services.',
    ['Helps: a joint visit by the outgoing and incoming workers', 'Hinders: a referral to adult mental health services that lost the safeguarding history'],
  ),
  sub(
    'MAL-12',
    'Transitions at key ages',
    'How services respond when a child reaches an age at which services, thresholds or legal status change: starting school, turning 16 or 18, leaving care.',
    ['Helps: transition planning for a care leaver started at 16', 'Hinders: a young person turned 18 and lost their support overnight'],
  ),
  sub(
    'MAL-13',
    'Moves between areas',
    'How records, plans and relationships follow a family that moves home, school, GP or local authority.',
    ['Helps: a transfer-in conference held within the expected time', 'Hinders: records arrived months after the family moved to another authority'],
  ),
  sub(
    'MAL-14',
    'Longer-term work with harm outside the home',
    'How plans and partnerships address harm in the places and peer groups where a child spends time, not only within the family.',
    ['Helps: a plan that included the youth club, the transport police and the school', 'Hinders: a child protection plan that asked parents to control risks they could not reach'],
  ),

  family(
    'HRB',
    'Human reasoning: cognitive and emotional biases',
    'Predictable patterns in how anyone thinks and feels under pressure, which the system can make more or less likely.',
    ['Holding on to a first impression', 'Being reassured by small improvements'],
  ),
  sub(
    'HRB-1',
    'Revisiting a first view',
    'Whether an early view of the family or an incident is tested again as new information arrives. Helps when the system prompts a second look; hinders when the first view goes unchallenged.',
    ['Helps: a supervisor asked what would change the worker’s mind', 'Hinders: an injury accepted as accidental because the first explanation was never re-examined'],
  ),
  sub(
    'HRB-2',
    'Weighing progress against risk',
    'How signs of progress are weighed against evidence of continuing risk.',
    ['Helps: improvement checked with an unannounced visit and the child’s own account', 'Hinders: a tidy house at an announced visit taken as improvement'],
  ),
  sub(
    'HRB-3',
    'Challenge across professions and seniority',
    'Whether practitioners can question a view held by another profession, a specialist or a more senior colleague.',
    ['Helps: a health visitor asked the consultant to explain an injury again', 'Hinders: a nurse did not question a consultant’s explanation of an injury'],
  ),
  sub(
    'HRB-4',
    'The emotional impact of the work',
    'How fear, distress, closeness or exhaustion shape what practitioners notice, ask or avoid, and whether the system helps them with it.',
    ['Helps: joint visits arranged after a worker was threatened', 'Hinders: a worker close to a family finding it hard to see risk'],
  ),
  sub(
    'HRB-5',
    'Fresh eyes on long-standing conditions',
    'Whether conditions that have lasted a long time are still seen as a newcomer would see them.',
    ['Helps: a new manager’s audit that named chronic neglect', 'Hinders: repeated missed health appointments no longer noticed'],
  ),
  sub(
    'HRB-11',
    'Assumptions linked to identity',
    'How views about a child’s or family’s ethnicity, culture, faith, class, gender, sexuality or disability shape what is seen and believed, including seeing a child as older or more responsible than they are.',
    ['Helps: a team reflected on whether it would respond the same way to a white child', 'Hinders: a Black 14-year-old seen as streetwise rather than at risk'],
  ),

  family(
    'FPI',
    'Family–professional interaction',
    'How the relationship between the family and professionals shapes what is seen and done.',
    ['A child who is rarely seen alone', 'A family’s past experience of services'],
  ),
  sub(
    'FPI-3',
    'Seeing and hearing the child',
    'Whether the child’s experience, words and behaviour are seen, asked about and given weight in decisions.',
    ['Helps: the child seen alone at every visit and their words quoted in the plan', 'Hinders: a baby’s appearance and behaviour not described in any record'],
  ),
  sub(
    'FPI-4',
    'Knowing and assessing the adults around the child',
    'Whether the adults in the child’s life, such as a new partner, a father or a visiting relative, are known to agencies and included in assessment.',
    ['Helps: the father invited to every meeting and assessed', 'Hinders: a mother’s new partner living in the home but never spoken to'],
  ),
  sub(
    'FPI-5',
    'Understanding each other',
    'How language, disability or past experience of services shape how the family and professionals understand each other.',
    ['Helps: an independent interpreter at every visit', 'Hinders: a parent with a learning disability given written plans only'],
  ),
  sub(
    'FPI-11',
    'Checking engagement against change for the child',
    'Whether professionals look past a family’s agreement with a plan to what is changing for the child. Helps when progress is tested against the child’s daily experience; hinders when attendance and agreement are taken as change.',
    ['Helps: the core group asked what the child’s day now looks like', 'Hinders: attending every meeting while the child’s appointments were missed'],
  ),
  sub(
    'FPI-12',
    'Keeping contact when it is difficult',
    'How services stay in touch with the child when a family avoids, fears or resists contact, or a practitioner feels unsafe, and what support practitioners have to do so.',
    ['Helps: a trusted family support worker kept visiting and the social worker came with her', 'Hinders: visits cancelled repeatedly by the family and no other way of seeing the child'],
  ),
  sub(
    'FPI-13',
    'Identity, culture and faith',
    'How the child’s and family’s identity, culture, faith, ethnicity and experience of discrimination are understood and used in assessment and support.',
    ['Helps: a faith leader the family trusted helped explain the plan', 'Hinders: an assessment silent on the child’s heritage and what it meant to them'],
  ),

  family(
    'TLS',
    'Tools',
    'Forms, systems, risk tools and procedures that shape what practitioners see and record.',
    ['An assessment template', 'A case recording system'],
  ),
  sub(
    'TLS-1',
    'Assessment forms and templates',
    'How forms steer attention: towards understanding the child and family, or towards completing fields.',
    ['Helps: a template that asks what is still not understood', 'Hinders: text copied forward from an earlier assessment'],
  ),
  sub(
    'TLS-2',
    'How IT systems show information',
    'Whether case recording systems bring important information and history into view.',
    ['Helps: a chronology view that shows every agency’s contacts', 'Hinders: health visiting and GP records on systems that do not share'],
  ),
  sub(
    'TLS-3',
    'How risk tools are used',
    'Whether risk tools and checklists support professional judgement or stand in for it.',
    ['Helps: a neglect tool revisited with the family at each review', 'Hinders: a domestic abuse risk score below the threshold taken to mean no risk'],
  ),
  sub(
    'TLS-4',
    'Procedures and guidance',
    'Whether procedures are current, consistent and easy to find at the moment they are needed.',
    ['Helps: one shared procedure across the partnership, linked from every case record', 'Hinders: no guidance on what to do when a family moves mid-assessment'],
  ),

  family(
    'MGT',
    'Management systems',
    'How agencies organise, resource and oversee the work.',
    ['Supervision arrangements', 'Caseloads and staffing'],
  ),
  sub(
    'MGT-1',
    'Supervision',
    'Whether supervision leaves room for reflection and challenge as well as deadlines and compliance.',
    ['Helps: reflective group supervision on complex cases every month', 'Hinders: supervision cancelled for six weeks'],
  ),
  sub(
    'MGT-2',
    'Workload and caseloads',
    'How the amount of work shapes the time and attention available for each child.',
    ['Helps: caseloads capped while a team was short-staffed', 'Hinders: a social worker holding 30 cases'],
  ),
  sub(
    'MGT-3',
    'Staffing, turnover and experience',
    'How vacancies, temporary staff and experience shape continuity and oversight.',
    ['Helps: newly qualified staff co-working complex cases', 'Hinders: four different social workers in a year'],
  ),
  sub(
    'MGT-4',
    'Commissioning and availability of services',
    'Whether the services a family needs are commissioned and available when they need them.',
    ['Helps: a specialist domestic abuse service with no waiting list', 'Hinders: a six-month wait for parenting support'],
  ),
  sub(
    'MGT-5',
    'Thresholds and access to help',
    'How thresholds are set and applied, and whether families can get help before problems become serious.',
    ['Helps: a consultation line that helped a nursery decide what to do', 'Hinders: repeated referrals screened out as below threshold'],
  ),
  sub(
    'MGT-6',
    'Performance measures and organisational culture',
    'What targets, inspection pressure and culture reward: understanding and challenge, or speed and compliance.',
    ['Helps: a culture in which raising disagreement is expected', 'Hinders: assessments closed to meet a timescale'],
  ),
]

const same = (code: string, note = ''): CrosswalkEntry => ({ from: code, to: [code], change: 'same', note })
const REFRAMED = 'Reworded as a pattern that can help or hinder; the same pattern as before.'

/** What each code of version 1.0 became. Every v1 code appears exactly once (checked by validateNewVersion). */
const crosswalk: CrosswalkEntry[] = [
  ...['MAI', 'MAL', 'HRB', 'FPI', 'TLS', 'MGT'].map((f) => same(f)),
  ...['MAI-1', 'MAI-2', 'MAI-3', 'MAI-4', 'MAI-5'].map((c) => same(c, REFRAMED)),
  ...['MAL-1', 'MAL-2', 'MAL-3', 'MAL-4', 'MAL-6'].map((c) => same(c, REFRAMED)),
  {
    from: 'MAL-5', to: ['MAL-11', 'MAL-12', 'MAL-13'], change: 'split',
    note: 'Transitions between services, at key ages and between areas are different patterns with different remedies. Re-tag with the one that fits.',
  },
  ...['HRB-1', 'HRB-2', 'HRB-3', 'HRB-4', 'HRB-5'].map((c) => same(c, REFRAMED)),
  {
    from: 'FPI-1', to: [], change: 'retired', suggested: ['FPI-11'],
    note: '“Disguised compliance” attributes intent to parents and is contested; the neutral FPI-11 looks at how professionals check engagement against change for the child.',
  },
  {
    from: 'FPI-2', to: [], change: 'retired', suggested: ['FPI-12', 'HRB-4'],
    note: '“Hostile parents” labels the family; FPI-12 looks at how services keep contact when it is difficult, HRB-4 at its emotional impact on practitioners.',
  },
  ...['FPI-3', 'FPI-4', 'FPI-5'].map((c) => same(c, REFRAMED)),
  ...['TLS-1', 'TLS-2', 'TLS-3', 'TLS-4'].map((c) => same(c, REFRAMED)),
  ...['MGT-1', 'MGT-2', 'MGT-3', 'MGT-4', 'MGT-5', 'MGT-6'].map((c) => same(c, REFRAMED)),
]

export const TYPOLOGY_V2: TypologyVersion = {
  version: '2.0',
  publishedAt: '2026-12-01',
  codes,
  crosswalk,
}
