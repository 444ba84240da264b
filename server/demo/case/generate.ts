// Writes the fictional "Child M" demo case (persons.csv, eight agency extracts) and derives
// expected.json by re-reading the written files with the small reader below, never the app's importer.
//
//   npx tsx server/demo/case/generate.ts            # writes beside this file
//   npx tsx server/demo/case/generate.ts /some/dir  # writes elsewhere; the notes in conversations/ beside
//                                                   # this file are still scanned for identifiers
//
// Everything is invented: NHS numbers in the 999 test range with valid check digits, postcodes in ZZ99,
// phone numbers in the Ofcom drama ranges, e-mail at example.org, the town of Westmere.
// The output is byte-for-byte stable except gp.xlsx, whose zip entries carry the time of writing.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'

const HERE = dirname(fileURLToPath(import.meta.url))
const OUT = process.argv[2] ? resolve(process.argv[2]) : HERE

const CASE = 'Child M'
const PERIOD = { from: '2020-10-01', to: '2021-09-30' }

type Mapping = Partial<Record<'occurredAt' | 'time' | 'author' | 'category' | 'summary' | 'outcome', string>>
type Cells = string[]
const BLANK = 'blank line' as const
type CsvRow = Cells | typeof BLANK

interface CsvExtract {
  format: 'csv'
  file: string
  agency: string
  encoding: 'utf-8' | 'windows-1252'
  bom: boolean
  delimiter: ',' | ';'
  eol: '\r\n' | '\n'
  quoteAll: boolean
  titleLines?: string[]
  footer?: (dataRows: number) => string
  headers: string[]
  mapping: Mapping
  dateFormat: string
  rows: CsvRow[]
}

interface XlsxExtract {
  format: 'xlsx'
  file: string
  agency: string
  sheet: string
  headers: string[]
  mapping: Mapping
  dateFormat: 'excel'
  // The first cell is an ISO date written as a real Excel date cell, or '' for an empty cell.
  rows: Cells[]
}

type Extract = CsvExtract | XlsxExtract

// ---------------------------------------------------------------------------------------------------
// People (all fictional). NHS numbers are checked for a valid Modulus 11 check digit before writing.
// ---------------------------------------------------------------------------------------------------
const PERSONS_HEADERS = ['real_name', 'role', 'pseudonym', 'date_of_birth', 'nhs_number', 'address', 'postcode', 'phone']
const PERSONS: Cells[] = [
  ['Mila Kershaw', 'Subject child', 'Child M', '2020-02-19', '999 301 4524', '7 Heron Walk, Westmere', 'ZZ99 3HD', ''],
  ['Leanne Kershaw', 'Mother', 'Mother', '1998-04-03', '999 417 2867', '7 Heron Walk, Westmere', 'ZZ99 3HD', '07700 900517'],
  ['Ryan Colley', "Mother's partner", "Mr Y (mother's partner)", '1993-01-15', '999 562 0839', 'Flat 5, 40 Station Road, Westmere', 'ZZ99 5WE', '07700 900329'],
  ['Dean Ashcroft', 'Father of Child M (not resident)', 'Father', '1996-09-28', '999 648 1298', '22 Canal Row, Hollinsford', 'ZZ99 7PF', '07700 900648'],
  ['Kacey Kershaw', 'Older sibling (maternal half-sister, 6y at the start of the review period)', 'Sibling', '2014-06-10', '999 205 7149', '7 Heron Walk, Westmere', 'ZZ99 3HD', ''],
  ['Graham Kershaw', 'Maternal grandfather', 'Maternal Grandfather', '1965-12-02', '999 873 3618', '31 Beech Grove, Westmere', 'ZZ99 1GB', '01632 960284'],
  ['Fiona McAllister', 'Health Visitor, Westmere 0-19 Service', 'Health Visitor 1', '', '', '', '', '01632 960455'],
  ['Rachel Penhaligon', "Social Worker, Westmere Children's Services (Assessment and CIN Team)", 'Social Worker 1', '', '', '', '', '01632 960623'],
  ['Ian Holloway', 'GP, Heron Park Surgery', 'GP 1', '', '', '', '', '01632 960190'],
  ['Chloe Barnes', 'Key Worker, Ladybird Lane Nursery', 'Nursery Key Worker', '', '', '', '', '01632 960736'],
  ['Marcus Thwaite', 'Police Constable (PC 2987), Westmere response', 'Police Officer 1', '', '', '', '', '07700 900871'],
  ['Anita Sharma', 'School Nurse, Westmere 0-19 School Nursing Service', 'School Nurse 1', '', '', '', '', '01632 960358'],
]

