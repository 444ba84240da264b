// Version 1 of the national typology of underlying patterns: six families, each with a few specific codes.
import type { TypologyCode, TypologyVersion } from './typology-versions.js'

function family(code: string, label: string, description: string, examples: string[]): TypologyCode {
  return { code, label, parent: null, description, examples }
}

function sub(code: string, label: string, description: string, examples: string[]): TypologyCode {
  const parent = code.split('-')[0] as string
  return { code, label, parent, description, examples }
}

const codes: TypologyCode[] = [
  family(
    'MAI',
    'Multi-agency working in response to incidents and crises',
    'How agencies act together when something happens that needs a quick, joint response.',
    ['A strategy discussion after an injury', 'Police, health and children’s social care responding to the same emergency'],
  ),
  sub(
    'MAI-1',
    'Information held but not shared when it mattered',
    'At the time of an incident, one agency held information that bore on how others saw the risk, and nothing in the system brought it to the people deciding.',
    ['Earlier injuries recorded by the GP were unknown to the strategy discussion', 'Police attended a domestic incident and the health visitor was not told'],
  ),
  sub(
    'MAI-2',
    'Strategy discussions and joint decisions',
    'Strategy discussions that happen late, leave out agencies that know the child, or end without a shared and recorded decision.',
    ['A strategy discussion held by phone between two agencies only', 'Decisions agreed in a meeting but never sent to the school'],
  ),
  sub(
    'MAI-3',
    'Urgent referral routes and handovers',
    'Routes for urgent concerns that are unclear, slow or depend on one person, so a concern stalls between agencies or between shifts.',
    ['An out-of-hours referral not picked up by the day team', 'A referral returned as incomplete and not resent'],
  ),
  sub(
    'MAI-4',
    'Different views of risk that are not resolved',
    'Agencies judge the same incident against different thresholds or assumptions, and the disagreement is not raised or settled.',
    ['A hospital sees an injury as a child protection concern; children’s social care treats it as a single-agency matter', 'The escalation procedure exists but is not used'],
  ),
  sub(
    'MAI-5',
    'Timely specialist assessment',
    'Difficulty getting specialist input, such as a child protection medical or a mental health assessment, while it can still make a difference.',
    ['A child protection medical arranged after the bruising had faded', 'No paediatric opinion available at the weekend'],
  ),

  family(
    'MAL',
    'Multi-agency working in longer-term work',
    'How agencies work together over months or years with a family, for example under a plan.',
    ['Core group work under a child protection plan', 'Support for a family with long-standing neglect'],
  ),
  sub(
    'MAL-1',
    'No one holds the whole history',
    'Concerns are recorded separately by each agency, so a pattern of cumulative harm is not seen by anyone.',
    ['School, GP and housing each logged low-level neglect concerns', 'Each new worker started from the latest referral only'],
  ),
  sub(
    'MAL-2',
    'Plans that do not drive change',
    'Child protection and child in need plans that are vague, not reviewed, or not owned by every agency involved.',
    ['Core group meetings cancelled twice in a row', 'Plan actions with no owner or date'],
  ),
  sub(
    'MAL-3',
    'Step-down and case closure',
    'Cases stepped down or closed without a clear handover, so support and oversight fall away without anyone deciding that they are no longer needed.',
    ['A case stepped down to early help with no lead professional allocated', 'Closure letters sent to the family but not to the school'],
  ),
  sub(
    'MAL-4',
    'Unclear lead and roles',
    'Uncertainty about who leads or who is watching for what, so each agency assumes another is acting.',
    ['The school assumed the health visitor was monitoring weight', 'Two agencies each believed the other would make the referral'],
  ),
  sub(
    'MAL-5',
    'Moves between areas and services',
    'Moving home, school, GP or local area, or from children’s to adult services, breaks the continuity of knowledge and support.',
    ['Records arrived months after the family moved to another authority', 'A young person turned 18 and lost their support overnight'],
  ),
  sub(
    'MAL-6',
    'Adult services and the children in the household',
    'Services for a parent’s mental health, substance use or domestic abuse work with the adult without thinking about the children.',
    ['An adult mental health team did not know the patient cared for a baby', 'A drug service closed a case without telling children’s services'],
  ),

  family(
    'HRB',
    'Human reasoning: cognitive and emotional biases',
    'Predictable patterns in how anyone thinks and feels under pressure, which the system can make more or less likely.',
    ['Holding on to a first impression', 'Being reassured by small improvements'],
  ),
  sub(
    'HRB-1',
    'Fixed thinking',
    'An early view of the family or an incident is not revisited when new information arrives.',
    ['An injury accepted as accidental because the first explanation was never re-examined', 'A new partner not assessed because the family was seen as low risk'],
  ),
  sub(
    'HRB-2',
    'Over-optimism',
    'Small signs of progress are taken as proof that things are better, and the evidence of risk is given less weight.',
    ['A tidy house at an announced visit taken as improvement', 'A parent’s promise to stop drinking treated as change'],
  ),
  sub(
    'HRB-3',
    'Deference to other professions or seniority',
    'A view is accepted without challenge because of who holds it: another profession, a specialist or a more senior colleague.',
    ['A nurse did not question a consultant’s explanation of an injury', 'A social worker accepted a police decision not to investigate'],
  ),
  sub(
    'HRB-4',
    'The emotional impact of the work',
    'Fear, distress or exhaustion shape what practitioners notice, ask or avoid.',
    ['Fewer home visits after a worker was threatened', 'A worker close to a family finding it hard to see risk'],
  ),
  sub(
    'HRB-5',
    'Worrying conditions come to seem normal',
    'Long exposure makes conditions that would alarm a newcomer seem ordinary.',
    ['Chronic neglect seen as “just how the family lives”', 'Repeated missed health appointments no longer noticed'],
  ),

  family(
    'FPI',
    'Family–professional interaction',
    'How the relationship between the family and professionals shapes what is seen and done.',
    ['Parents who seem to cooperate', 'A child who is rarely seen alone'],
  ),
  sub(
    'FPI-1',
    'Disguised compliance',
    'Parents appear to cooperate and agree to plans, but little changes for the child.',
    ['Attending every meeting but missing the child’s appointments', 'Agreeing to a nursery place that the child never attends'],
  ),
  sub(
    'FPI-2',
    'Hostile, intimidating or avoidant parents',
    'Aggression, threats or avoidance make it harder to see the child or to challenge the adults.',
    ['Visits cancelled repeatedly by the family', 'A practitioner told not to come back to the house'],
  ),
  sub(
    'FPI-3',
    'The child not seen or heard',
    'The child’s experience, words and behaviour are not seen, asked about or given weight in decisions.',
    ['The child seen only with a parent present', 'A baby’s appearance and behaviour not described in any record'],
  ),
  sub(
    'FPI-4',
    'Adults who are unknown or not assessed',
    'Adults in the child’s life, such as a new partner or visiting relative, are not known to agencies or not assessed.',
    ['A mother’s new partner living in the home but never spoken to', 'Fathers not invited to assessments'],
  ),
  sub(
    'FPI-5',
    'Barriers to understanding each other',
    'Language, disability, culture or past experience of services shape how the family and professionals understand each other.',
    ['A child used to interpret for a parent', 'A parent with a learning disability given written plans only'],
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
    'Forms that steer attention towards completing fields rather than understanding the child and family.',
    ['A template with no place for family history', 'Text copied forward from an earlier assessment'],
  ),
  sub(
    'TLS-2',
    'IT systems that hide or split information',
    'Case recording systems that bury important information, keep it in separate places or make history hard to see.',
    ['A flag visible only on a screen few people open', 'Health visiting and GP records on systems that do not share'],
  ),
  sub(
    'TLS-3',
    'Risk tools used as a score',
    'Risk tools and checklists used to produce a number or a threshold, rather than to support professional judgement.',
    ['A domestic abuse risk score below the threshold taken to mean no risk', 'A neglect tool completed once and never revisited'],
  ),
  sub(
    'TLS-4',
    'Procedures and guidance',
    'Procedures that are long, out of date, conflicting or hard to find at the moment they are needed.',
    ['Two agencies following different versions of the same procedure', 'No guidance on what to do when a family moves mid-assessment'],
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
    'Supervision that concentrates on deadlines and compliance leaves little room for reflection and challenge.',
    ['Supervision cancelled for six weeks', 'Case discussion limited to checking timescales'],
  ),
  sub(
    'MGT-2',
    'Workload and caseloads',
    'The amount of work limits the time and attention available for each child.',
    ['A social worker holding 30 cases', 'Health visitors covering vacant caseloads on top of their own'],
  ),
  sub(
    'MGT-3',
    'Staffing, turnover and experience',
    'Vacancies, reliance on temporary staff and inexperienced teams weaken continuity and oversight.',
    ['Four different social workers in a year', 'Newly qualified staff holding complex cases without extra support'],
  ),
  sub(
    'MGT-4',
    'Commissioning and availability of services',
    'The services a family needs are not commissioned, have long waits or stop when funding ends.',
    ['A six-month wait for parenting support', 'A specialist domestic abuse service decommissioned'],
  ),
  sub(
    'MGT-5',
    'Thresholds and access to help',
    'Thresholds set or applied to manage demand, so families wait until problems are serious before getting help.',
    ['Repeated referrals screened out as below threshold', 'Early help offered only with the family’s consent, which was refused'],
  ),
  sub(
    'MGT-6',
    'Performance pressures and culture',
    'Targets, inspection pressure and organisational culture reward speed or compliance over understanding.',
    ['Assessments closed to meet a timescale', 'A culture where raising disagreement is seen as difficult'],
  ),
]

export const TYPOLOGY_V1: TypologyVersion = {
  version: '1.0',
  publishedAt: '2025-01-01',
  codes,
  crosswalk: null,
}