// ---------------------------------------------------------------------------------------------------
// 1. Children's social care: UTF-8 with BOM, comma, every field quoted, CRLF, separate time column.
// ---------------------------------------------------------------------------------------------------
const CSC: CsvExtract = {
  format: 'csv',
  file: 'childrens-social-care.csv',
  agency: "Children's Social Care",
  encoding: 'utf-8',
  bom: true,
  delimiter: ',',
  eol: '\r\n',
  quoteAll: true,
  headers: ['Event Date', 'Event Time', 'Practitioner', 'Activity Type', 'Case Note', 'Next Step'],
  mapping: { occurredAt: 'Event Date', time: 'Event Time', author: 'Practitioner', category: 'Activity Type', summary: 'Case Note', outcome: 'Next Step' },
  dateFormat: 'DD/MM/YYYY',
  rows: [
    ['12/10/2020', '09:05', 'Front Door Business Support', 'Contact - police notification', 'PPN received: verbal domestic on 10/10/2020 at 7 Heron Walk, Westmere ZZ99 3HD between Leanne Kershaw (mother) and Dean Ashcroft (father of Mila). Children present: Kacey (6) and Mila (7m). No injuries.', 'Front Door screening'],
    ['12/10/2020', '15:40', 'Front Door Social Worker', 'Screening decision', 'No Westmere history; family moved from Hollinsford 07/2020 and Hollinsford records not requested. Mother spoken to on 07700 900517: disagreement over handovers, says Dean has never been violent. Father Dean Ashcroft, 22 Canal Row, Hollinsford ZZ99 7PF, 07700 900648 - not contacted. Mother agrees to Early Help.', 'Step down to Early Help'],
    ['20/10/2020', '13:30', 'Early Help Practitioner', 'Home visit', 'Early Help assessment started. Mother and Mila seen; maternal grandfather Graham Kershaw present and helps most days. Home sparsely furnished but warm and clean. Mother low in mood since the move and short of money; would like a nursery place so she can look for work.', 'Early Help assessment open'],
    ['02/11/2020', '', 'Early Help Practitioner', 'Telephone', 'Call with HV Fiona McAllister: 9-month review booked for 17/11; HV also worried about maternal mood. Agreed to look for a supported nursery place.', 'Nursery place to be sought'],
    ['30/11/2020', '10:00', 'Early Help Practitioner', 'TAF meeting', "Team Around the Family meeting by video. Present: mother, HV, Kacey's class teacher (Heron Park Primary), EHP. Mother mentions a new partner, 'Ryan', who is 'not living here'. Plan: supported place at Ladybird Lane Nursery from January, online parenting course, benefits check.", 'TAF review 02/2021'],
    ['14/12/2020', '', 'Early Help Practitioner', 'Case note', 'Supported place agreed at Ladybird Lane Nursery, Mon/Tue/Thu 08:30-13:00 from 05/01/2021. Cost of £1,150 for the spring term met from the Early Help budget. Nursery told the family is open to Early Help.', 'Nursery place confirmed'],
    ['18/01/2021', '08:50', 'Front Door Business Support', 'Contact - police notification', 'PPN received: domestic incident 16/01/2021 at 22:20. Partner Ryan COLLEY pushed mother against the hallway wall; Mila in the room, Kacey upstairs. DASH standard. Second notification in three months.', 'Front Door - priority screening'],
    ['18/01/2021', '16:10', 'Front Door Social Worker', 'Screening decision', 'New partner, second domestic abuse notification, baby present. Early Help open. Police checks on the partner requested. Decision: Child and Family assessment under section 17.', 'Allocate to Assessment and CIN Team'],
    ['19/01/2021', '11:30', 'Team Manager', 'Allocation', 'Allocated to Rachel Penhaligon (SW). Her caseload is 26 children at allocation against a team target of 18. Police checks still outstanding. Visit within 5 working days.', 'Allocated'],
    ['21/01/2021', '', 'Front Door Business Support', 'Police checks', 'Police return on Ryan Colley, DOB 15/01/1993, of Flat 5, 40 Station Road, Westmere: conviction 2018 for assault by beating of a former partner (Hollinsford); non-molestation order 2019, now expired.', 'Passed to allocated SW'],
    ['22/01/2021', '14:00', 'Social Worker', 'Home visit', 'Joint visit with EHP. Mother and Mila seen in the living room; Mila in mother\'s arms throughout, smiled and babbled. Kacey at school. Ryan not present; mother says he is staying at his mum\'s. Home warm and tidy, stair gate fitted. Mother described as coping well, with daily help from her father.', 'Continue assessment'],
    ['28/01/2021', '', 'Social Worker', 'Telephone', 'Call to Heron Park Primary (DSL). Operation Encompass notice received 18/01. Kacey tired and quiet in class. School nurse Anita Sharma to see Kacey.', 'School to share any concerns'],
    ['04/02/2021', '10:30', 'Social Worker', 'Home visit', "Ryan present - first time seen. Says the relationship is 'back on' and he lives at his own flat. Discussed his conviction: 'that was a toxic relationship, I was young'. Mila asleep upstairs, observed in her cot. Kacey at school. Ryan agreed to checks but not to a separate conversation.", 'DVDS application'],
    ['09/02/2021', '', 'Social Worker', 'DVDS application', 'Right to Know application made to Westmere Constabulary regarding Ryan Colley.', 'Await DVDS panel'],
    ['02/03/2021', '15:00', 'Team Manager', 'Supervision', "Supervision with SW (first since allocation on 19/01/2021, six weeks).\nDiscussed: DA history of Ryan Colley, previous conviction, mother's view that \"he's changed\";\nMila's presentation: well, meeting milestones, at nursery 3 days a week, similar weight to last HV check;\nworkload: 26 children, 3 in care proceedings, no time for direct work with Kacey.\nDecision: complete C&F assessment by 10/03, consider CIN plan, await DVDS panel.", 'Complete assessment'],
    ['04/03/2021', '', 'Social Worker', 'Assessment outcome', "C&F assessment completed (working day 33). Analysis: mother protective and open with professionals, strong support from maternal grandfather, Ryan 'does not live at the address'. Risk from Ryan's history noted. Outcome: Child in Need plan for Mila and Kacey.", 'Initial CIN meeting 11/03/2021'],
    ['05/03/2021', '16:20', 'Front Door Business Support', 'Email', 'Email from police to frontdoor@example.org: DVDS disclosure made to mother in person today. Forwarded to allocated SW.', 'Passed to allocated SW'],
    ['11/03/2021', '10:00', 'Social Worker', 'CIN meeting', 'Initial CIN meeting by video. Present: mother, SW, HV Fiona McAllister, school nurse Anita Sharma, school DSL. Not invited: nursery; GP report received. Plan: mother to attend the Freedom Programme, Ryan not to stay overnight, HV monthly contact and weight checks, nursery attendance to be monitored.', 'CIN review 06/2021'],
    ['30/03/2021', '', 'Social Worker', 'Email', 'Email from HV asking for Ladybird Lane Nursery to join the core group. Agreed; SW to send invitation.', 'Invite nursery'],
    ['08/04/2021', '14:30', 'Social Worker', 'CIN visit', "Statutory visit. Mila seen, walking holding the furniture. Kacey seen in her bedroom with mother present: 'Ryan is nice sometimes'. A man's jacket on the banister; mother said Ryan left it last week.", 'Continue plan'],
    ['18/04/2021', '00:10', 'Emergency Duty Team', 'Referral - hospital', "Call from Hollinsford General ED: Mila (14m) brought in 17/04 at 19:40 with a bruise to the left cheek and a cut lip, said to have fallen against a coffee table. NHS 9993014524. ED did not know Mila was open to CSC - no CP-IS flag. EDT confirmed open CIN, allocated SW Rachel Penhaligon. Paediatric registrar reviewed: injury consistent with the account. Discharged home with mother.", 'Passed to allocated SW'],
    ['19/04/2021', '', 'Team Manager', 'Management decision', 'EDT referral reviewed while SW on annual leave until 21/04. Injury consistent with the history, child on a CIN plan, mother engaging. No strategy discussion. SW to visit on return.', 'SW to visit'],
    ['22/04/2021', '11:00', 'Social Worker', 'Home visit', "Mila seen; faded mark on left cheek, lip healed. Mother: she fell against the table while Ryan was 'watching her for ten minutes'. Home safety advice given. Nursery not contacted.", 'Continue plan'],
    ['24/05/2021', '09:15', 'Front Door Business Support', 'Contact - police notification', 'PPN received: domestic incident 22/05/2021. Ryan Colley arrested; mother has a facial injury. Mila awake in her cot, Kacey in bed. DASH medium. Bail conditions: not to contact mother or attend the address.', 'Passed to allocated SW - urgent'],
    ['24/05/2021', '15:00', 'Social Worker', 'Home visit', 'Safety plan with mother: Ryan not to come to the house, call 999 if he does; sanctuary lock change requested by police. TM consulted: no strategy discussion as bail conditions are in place.', 'CIN review 10/06/2021'],
    ['10/06/2021', '10:00', 'Social Worker', 'CIN review', 'CIN review by video. Present: mother, SW, HV, nursery manager (first invitation), school nurse. Nursery shared a bruise behind the ear on 08/02 and a cheek bruise on 20/04, both body-mapped, and lower attendance in May. Mother says the relationship is over. Plan continues; GP to be invited.', 'CIN review 08/2021'],
    ['18/06/2021', '', 'Social Worker', 'Case note', 'Police update: no further action, mother withdrew her statement; bail conditions cancelled. Noted on file.', 'None'],
    ['24/06/2021', '', 'Team Manager', 'Case transfer', 'SW Rachel Penhaligon moving to the court team on 05/07. Case to be reallocated; held on duty meanwhile.', 'Reallocate'],
    ['14/07/2021', '16:00', 'Duty Social Worker', 'Telephone', 'Duty call to mother: all fine, Mila had chickenpox last week and is better. No visit - no capacity on duty this week.', 'Await allocation'],
    ['28/07/2021', '', 'Team Manager', 'Allocation', 'Reallocated to an agency social worker (Social Worker 2), starting 02/08/2021.', 'Allocated'],
    ['05/08/2021', '14:00', 'Social Worker 2', 'Home visit', "First visit. Mila asleep in her cot, seen. Mother says Ryan visits 'now and then' for the children. Kacey at her grandfather's, 31 Beech Grove.", 'CIN review 12/08/2021'],
    ['12/08/2021', '10:00', 'Social Worker 2', 'CIN review', 'CIN review by video. Mother has completed 6 of 12 Freedom Programme sessions; Ryan not in the household. Plan: step down to Early Help at the next review. HV disagrees and asks for Ryan to be assessed first; her view is recorded.', 'Step down planned 09/2021'],
    ['14/09/2021', '07:50', 'Emergency Duty Team', 'Contact - police', 'Police: Mila (19m) conveyed to Westmere General unresponsive with a head injury after a reported fall on the stairs while in the care of Ryan Colley. Strategy discussion arranged.', 'Strategy discussion 15:30'],
    ['14/09/2021', '15:30', 'Team Manager', 'Strategy discussion', 'Strategy discussion: police DS, consultant paediatrician, HV, Front Door SW. Section 47 enquiries. Kacey to stay with maternal grandfather under a safety plan.', 'Section 47 enquiry'],
    ['16/09/2021', '', 'Team Manager', 'Case note', 'Skeletal survey shows older healing rib fractures, estimated at 2 to 4 weeks. Initial child protection conference to be convened. Partnership notified the national panel today.', 'ICPC'],
    ['20/09/2021', '', 'Service Manager', 'Referral', 'Referral to Westmere Safeguarding Children Partnership for a rapid review. Agency chronology requested.', 'Chronology to partnership'],
  ],
}

// ---------------------------------------------------------------------------------------------------
// 2. Health visiting: semicolon, ISO dates, LF; quoted notes holding ';' and '"'.
// ---------------------------------------------------------------------------------------------------
const HV: CsvExtract = {
  format: 'csv',
  file: 'health-visiting.csv',
  agency: 'Health Visiting',
  encoding: 'utf-8',
  bom: false,
  delimiter: ';',
  eol: '\n',
  quoteAll: false,
  headers: ['contact_date', 'hv_staff', 'contact_type', 'record_text'],
  mapping: { occurredAt: 'contact_date', author: 'hv_staff', category: 'contact_type', summary: 'record_text' },
  dateFormat: 'YYYY-MM-DD',
  rows: [
    ['2020-10-06', 'HV Admin', 'Transfer in', 'Record received from Hollinsford 0-19 team. Mila Kershaw, DOB 2020-02-19, NHS 999 301 4524. New address 7 Heron Walk, Westmere ZZ99 3HD. Previous HV: universal, maternal anxiety noted after birth.'],
    ['2020-10-14', 'Fiona McAllister (HV)', 'Home visit (new to area)', "Mila 8/12: weight 7.9kg (50th), sitting, reaching. Mother 'glad to be nearer Dad' - Graham Kershaw visits daily. Dean (Mila's father) has contact alternate Saturdays. Routine enquiry about domestic abuse with mother alone: arguments with Dean at handovers, 'never physical'."],
    ['2020-11-02', 'Fiona McAllister (HV)', 'Telephone', 'Call from Early Help practitioner: police notification 10/10 (verbal argument at handover). EH assessment open. Agreed 9-month review 17/11.'],
    ['2020-11-17', 'Fiona McAllister (HV)', '9-12 month review', "Home visit. Mila 9/12: weight 8.4kg (50th), crawling, babbling; ASQ-3 within range. EPDS 13; advised to see GP. Mother has a new partner, \"Ryan\"; \"he's good with the girls\"; surname not given, not present."],
    ['2020-11-30', 'Fiona McAllister (HV)', 'TAF meeting', 'Attended TAF by video. HV actions: contact every 6 weeks; support mother to see GP about mood; home safety advice.'],
    ['2020-12-15', 'Community Nursery Nurse', 'Clinic', 'Weigh clinic. Mila 8.7kg (50th). Weaning going well.'],
    ['2021-01-06', 'HV Admin', 'Service notice', 'National lockdown: contacts by phone or video unless the family is rated Red. Family rated Green (Universal Plus; Early Help open).'],
    ['2021-01-26', 'Fiona McAllister (HV)', 'Telephone', "Call with mother. EPDS 15; sertraline started by Dr Holloway. Asked about home: \"it's been up and down; Ryan's around\". No mention of police. HV not aware of any incident."],
    ['2021-02-08', 'HV Admin', 'Notification', 'CSC notification: Child and Family assessment open since 18/01/2021 after a domestic incident on 16/01. Allocated SW Rachel Penhaligon, r.penhaligon@example.org, 01632 960623.'],
    ['2021-02-10', 'Fiona McAllister (HV)', 'Safeguarding supervision', 'Restorative safeguarding supervision with named nurse. Family re-rated Amber. Actions: ask SW for partner details; 1-year review face to face if clinic rooms reopen.'],
    ['2021-02-23', 'Fiona McAllister (HV)', '1-year review (video)', "1-year review by video call; clinic rooms still closed. ASQ-3 by parent report: within range except communication (borderline). Not weighed; mother said \"she's eating loads\". A man's voice in the background; mother said \"that's Ryan; he's just dropped round\". Mila on mother's lap throughout."],
    ['2021-03-11', 'Fiona McAllister (HV)', 'CIN meeting', "Initial CIN meeting. HV actions: monthly contact, weigh Mila. Asked where Mila goes to nursery - Ladybird Lane, 3 days; nursery not at the meeting. Asked for nursery to join the core group."],
    ['2021-03-24', 'Fiona McAllister (HV)', 'Home visit', 'Mila weighed: 8.9kg (between 25th and 50th). Walking round furniture. Ryan not present; mother says "he\'s not staying over; that\'s the plan". Freedom Programme starts in April.'],
    ['2021-03-30', 'Fiona McAllister (HV)', 'Email', 'Email to SW: nursery still not part of the core group - please invite.'],
    ['2021-04-27', 'Fiona McAllister (HV)', 'Telephone', 'Monthly call. Mother says all fine; Mila "into everything". Did not mention any hospital attendance.'],
    ['2021-05-06', 'HV Admin', 'Notification', 'ED liaison notice received, forwarded by Hollinsford 0-19 team: Mila attended Hollinsford General ED 17/04/2021, bruise to cheek and cut lip. Notice was sent on 19/04 to the Hollinsford team because the address on the national record had not been updated since the move.'],
    ['2021-05-07', 'Fiona McAllister (HV)', 'Safeguarding supervision', 'Ad hoc supervision about the late ED notice and an injury to the face at 14 months. Supervisor advised: phone SW today, ask whether nursery have seen any marks.'],
    ['2021-05-07', 'Fiona McAllister (HV)', 'Telephone', 'Call to SW - voicemail. Email sent with ED notice attached; no reply recorded.'],
    ['2021-05-26', 'HV Admin', 'Notification', 'CSC notification: domestic incident 22/05/2021, partner arrested, bail conditions.'],
    ['2021-06-10', 'Fiona McAllister (HV)', 'CIN review', 'CIN review. Nursery present for the first time: bruise behind left ear 08/02 and cheek bruise 20/04, both body-mapped. First HV knowledge of the ear bruise. Mother says Ryan has gone.'],
    ['2021-06-22', 'Fiona McAllister (HV)', 'Home visit', 'Mila weighed: 9.0kg (25th), weight gain slowing. Quiet and watchful; walking well. Home tidy. Mother says "it\'s just us now".'],
    ['2021-07-20', 'Fiona McAllister (HV)', 'Telephone', "Monthly call. Mila recovered from chickenpox. Visit offered; declined - 'we're at Dad's all week'."],
    ['2021-08-12', 'Fiona McAllister (HV)', 'CIN review', "Disagreed with the plan to step down: Ryan has not been assessed and nobody knows whether he is living there. Asked for my view to be recorded."],
    ['2021-08-19', 'Fiona McAllister (HV)', 'Escalation', 'Stage 1 escalation under the partnership protocol for resolving professional differences: e-mail from f.mcallister@example.org to the CSC team manager asking for a partner assessment before step-down. Acknowledged 25/08; no decision by 14/09.'],
    ['2021-09-14', 'HV Admin', 'Notification', 'CSC: Mila admitted with a head injury; strategy discussion 15:30 today, HV to attend.'],
    ['2021-09-15', 'Fiona McAllister (HV)', 'Record review', 'Records reviewed with named nurse; health chronology started for the rapid review.'],
  ],
}

// ---------------------------------------------------------------------------------------------------
// 3. GP: a real workbook, dates as Excel date cells; one row with an empty date cell.
// ---------------------------------------------------------------------------------------------------
const GP: XlsxExtract = {
  format: 'xlsx',
  file: 'gp.xlsx',
  agency: 'GP',
  sheet: 'Encounters',
  headers: ['Encounter date', 'Seen by', 'Problem heading', 'Consultation text'],
  mapping: { occurredAt: 'Encounter date', author: 'Seen by', category: 'Problem heading', summary: 'Consultation text' },
  dateFormat: 'excel',
  rows: [
    ['2020-10-19', 'Reception', 'Registration', 'New patient registrations: Mila Kershaw, DOB 19.02.2020, NHS 9993014524; Leanne Kershaw; Kacey Kershaw. Address 7 Heron Walk, Westmere. Previous practice in Hollinsford; records requested.'],
    ['2020-11-09', 'Dr Ian Holloway', 'Depression', 'Leanne. Low mood since moving, poor sleep, PHQ-9 14. No thoughts of self-harm. Father helps with the children. Start sertraline 50mg; review 4 weeks.'],
    ['2020-12-07', 'Dr Ian Holloway', 'Depression', 'Leanne, review by telephone. Slightly better. New partner "supportive". Continue sertraline.'],
    ['2021-01-11', 'Dr Ian Holloway', 'Upper respiratory infection', 'Mila, telephone triage (COVID-19 arrangements). Cough and runny nose, feeding well, no fever. Safety-net advice.'],
    ['2021-01-25', 'Dr Ian Holloway', 'Anxiety', 'Leanne, telephone. Anxiety worse, "arguments at home". Sertraline increased to 100mg. Domestic abuse enquiry not recorded; call cut short.'],
    ['2021-02-03', 'Administrator', 'Letter received', 'Request for information from Westmere Children\'s Services (Child and Family assessment) about Mila and Kacey.'],
    ['2021-02-05', 'Dr Ian Holloway', 'Report to CSC', 'Report sent: children registered 10/2020, immunisations up to date, no concerns recorded about either child. Mother treated for depression and anxiety. Practice holds no information about the partner.'],
    ['2021-02-24', 'Practice Nurse', 'Immunisation', 'Mila, 1-year immunisations given. Weight 8.8kg. Mother and a male adult present.'],
    ['2021-03-10', 'Administrator', 'Letter received', 'Invitation to initial CIN meeting on 11/03/2021 received by e-mail the day before. GP unable to attend; report of 05/02 resent.'],
    ['2021-03-12', 'Administrator', 'Child in need', 'Child in need code added to the records of Mila and Kacey, with an alert to clinicians.'],
    ['2021-03-15', 'Dr Ian Holloway', 'Depression', 'Leanne, face to face. Mood improving. Says partner Ryan "is not living with us". Continue treatment.'],
    ['', 'Administrator', 'Scanned document', 'Health visiting transfer summary from Hollinsford scanned into Mila\'s record; date of scanning not recorded.'],
    ['2021-04-19', 'Dr Ian Holloway', 'Discharge letter', 'Hollinsford General ED, 17/04/2021: Mila, bruise to left cheek and lip laceration after a fall against a table. Seen by paediatric registrar. ED referred to CSC out of hours. CIN code noted; task sent to HV team inbox.'],
    ['2021-05-25', 'Dr Ian Holloway', 'Domestic abuse', 'Leanne, face to face. Bruising under left eye healing. Disclosed assault by partner 22/05; he is on bail not to come to the house. IDVA details given. Domestic abuse code added.'],
    ['2021-06-08', 'Administrator', 'Letter received', 'Invitation to CIN review on 10/06/2021. GP report sent by e-mail.'],
    ['2021-06-29', 'Practice Nurse', 'Asthma', 'Kacey, asthma review. Inhaler technique good. Accompanied by grandfather.'],
    ['2021-07-08', 'Dr Ian Holloway', 'Chickenpox', 'Mila, telephone consultation. Chickenpox, day 4, eating and drinking. Advice given; no need to be seen.'],
    ['2021-08-02', 'Dr Ian Holloway', 'Anxiety', 'Leanne, face to face. Anxiety higher. Says Ryan is back, "it\'s different now, he\'s doing a course". Offered IDVA again - declined. Not shared with CSC.'],
    ['2021-08-16', 'Administrator', 'Letter received', 'CIN review minutes (12/08/2021) received: step down to Early Help planned for September.'],
    ['2021-09-14', 'Administrator', 'Safeguarding', 'Notification from CSC: Mila admitted to Westmere General with a head injury, transferred to the regional children\'s intensive care unit.'],
    ['2021-09-16', 'Dr Ian Holloway', 'Safeguarding', 'Records of Mila, Kacey and Leanne reviewed for the partnership rapid review. Practice safeguarding lead informed.'],
    ['2021-09-20', 'Dr Ian Holloway', 'Sleep problem', 'Kacey, seen with her grandfather. Poor sleep and tearful since her sister went into hospital. Referred to school nursing and CAMHS.'],
    ['2021-09-28', 'Administrator', 'Information request', 'Request from Westmere Safeguarding Children Partnership for a GP chronology; prepared by Dr Ian Holloway.'],
  ],
}

// ---------------------------------------------------------------------------------------------------
// 4. Police: windows-1252, CRLF, combined date and time, surnames in capitals, one exact duplicate.
// ---------------------------------------------------------------------------------------------------
const BAIL_CHECK: Cells = ['WM/21/06114', '03/06/2021 22:15', 'Bail check', 'PC 4402', 'Bail check at 7 Heron Walk. COLLEY not present. Men’s trainers in the hallway – victim said they were old ones he had left. No breach identified.', 'No breach']

const POLICE: CsvExtract = {
  format: 'csv',
  file: 'police.csv',
  agency: 'Police',
  encoding: 'windows-1252',
  bom: false,
  delimiter: ',',
  eol: '\r\n',
  quoteAll: false,
  headers: ['Occurrence No', 'Date/Time', 'Classification', 'Attending Officer', 'Circumstances', 'Result'],
  mapping: { occurredAt: 'Date/Time', category: 'Classification', author: 'Attending Officer', summary: 'Circumstances', outcome: 'Result' },
  dateFormat: 'DD/MM/YYYY HH:mm',
  rows: [
    ['WM/20/41187', '10/10/2020 21:35', 'Domestic – verbal', 'PC 2987 THWAITE', 'Call from Leanne KERSHAW (DOB 03/04/1998) at 7 Heron Walk, Westmere: ex-partner Dean ASHCROFT (DOB 28/09/1996) shouting at the door during handover of Mila (7m). No assault alleged. ASHCROFT left before police arrived. Kacey (6) and Mila seen, both well. DASH – STANDARD.', 'PPN to Children’s Front Door; Operation Encompass notice'],
    ['WM/20/43020', '02/11/2020 14:10', 'Intelligence', 'DC 1140', 'Intel log: Ryan COLLEY (DOB 15/01/1993) of Flat 5, 40 Station Road, Westmere ZZ99 5WE believed to be in a relationship with a female at Heron Walk. Conviction 2018 assault by beating of former partner (Hollinsford); non-molestation order 2019, expired. Graded C. Not disseminated.', 'Intel only'],
    ['WM/20/45561', '24/11/2020 23:50', 'ASB – noise', 'PC 3321', 'Neighbour at No.9 reports loud music and shouting at 7 Heron Walk. KERSHAW and COLLEY present, both had been drinking. Said the children were asleep upstairs – not checked. Words of advice.', 'NFA – no PPN (not recorded as domestic)'],
    ['WM/21/00873', '16/01/2021 22:20', 'Domestic – physical', 'PC 2987 THWAITE', '999 call from Leanne KERSHAW on 07700900517: partner Ryan COLLEY pushed her against the hallway wall during an argument about money (£60 gone from her purse). Redness to left shoulder, no treatment needed. Mila (11m) crying in the living room, held by her mother throughout; Kacey (6) upstairs, spoke to officer: ‘Ryan was shouting again’. COLLEY left before police arrived. DASH asked in the living room with the children nearby: 5 ticks; victim declined to answer on separation and jealousy – STANDARD. PNC not checked at scene (mobile device offline).', 'PPN to Children’s Front Door; Operation Encompass notice'],
    ['WM/21/00873', '17/01/2021 10:30', 'Domestic – follow-up', 'PC 2987 THWAITE', 'Return visit. KERSHAW says COLLEY has ‘gone to his mum’s’ and she wants no police involvement. Safety advice; Westmere Women’s Aid leaflet. Photographs of shoulder declined. DVDS (Clare’s Law) explained – declined.', 'Crime recorded – common assault'],
    ['WM/21/00873', '20/01/2021 15:00', 'Voluntary interview', 'DC 1140', 'COLLEY interviewed under caution. Denied assault: ‘we both got heated, she tripped on the step’. Previous DA conviction noted. No independent witness; child witness aged 6 not interviewed. Victim not supporting.', 'NFA – evidential difficulties'],
    ['WM/21/01722', '10/02/2021 09:40', 'DVDS – Right to Know', 'DS 0677', 'Application from Westmere Children’s Services (SW R. PENHALIGON) for a DVDS check on Ryan COLLEY. Panel to be convened.', 'Panel 02/03/2021'],
    ['WM/21/01722', '02/03/2021 10:00', 'DVDS panel', 'DS 0677', 'Multi-agency DVDS panel: disclosure to Leanne KERSHAW of COLLEY’s previous DA conviction agreed.', 'Disclosure agreed'],
    ['WM/21/01722', '05/03/2021 14:30', 'DVDS disclosure', 'DS 0677', 'Disclosure made in person at 7 Heron Walk with PC 2987 THWAITE. KERSHAW said she ‘already knew about his ex’ and that ‘he’s changed’. Mila present, in her highchair. Safety plan discussed. Children’s Services told by e-mail to frontdoor@example.org.', 'Disclosure complete'],
    ['WM/21/03340', '14/04/2021 19:05', 'Concern for welfare', 'PC 4402', 'Call from Graham KERSHAW (01632 960284), the victim’s father: daughter not answering her phone for two days. Attended 7 Heron Walk. Leanne and both children well, phone broken. Male present gave his name as ‘Ryan’ – not checked on PNC.', 'NFA'],
    ['WM/21/05012', '22/05/2021 01:40', 'Domestic – physical', 'PC 2987 THWAITE', '999 call from neighbour at No.9. Leanne KERSHAW has swelling under her left eye; says Ryan COLLEY punched her during an argument after drinking. Front door panel broken. Mila (15m) awake and distressed in her cot; Kacey in bed, seen. COLLEY arrested at the scene. DASH: 12 ticks including escalation and separation – MEDIUM. Below the MARAC threshold of 14; professional judgement referral not made.', 'Arrest; PPN; Operation Encompass notice'],
    ['WM/21/05012', '22/05/2021 13:20', 'Custody', 'DS 0677', 'COLLEY interviewed – no comment. Released on bail: not to contact Leanne KERSHAW or attend Heron Walk. Bail to 19/06/2021. IDVA referral made.', 'Bail with conditions'],
    ['WM/21/05012', '24/05/2021 09:00', 'Safeguarding', 'PC 2987 THWAITE', 'Request to Westmere Homes for a sanctuary lock change at 7 Heron Walk. Victim updated on 07700 900517.', 'Housing request sent'],
    BAIL_CHECK,
    [...BAIL_CHECK],
    ['WM/21/05012', '18/06/2021 16:00', 'File review', 'DS 0677', 'Victim withdrew her statement on 16/06/2021. Evidence-led prosecution considered: no body-worn video from the first officer (battery failure), no independent witness. NFA. Bail conditions cancelled. Victim and Children’s Services informed.', 'NFA – bail cancelled'],
    ['WM/21/06980', '29/07/2021 20:10', 'Concern for welfare', 'PC 3321', 'Anonymous caller: a young child crying for a long time at 7 Heron Walk. COLLEY answered the door, said KERSHAW was at work. Mila seen asleep in her cot. No concerns identified. COLLEY’s bail status not checked.', 'NFA – no PPN'],
    ['WM/21/07755', '21/08/2021 23:30', 'ASB – noise', 'PC 4402', 'Party at 7 Heron Walk. KERSHAW and COLLEY present; said the children were at the grandfather’s. Music turned down. A neighbour mentioned the new café job KERSHAW has started.', 'Words of advice'],
    ['WM/21/08412', '14/09/2021 07:20', 'Child – serious injury', 'DS 0677', 'Ambulance service report: Mila KERSHAW (19m), NHS 999 301 4524, unresponsive at 7 Heron Walk, conveyed to Westmere General. Account from COLLEY: she fell down the stairs while he was in the kitchen. Mother at work. Strategy discussion requested.', 'Investigation – Child Abuse Investigation Team'],
    ['WM/21/08412', '14/09/2021 15:30', 'Strategy discussion', 'DS 0677', 'Strategy discussion with Children’s Services and the consultant paediatrician. Section 47 enquiries. Kacey to stay with Graham KERSHAW at 31 Beech Grove, Westmere ZZ99 1GB.', 'Joint investigation'],
    ['WM/21/08412', '16/09/2021 11:00', 'Arrest', 'DC 1140', 'Ryan COLLEY (07700 900329) arrested on suspicion of causing grievous bodily harm to a child. Interviewed; released under investigation. Leanne KERSHAW interviewed as a witness.', 'Released under investigation'],
    ['WM/21/08412', '24/09/2021 10:00', 'Partnership', 'DS 0677', 'Police chronology and records summary sent to Westmere Safeguarding Children Partnership for the rapid review – résumé of all contacts since 10/2020.', 'Sent'],
  ],
}

// ---------------------------------------------------------------------------------------------------
// 5. Hospital emergency department: '3 Feb 2021' and '17 April 2021 19:40' dates, a Y/N column.
// ---------------------------------------------------------------------------------------------------
const ED: CsvExtract = {
  format: 'csv',
  file: 'hospital-ed.csv',
  agency: 'Hospital Emergency Department',
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  eol: '\n',
  quoteAll: false,
  headers: ['Arrival', 'Site', 'Seen by', 'Presenting problem', 'Notes', 'CSC referral (Y/N)'],
  mapping: { occurredAt: 'Arrival', author: 'Seen by', category: 'Presenting problem', summary: 'Notes', outcome: 'CSC referral (Y/N)' },
  dateFormat: 'D MMM YYYY',
  rows: [
    ['23 Oct 2020', 'Westmere General', 'Paediatric ED', 'Breathing difficulty', 'Kacey Kershaw 6y. Asthma flare with a cold. Responded to inhalers, discharged with plan. Mother and grandfather present.', 'N'],
    ['4 Dec 2020 02:10', 'Westmere General', 'Adult ED', 'Palpitations', 'Leanne Kershaw, DOB 03/04/1998, NHS 999 417 2867. Panic attack; ECG normal. On sertraline. Children at home with her father. Discharged to GP.', 'N'],
    ['19 Dec 2020 16:45', 'Westmere General', 'Paediatric ED', 'Fever', 'Mila 10/12. Fever and cough, no rash; viral illness. Discharged with advice.', 'N'],
    ['17 April 2021 19:40', 'Hollinsford General', 'Paediatric ED', 'Facial injury', 'Mila Kershaw 14/12, NHS 999 301 4524. Brought by mother and mother\'s partner. Fell against a coffee table while mother was in the bathroom; partner says he was in the kitchen. 2cm bruise left cheek, small cut inside upper lip. Full skin check: no other marks. CP-IS checked - no flag. Family did not mention social care. Triage nurse uneasy about the differing accounts; paediatric registrar review: consistent with a toddler fall. Referral to CSC out-of-hours team by phone 23:50.', 'Y'],
    ['19 Apr 2021', 'Hollinsford General', 'Paediatric Liaison', 'Liaison', 'Attendance 17/04 reviewed. Liaison notice sent to the health visiting team for the address on the national record (Hollinsford) and to the GP.', 'N'],
    ['22 May 2021 03:05', 'Westmere General', 'Adult ED', 'Assault', 'Leanne Kershaw. Swelling below left eye after assault by partner; X-ray no fracture. Police aware, partner in custody. Children with their grandfather. Hospital IDVA saw her before discharge.', 'Y'],
    ['12 Jun 2021', 'Westmere General', 'Minor injuries', 'Wrist injury', 'Kacey Kershaw 7y. Fell off a trampoline at her grandfather\'s garden. Sprain. Consistent history.', 'N'],
    ['21 Aug 2021 23:55', 'Westmere General', 'Minor injuries', 'Hand injury', 'Ryan Colley, NHS 9995620839, Flat 5, 40 Station Road, Westmere. Cut knuckles, says he punched a wall. Cleaned and closed with steri-strips. Living arrangements not asked.', 'N'],
    ['14 September 2021 07:55', 'Westmere General', 'Resuscitation', 'Head injury', 'Mila Kershaw 19/12, DOB 2020-02-19. Ambulance from 7 Heron Walk with mother\'s partner; mother arrived 08:30. Reduced consciousness. CT head arranged. CP-IS checked - no flag; EDT confirmed open CIN plan by phone. Consultant paediatrician informed; police present.', 'Y'],
    ['14 September 2021 11:30', 'Westmere General', 'Resuscitation', 'Transfer', 'Transferred to the regional children\'s intensive care unit by the paediatric transport team. Safeguarding team informed.', 'Y'],
    ['15 Sep 2021', 'Westmere General', 'Paediatric Liaison', 'Liaison', 'Liaison notice to Westmere 0-19 team and Heron Park Surgery. Previous attendance at Hollinsford 17/04/2021 found on the shared record.', 'N'],
    ['16 Sep 2021', 'Westmere General', 'Safeguarding team', 'Safeguarding', 'Safeguarding nurse contributed to the strategy discussion follow-up; skeletal survey results shared with police and CSC.', 'N'],
  ],
}

// ---------------------------------------------------------------------------------------------------
// 6. Nursery: mostly DD/MM/YYYY; reduced precision by month, week and year (valid, not errors).
// ---------------------------------------------------------------------------------------------------
const NURSERY: CsvExtract = {
  format: 'csv',
  file: 'nursery.csv',
  agency: 'Nursery',
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  eol: '\n',
  quoteAll: false,
  headers: ['Date', 'Recorded by', 'Type', 'Entry'],
  mapping: { occurredAt: 'Date', author: 'Recorded by', category: 'Type', summary: 'Entry' },
  dateFormat: 'DD/MM/YYYY',
  rows: [
    ['Sept 2020', 'Nursery Manager', 'Enquiry', 'Waiting list: mother (leannek98@example.org) asked about a place for Mila from 2021. Under two, so no funded place; fees explained.'],
    ['10/2020', 'Nursery Manager', 'Enquiry', 'Early Help worker asked about supported places. None until January.'],
    ['15/12/2020', 'Nursery Manager', 'Admission', 'Supported place (Early Help funded) confirmed for Mila Kershaw, DOB 19/02/2020, from 05/01/2021, Mon/Tue/Thu mornings. Emergency contacts: mother Leanne 07700 900517; grandfather Graham Kershaw 01632960284. Key worker: Chloe Barnes.'],
    ['05/01/2021', 'Chloe Barnes (KW)', 'Settling', 'First session with mum. Mila clingy, cried when mum left, settled with a bottle and a cuddle.'],
    ['Jan 2021', 'Chloe Barnes (KW)', 'Settling summary', 'Took three weeks to settle. Startles at loud noises. Loves the water tray. Babbles, few clear sounds.'],
    ['19/01/2021', 'Chloe Barnes (KW)', 'Observation', "Mum said 'bad weekend, the police came' and did not want to talk. Mila very tired, slept two hours. Logged; not passed on."],
    ['26/01/2021', 'Room Leader', 'Collection', 'Collected by mum\'s partner, not on the collection list and did not know the password. Mum phoned and confirmed. Added to list: Ryan Colley, 07700900329.'],
    ['08/02/2021', 'Chloe Barnes (KW)', 'Concern', "Bruise about 2cm behind the left ear, yellowish. Mum: 'she banged it on the toy box'. Body map completed. Passed to manager (DSL)."],
    ['08/02/2021', 'Nursery Manager', 'Safeguarding decision', "DSL unsure whether a bruise on a mobile baby meets the threshold for the Front Door. Rang the Early Help worker, who said 'social care are involved now' but did not have the social worker's name. Decision: monitor and record."],
    ['11/02/2021', 'Chloe Barnes (KW)', 'Observation', 'Bruise fading. Mila pulling to stand and cruising. Eats quickly at snack and asks for more.'],
    ['2021', 'Nursery Manager', 'Undated note', "Undated note in the paper file (spring term): 'CSC involved? Nobody has told us who the social worker is.'"],
    ['02/03/2021', 'Chloe Barnes (KW)', 'Attendance', 'Did not attend, no call. Mum texted later: Mila had a cold.'],
    ['16/03/2021', 'Chloe Barnes (KW)', 'Observation', 'Mila startled and cried when a door banged; took a long time to settle. Mum late at collection.'],
    ['25/03/2021', 'Chloe Barnes (KW)', 'Learning journal', "Walking holding hands. Says 'mama' and 'ta'. Enjoys songs with actions."],
    ['13/04/2021', 'Room Leader', 'Observation', 'Sore nappy area; same clothes as last Thursday. Spare clothes given; mentioned to mum.'],
    ['20/04/2021', 'Chloe Barnes (KW)', 'Concern', "Faded bruise on left cheek and healing cut on the lip. Mum: 'she fell on the coffee table at the weekend, we went to hospital'. Body map completed. Assumed the hospital would tell the social worker."],
    ['29/04/2021', 'Nursery Manager', 'Attendance', 'April attendance 8 of 12 sessions. Attendance letter to 7 Heron Walk.'],
    ['25/05/2021', 'Chloe Barnes (KW)', 'Observation', "Mum wearing sunglasses indoors; said 'Ryan's gone, he's not allowed near us'. Mila unsettled all morning."],
    ['27/05/2021', 'Nursery Manager', 'Telephone', 'Rang the Front Door to ask who the social worker is. Told Rachel Penhaligon; left a message on 01632 960623.'],
    ['03/06/2021', 'Nursery Manager', 'Invitation', 'E-mail invitation from the social worker to the CIN review on 10/06 - our first invitation.'],
    ['10/06/2021', 'Nursery Manager', 'Meeting', 'Attended the CIN review by video. Shared the ear bruise (08/02), the cheek bruise (20/04) and attendance. The social worker had not heard of either body map.'],
    ['17/06/2021', 'Chloe Barnes (KW)', 'Observation', 'Happy morning; played in the sand with another child. Walking well.'],
    ['01/07/2021', 'Chloe Barnes (KW)', 'Observation', 'Very hungry at lunch - three portions. Seems hungrier on Mondays and Tuesdays.'],
    ['w/c 12/07/2021', 'Nursery Manager', 'Attendance', 'Absent all week - mum texted that Mila has chickenpox.'],
    ['20/07/2021', 'Chloe Barnes (KW)', 'Observation', 'Back after chickenpox. Pale and clingy; wanted to be held.'],
    ['22/07/2021', 'Nursery Manager', 'Closure', 'Nursery closed for the summer 23/07 to 01/09 (term-time place).'],
    ['02/09/2021', 'Chloe Barnes (KW)', 'Attendance', 'First session of the autumn term - did not attend, no call. Texted mum.'],
    ['07/09/2021', 'Chloe Barnes (KW)', 'Observation', "Attended. Collected by Ryan Colley (on the list). Mila very quiet, did not want to walk or be put down. Mum said she had been 'under the weather'."],
    ['09/09/2021', 'Chloe Barnes (KW)', 'Attendance', 'Did not attend, no call.'],
    ['14/09/2021', 'Nursery Manager', 'Telephone', 'Call from the Front Door: Mila in hospital. Nursery records requested for the strategy discussion.'],
    ['Sept 2021', 'Nursery Manager', 'Record', 'Place held for the autumn term pending decisions. Records copied for police.'],
    ['21/09/2021', 'Nursery Manager', 'Record', 'Records secured; chronology prepared for the Westmere Safeguarding Children Partnership.'],
  ],
}

// ---------------------------------------------------------------------------------------------------
// 7. Housing: DD-MM-YYYY, CRLF, a blank line, an impossible date, a formula-looking cell,
//    and one row before the review period.
// ---------------------------------------------------------------------------------------------------
const HOUSING: CsvExtract = {
  format: 'csv',
  file: 'housing.csv',
  agency: 'Housing',
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  eol: '\r\n',
  quoteAll: false,
  headers: ['Logged', 'Team', 'Type', 'Note'],
  mapping: { occurredAt: 'Logged', author: 'Team', category: 'Type', summary: 'Note' },
  dateFormat: 'DD-MM-YYYY',
  rows: [
    ['28-07-2020', 'Lettings', 'Sign-up', 'Tenancy sign-up, Westmere Homes: Ms Leanne Kershaw, 7 Heron Walk, Westmere ZZ99 3HD, two-bedroom house. Household: Leanne, Kacey (6), Mila (5m). Contact 07700 900517.'],
    ['09-10-2020', 'Repairs', 'Repair', 'Front door lock sticking. Job raised.'],
    ['26-11-2020', 'ASB Team', 'ASB', 'Neighbour at No.9: loud music and shouting after midnight on 24/11. Letter to tenant.'],
    ['14-12-2020', 'Income Team', 'Arrears', 'Arrears £284.50 while Universal Credit started. Repayment plan £6 a week agreed.'],
    ['11-01-2021', 'Repairs', 'Repair', 'Stair handrail loose. Job raised.'],
    ['18-01-2021', 'Repairs', 'Repair', 'Handrail - no access, card left.'],
    ['02-02-2021', 'ASB Team', 'ASB', "Neighbour at No.9 reports shouting and 'a child screaming' late on 16/01; police attended. Diary sheets sent. Not referred on - police already involved."],
    ['30-02-2021', 'ASB Team', 'ASB', 'Follow-up letter to neighbour: no diary sheets returned. Case closed.'],
    ['15-03-2021', 'Repairs', 'Repair', 'Stair handrail refixed. Job closed.'],
    ['07-04-2021', 'Housing Officer', 'Tenancy audit', "Annual tenancy audit. Tenant and a man present; he gave his name as Ryan Colley, DOB 15/01/1993, and said he 'stays most nights'. Not on the tenancy; advised about telling Universal Credit."],
    ['19-04-2021', 'Income Team', 'Arrears', 'Tenant says her partner is now paying towards the rent. Arrears reducing.'],
    BLANK,
    ['26-05-2021', 'Tenancy Sustainment', 'DA / sanctuary', 'Police request (domestic incident 22/05) for a sanctuary lock change. Locks changed 27/05/2021. Referral to the IDVA confirmed.'],
    ['27-05-2021', 'Repairs', 'Repair - emergency', 'Front door panel replaced (damage on 22/05).'],
    ['15-06-2021', 'Housing Officer', 'Tenancy', '=HYPERLINK("http://example.org/westmere-homes/photos/7-heron-walk","Door damage photos 27/05/2021 - click to view")'],
    ['29-06-2021', 'Income Team', 'Arrears', "Tenant says her partner has 'gone for good'; Universal Credit changed to a single claim."],
    ['16-08-2021', 'Housing Officer', 'ASB', "Neighbour says the man is 'back living there' and there is shouting most weekends. Tenant denies it. Advice given. Not shared with other agencies."],
    ['06-09-2021', 'Repairs', 'Gas safety', 'Annual gas safety check completed. Door answered by a man who said he was the tenant\'s partner.'],
    ['20-09-2021', 'Housing Officer', 'Information request', 'Police request about the occupants (incident 14/09). Tenancy audit of 07/04/2021 and ASB notes provided.'],
  ],
}

// ---------------------------------------------------------------------------------------------------
// 8. School nursing: two title lines above the header and a 'Total records: N' footer line.
// ---------------------------------------------------------------------------------------------------
const SCHOOL_NURSING: CsvExtract = {
  format: 'csv',
  file: 'school-nursing.csv',
  agency: 'School Nursing',
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  eol: '\n',
  quoteAll: false,
  titleLines: [
    'Westmere 0-19 School Nursing Service — records extract for review',
    'Generated on 28/09/2021 10:42 by the records team (child: Kacey Kershaw)',
  ],
  footer: (n) => `Total records: ${n}`,
  headers: ['Date', 'Nurse', 'Contact', 'Record'],
  mapping: { occurredAt: 'Date', author: 'Nurse', category: 'Contact', summary: 'Record' },
  dateFormat: 'DD/MM/YYYY',
  rows: [
    ['19/01/2021', 'Anita Sharma (SN)', 'Operation Encompass', 'School DSL shared an Operation Encompass notice: domestic incident at home on 16/01. Kacey Kershaw (DOB 10/06/2014, NHS 999 205 7149) tired and quiet. Planned a 1:1.'],
    ['04/02/2021', 'Anita Sharma (SN)', '1:1 in school', "Kacey seen alone. Said 'Ryan shouts at Mummy and Mila cries' and 'I hide under my duvet'. Drew the house with a 'loud door'. Shared with DSL, who said social care were already involved. E-mailed Kacey's words to r.penhaligon@example.org from a.sharma@example.org."],
    ['11/03/2021', 'Anita Sharma (SN)', 'CIN meeting', "Initial CIN meeting for Kacey and Mila. Shared Kacey's words from 04/02. Actions: 1:1 sessions for Kacey every half term."],
    ['25/03/2021', 'Anita Sharma (SN)', '1:1 in school', 'Kacey wetting the bed again. Continence advice; referral to the bladder and bowel service with mother\'s agreement.'],
    ['22/04/2021', 'Anita Sharma (SN)', '1:1 in school', "Kacey: 'Mila hurt her face on the table. Ryan was looking after her.' Shared with DSL; DSL told the social worker was already aware of the hospital visit."],
    ['25/05/2021', 'Anita Sharma (SN)', 'Operation Encompass', "Notice of a domestic incident on 22/05 (arrest). Kacey seen: 'the police took Ryan away and Mummy's face was puffy'."],
    ['10/06/2021', 'Anita Sharma (SN)', 'CIN review', 'Attended CIN review. Kacey happier, sleeping better since Ryan left.'],
    ['08/07/2021', 'Anita Sharma (SN)', '1:1 in school', "End-of-term check-in. Kacey: 'Ryan comes back at weekends now.' Shared with DSL and e-mailed the social worker; auto-reply said she had moved team."],
    ['12/08/2021', 'Anita Sharma (SN)', 'CIN review', 'Unable to attend (school holidays; term-time service). Written update sent, including the 08/07 comment about Ryan.'],
    ['06/09/2021', 'Anita Sharma (SN)', '1:1 in school', "Back at school. Kacey spent much of the summer at her grandad's, 31 Beech Grove. Said Mila has been 'poorly and grumpy'."],
    ['15/09/2021', 'Anita Sharma (SN)', 'Safeguarding', 'DSL told me Mila is in hospital. Kacey staying with her grandfather Graham Kershaw. Seen in school with his agreement.'],
    ['22/09/2021', 'Anita Sharma (SN)', 'Record review', 'Records reviewed for the partnership rapid review.'],
  ],
}

const EXTRACTS: Extract[] = [CSC, HV, GP, POLICE, ED, NURSERY, HOUSING, SCHOOL_NURSING]

// Designed examples of one real-world event recorded by several agencies, found again in the re-read
// rows by a phrase unique to each record (so the row numbers come from the files, not from here).
const EPISODES: Array<{ date: string; label: string; records: Array<{ file: string; find: string }> }> = [
  {
    date: '2021-01-16',
    label: 'Domestic abuse incident (Mr Y), January',
    records: [
      { file: 'police.csv', find: 'pushed her against the hallway wall' },
      { file: 'childrens-social-care.csv', find: 'domestic incident 16/01/2021 at 22:20' },
      { file: 'school-nursing.csv', find: 'domestic incident at home on 16/01' },
      { file: 'nursery.csv', find: 'bad weekend, the police came' },
    ],
  },
  {
    date: '2021-03-11',
    label: 'Initial child in need meeting',
    records: [
      { file: 'childrens-social-care.csv', find: 'Initial CIN meeting by video' },
      { file: 'health-visiting.csv', find: 'Initial CIN meeting. HV actions' },
      { file: 'school-nursing.csv', find: 'Initial CIN meeting for Kacey and Mila' },
      { file: 'gp.xlsx', find: 'Invitation to initial CIN meeting' },
    ],
  },
  {
    date: '2021-04-17',
    label: 'ED attendance: facial bruise and cut lip',
    records: [
      { file: 'hospital-ed.csv', find: 'Fell against a coffee table' },
      { file: 'childrens-social-care.csv', find: 'Call from Hollinsford General ED' },
      { file: 'gp.xlsx', find: 'Hollinsford General ED, 17/04/2021' },
      { file: 'nursery.csv', find: 'Faded bruise on left cheek' },
    ],
  },
  {
    date: '2021-05-22',
    label: 'Domestic abuse incident and arrest of Mr Y',
    records: [
      { file: 'police.csv', find: 'punched her during an argument' },
      { file: 'hospital-ed.csv', find: 'Swelling below left eye' },
      { file: 'childrens-social-care.csv', find: 'domestic incident 22/05/2021' },
      { file: 'housing.csv', find: 'sanctuary lock change. Locks changed' },
    ],
  },
]

// ===================================================================================================
// Phase 1: write the files.
// ===================================================================================================
function nhsCheckDigitValid(nhs: string): boolean {
  const digits = nhs.replace(/\s/g, '')
  if (!/^\d{10}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return false
  return (check === 11 ? 0 : check) === Number(digits[9])
}

function csvField(value: string, delimiter: string, quoteAll: boolean): string {
  const needsQuotes = quoteAll || value.includes(delimiter) || /["\r\n]/.test(value)
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value
}

function csvText(x: CsvExtract): string {
  const line = (cells: Cells): string => cells.map((c) => csvField(c, x.delimiter, x.quoteAll)).join(x.delimiter)
  const lines: string[] = [...(x.titleLines ?? []), line(x.headers)]
  for (const row of x.rows) lines.push(row === BLANK ? '' : line(row))
  if (x.footer) lines.push(x.footer(x.rows.filter((r) => r !== BLANK).length))
  return lines.join(x.eol) + x.eol
}

function encode(text: string, x: CsvExtract): Buffer {
  if (x.encoding === 'windows-1252') {
    const bytes = iconv.encode(text, 'win1252')
    if (iconv.decode(bytes, 'win1252') !== text) throw new Error(`${x.file}: text has characters windows-1252 cannot hold`)
    return bytes
  }
  const body = Buffer.from(text, 'utf8')
  return x.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body
}

function isoToUtcDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number)
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1))
}

async function writeXlsx(x: XlsxExtract, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Heron Park Surgery (fictional)'
  wb.created = new Date(Date.UTC(2021, 8, 28, 9, 0))
  wb.modified = wb.created
  const ws = wb.addWorksheet(x.sheet)
  ws.columns = x.headers.map((header, i) => ({ header, width: [16, 20, 24, 100][i] ?? 20 }))
  for (const [date, ...rest] of x.rows) {
    const row = ws.addRow([date ? isoToUtcDate(date) : null, ...rest])
    row.getCell(1).numFmt = 'dd/mm/yyyy'
  }
  await wb.xlsx.writeFile(path)
}

function personsText(): string {
  const lines = [PERSONS_HEADERS, ...PERSONS].map((cells) => cells.map((c) => csvField(c, ',', false)).join(','))
  return lines.join('\n') + '\n'
}

async function writeAll(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  for (const p of PERSONS) {
    const nhs = p[4] ?? ''
    if (nhs && !nhsCheckDigitValid(nhs)) throw new Error(`Invalid NHS check digit: ${nhs}`)
  }
  writeFileSync(join(OUT, 'persons.csv'), personsText())
  for (const x of EXTRACTS) {
    if (x.format === 'xlsx') await writeXlsx(x, join(OUT, x.file))
    else writeFileSync(join(OUT, x.file), encode(csvText(x), x))
  }
}

// ===================================================================================================
// Phase 2: forget the data above, re-read every file from disk and derive expected.json.
// ===================================================================================================
// A small RFC 4180 reader: quoted fields may hold delimiters, doubled quotes and line breaks.
function readCsvRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++ }
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === delimiter) { record.push(field); field = '' }
    else if (ch === '\r' && text[i + 1] === '\n') { /* the \n ends the record */ }
    else if (ch === '\n') { record.push(field); records.push(record); record = []; field = '' }
    else field += ch
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record) }
  return records
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
function monthNumber(name: string): number | null {
  const n = name.toLowerCase()
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
  const byFull = full.indexOf(n)
  if (byFull >= 0) return byFull + 1
  if (n === 'sept') return 9
  const byShort = MONTHS.indexOf(n)
  return byShort >= 0 ? byShort + 1 : null
}

type Precision = 'day' | 'week' | 'month' | 'year'
type DateReading = { ok: true; precision: Precision; from: string; to: string } | { ok: false; reason: 'missing-date' | 'invalid-date' }

const pad = (n: number): string => String(n).padStart(2, '0')
const iso = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate()

function dayReading(y: number, m: number, d: number, hh = 0, mm = 0): DateReading {
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || hh > 23 || mm > 59) return { ok: false, reason: 'invalid-date' }
  return { ok: true, precision: 'day', from: iso(y, m, d), to: iso(y, m, d) }
}

function addDays(isoDate: string, days: number): string {
  const t = isoToUtcDate(isoDate).getTime() + days * 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

// Reads a date cell in the file's own format, or one of the reduced forms an agency may use.
function readDate(raw: string, format: string): DateReading {
  const s = raw.trim()
  if (s === '') return { ok: false, reason: 'missing-date' }
  let m: RegExpMatchArray | null
  if (format === 'DD/MM/YYYY' && (m = s.match(/^(\d{2})\/(\d{2})\/(\d{4})$/))) return dayReading(+m[3]!, +m[2]!, +m[1]!)
  if (format === 'YYYY-MM-DD' && (m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/))) return dayReading(+m[1]!, +m[2]!, +m[3]!)
  if (format === 'DD-MM-YYYY' && (m = s.match(/^(\d{2})-(\d{2})-(\d{4})$/))) return dayReading(+m[3]!, +m[2]!, +m[1]!)
  if (format === 'DD/MM/YYYY HH:mm' && (m = s.match(/^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/))) return dayReading(+m[3]!, +m[2]!, +m[1]!, +m[4]!, +m[5]!)
  if (format === 'D MMM YYYY' && (m = s.match(/^(\d{1,2}) ([A-Za-z]+) (\d{4})(?: (\d{2}):(\d{2}))?$/))) {
    const month = monthNumber(m[2]!)
    if (month === null) return { ok: false, reason: 'invalid-date' }
    return dayReading(+m[3]!, month, +m[1]!, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0)
  }
  if ((m = s.match(/^w\/c (\d{2})\/(\d{2})\/(\d{4})$/))) {
    const day = dayReading(+m[3]!, +m[2]!, +m[1]!)
    return day.ok ? { ok: true, precision: 'week', from: day.from, to: addDays(day.from, 6) } : day
  }
  if ((m = s.match(/^([A-Za-z]+) (\d{4})$/))) {
    const month = monthNumber(m[1]!)
    if (month === null) return { ok: false, reason: 'invalid-date' }
    return { ok: true, precision: 'month', from: iso(+m[2]!, month, 1), to: iso(+m[2]!, month, daysIn(+m[2]!, month)) }
  }
  if ((m = s.match(/^(\d{2})\/(\d{4})$/))) {
    const month = +m[1]!
    if (month < 1 || month > 12) return { ok: false, reason: 'invalid-date' }
    return { ok: true, precision: 'month', from: iso(+m[2]!, month, 1), to: iso(+m[2]!, month, daysIn(+m[2]!, month)) }
  }
  if ((m = s.match(/^(\d{4})$/))) return { ok: true, precision: 'year', from: `${m[1]}-01-01`, to: `${m[1]}-12-31` }
  return { ok: false, reason: 'invalid-date' }
}

interface ReadFile {
  headers: string[]
  rows: string[][] // data rows only, as text
  dates: DateReading[]
  headerRow?: number
  titleRows?: number
  footerRows?: number
  text: string // everything a redaction check would scan
}

function decode(buf: Buffer): { text: string; encoding: 'utf-8' | 'windows-1252'; bom: boolean } {
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf
  const body = bom ? buf.subarray(3) : buf
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  try {
    return { text: utf8.decode(body), encoding: 'utf-8', bom }
  } catch {
    return { text: iconv.decode(body, 'win1252'), encoding: 'windows-1252', bom }
  }
}

function readCsvFile(path: string, delimiter: string, dateColumn: string, dateFormat: string): ReadFile & { encoding: string; bom: boolean } {
  const { text, encoding, bom } = decode(readFileSync(path))
  const records = readCsvRecords(text, delimiter)
  // The header is the first record that names the date column; anything above it is a title line.
  const headerIndex = records.findIndex((r) => r.includes(dateColumn))
  if (headerIndex < 0) throw new Error(`${path}: no header naming ${dateColumn}`)
  const headers = records[headerIndex]!
  let body = records.slice(headerIndex + 1)
  let footerRows = 0
  while (body.length > 0 && /^Total records: \d+$/.test((body[body.length - 1] ?? []).join(delimiter))) {
    footerRows++
    body = body.slice(0, -1)
  }
  const rows = body.filter((r) => !(r.length === 1 && r[0] === ''))
  for (const r of rows) if (r.length !== headers.length) throw new Error(`${path}: a row has ${r.length} cells, header has ${headers.length}`)
  const col = headers.indexOf(dateColumn)
  return {
    headers,
    rows,
    dates: rows.map((r) => readDate(r[col] ?? '', dateFormat)),
    ...(headerIndex > 0 || footerRows > 0 ? { headerRow: headerIndex + 1, titleRows: headerIndex, footerRows } : {}),
    text,
    encoding,
    bom,
  }
}

async function readXlsxFile(path: string, sheet: string): Promise<ReadFile> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(path)
  const ws = wb.getWorksheet(sheet)
  if (!ws) throw new Error(`${path}: no sheet ${sheet}`)
  const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v))
  const headers: string[] = []
  ws.getRow(1).eachCell({ includeEmpty: true }, (c) => headers.push(text(c.value)))
  const rows: string[][] = []
  const dates: DateReading[] = []
  for (let n = 2; n <= ws.rowCount; n++) {
    const cells = headers.map((_, i) => ws.getRow(n).getCell(i + 1).value)
    if (cells.every((v) => v === null || v === undefined || v === '')) continue
    rows.push(cells.map(text))
    const first = cells[0]
    if (first instanceof Date) {
      const day = first.toISOString().slice(0, 10)
      dates.push({ ok: true, precision: 'day', from: day, to: day })
    } else dates.push({ ok: false, reason: first === null || first === undefined || first === '' ? 'missing-date' : 'invalid-date' })
  }
  return { headers, rows, dates, text: rows.map((r) => r.join('\t')).join('\n') }
}

function readConversations(dir: string): string[] {
  let names: string[] = []
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.md')).sort()
  } catch {
    console.warn(`No conversation notes in ${dir}; identifiers are found in the extracts only.`)
  }
  return names.map((n) => readFileSync(join(dir, n), 'utf8'))
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

async function buildExpected(): Promise<void> {
  const files: unknown[] = []
  const texts: string[] = []
  const readByFile = new Map<string, ReadFile>()
  let totalRows = 0
  let totalAccepted = 0
  for (const x of EXTRACTS) {
    const path = join(OUT, x.file)
    const dateColumn = x.mapping.occurredAt ?? ''
    const read = x.format === 'xlsx' ? await readXlsxFile(path, x.sheet) : readCsvFile(path, x.delimiter, dateColumn, x.dateFormat)
    readByFile.set(x.file, read)
    texts.push(read.text)
    for (const header of Object.values(x.mapping)) if (!read.headers.includes(header)) throw new Error(`${x.file}: mapped column ${header} not found`)

    const rejected: Array<{ row: number; reason: string }> = []
    const reducedPrecision: Array<{ row: number; precision: Precision }> = []
    const outsidePeriod: number[] = []
    read.dates.forEach((d, i) => {
      if (!d.ok) return void rejected.push({ row: i + 1, reason: d.reason })
      if (d.precision !== 'day') reducedPrecision.push({ row: i + 1, precision: d.precision })
      if (d.to < PERIOD.from || d.from > PERIOD.to) outsidePeriod.push(i + 1)
    })
    const groups = new Map<string, number[]>()
    read.rows.forEach((r, i) => groups.set(JSON.stringify(r), [...(groups.get(JSON.stringify(r)) ?? []), i + 1]))
    const exactDuplicates = [...groups.values()].filter((g) => g.length > 1)

    if (read.footerRows) {
      const footer = readFileSync(path, 'utf8').trimEnd().split(/\r?\n/).pop() ?? ''
      if (footer !== `Total records: ${read.rows.length}`) throw new Error(`${x.file}: footer '${footer}' does not match ${read.rows.length} rows`)
    }

    const csv = x.format === 'csv' ? (read as ReturnType<typeof readCsvFile>) : null
    files.push({
      file: x.file,
      agency: x.agency,
      format: x.format,
      encoding: csv ? csv.encoding : null,
      delimiter: x.format === 'csv' ? x.delimiter : null,
      ...(x.format === 'xlsx' ? { sheet: x.sheet } : { bom: csv?.bom ?? false }),
      ...(read.headerRow ? { headerRow: read.headerRow, titleRows: read.titleRows, footerRows: read.footerRows } : {}),
      mapping: x.mapping,
      dateFormat: x.dateFormat,
      dataRows: read.rows.length,
      accepted: read.rows.length - rejected.length,
      rejected,
      exactDuplicates,
      reducedPrecision,
      outsidePeriod,
    })
    totalRows += read.rows.length
    totalAccepted += read.rows.length - rejected.length
  }

  const crossAgencyEpisodes = EPISODES.map((e) => ({
    date: e.date,
    label: e.label,
    records: e.records.map((r) => {
      const read = readByFile.get(r.file)
      const hits = (read?.rows ?? []).flatMap((row, i) => (row.some((c) => c.includes(r.find)) ? [i + 1] : []))
      if (hits.length !== 1) throw new Error(`Episode ${e.label}: '${r.find}' matches ${hits.length} rows in ${r.file}`)
      const date = read?.dates[(hits[0] ?? 0) - 1]
      if (!date?.ok || Math.abs(isoToUtcDate(date.from).getTime() - isoToUtcDate(e.date).getTime()) > 4 * 86_400_000) {
        throw new Error(`Episode ${e.label}: ${r.file} row ${hits[0]} is not within four days`)
      }
      return { file: r.file, row: hits[0] }
    }),
  }))

  // Identifiers: every form of each person's details that the extracts and notes actually contain.
  texts.push(...readConversations(join(HERE, 'conversations')))
  const all = texts.join('\n')
  const present = (candidates: string[]): string[] => [...new Set(candidates.filter((c) => c !== '' && all.includes(c)))]
  const persons = readCsvRecords(readFileSync(join(OUT, 'persons.csv'), 'utf8'), ',').slice(1)
  const col = (r: string[], name: string): string => r[PERSONS_HEADERS.indexOf(name)] ?? ''
  const names = [...new Set(persons.flatMap((r) => [col(r, 'real_name'), col(r, 'real_name').split(' ').slice(1).join(' ')]))]
  for (const n of names) if (!all.toLowerCase().includes(n.toLowerCase())) throw new Error(`Name ${n} never appears`)
  const givenNames = persons.map((r) => col(r, 'real_name').split(' ')[0] ?? '').filter((g) => new RegExp(`\\b${escapeRegExp(g)}\\b`).test(all))
  const nhsNumbers = present(persons.flatMap((r) => [col(r, 'nhs_number'), col(r, 'nhs_number').replace(/\s/g, '')]))
  const postcodes = present(persons.map((r) => col(r, 'postcode')))
  const phones = present(persons.flatMap((r) => [col(r, 'phone'), col(r, 'phone').replace(/\s/g, '')]))
  const datesOfBirth = present(persons.flatMap((r) => {
    const [y, m, d] = col(r, 'date_of_birth').split('-')
    return y && m && d ? [`${y}-${m}-${d}`, `${d}/${m}/${y}`, `${d}.${m}.${y}`] : []
  }))
  const addresses = present(persons.flatMap((r) => [col(r, 'address'), col(r, 'address').split(', ').slice(0, -1).join(', ')]))
  const emails = [...new Set(all.match(/[\w.+-]+@example\.org/g) ?? [])]

  const expected = {
    case: CASE,
    reviewPeriod: PERIOD,
    files,
    totals: { dataRows: totalRows, accepted: totalAccepted, rejected: totalRows - totalAccepted },
    crossAgencyEpisodes,
    identifiers: { names, nhsNumbers, postcodes, phones, datesOfBirth, addresses, givenNames, emails },
  }
  writeFileSync(join(OUT, 'expected.json'), JSON.stringify(expected, null, 2) + '\n')
  console.log(`Wrote ${EXTRACTS.length} extracts (${totalRows} data rows, ${totalRows - totalAccepted} rejected) and expected.json to ${OUT}`)
}

await writeAll()
await buildExpected()
