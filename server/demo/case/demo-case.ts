// Where the fictional "Child M" demo case lives, and the shapes of its expected.json and analysis.json,
// for the first-start seeder and for tests that run without ../shared.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const demoCaseDir: string = dirname(fileURLToPath(import.meta.url))
export const demoConversationsDir: string = join(demoCaseDir, 'conversations')

export type EventField = 'occurredAt' | 'time' | 'author' | 'category' | 'summary' | 'outcome'

export interface ExpectedFile {
  file: string
  agency: string
  format: 'csv' | 'xlsx'
  encoding: 'utf-8' | 'windows-1252' | null
  delimiter: ',' | ';' | null
  bom?: boolean // csv only
  sheet?: string // xlsx only
  headerRow?: number // 1-based file line of the header, only where title lines sit above it
  titleRows?: number
  footerRows?: number
  mapping: Partial<Record<EventField, string>>
  dateFormat: 'DD/MM/YYYY' | 'YYYY-MM-DD' | 'DD-MM-YYYY' | 'DD/MM/YYYY HH:mm' | 'D MMM YYYY' | 'excel'
  dataRows: number
  accepted: number
  rejected: Array<{ row: number; reason: 'invalid-date' | 'missing-date' }>
  exactDuplicates: number[][]
  reducedPrecision: Array<{ row: number; precision: 'week' | 'month' | 'year' }>
  outsidePeriod: number[]
}

/** A chronology event by agency file and 1-based data row (the header, title lines and blank lines are not counted). */
export interface EventRef {
  file: string
  row: number
}

/** Words that occur verbatim in one of the conversation notes. */
export interface QuoteRef {
  conversation: string
  text: string
}

export interface DemoExpected {
  case: string
  reviewPeriod: { from: string; to: string }
  files: ExpectedFile[]
  totals: { dataRows: number; accepted: number; rejected: number }
  crossAgencyEpisodes: Array<{ date: string; label: string; records: EventRef[] }>
  identifiers: Record<'names' | 'nhsNumbers' | 'postcodes' | 'phones' | 'datesOfBirth' | 'addresses' | 'givenNames' | 'emails', string[]>
}

export type Judgement = 'adequate' | 'good' | 'problem'
export type SystemLevel = 'government' | 'regulators' | 'local-partnership' | 'agency-management' | 'team' | 'frontline' | 'child-family'
export type MapNodeKind = 'event' | 'condition' | 'omission' | 'contributory-factor' | 'system-factor' | 'good-practice' | 'family-voice' | 'outcome' | 'harm'
export type FactorType = 'person' | 'task' | 'tools-and-technology' | 'team-and-organisation' | 'inter-agency' | 'wider-environment'
export type TypologyFamily = 'MAI' | 'MAL' | 'HRB' | 'FPI' | 'TLS' | 'MGT'

export interface DemoKeyPracticeEpisode {
  id: string
  title: string
  startDate: string
  endDate: string
  agencies: string[]
  researchQuestions: string[]
  events: EventRef[]
  quotes: QuoteRef[]
  appraisal: { knownAtTheTime: string; expectedPractice: string; whatHappened: string; judgement: Judgement; goodPractice: string }
}

export interface DemoContributoryFactor {
  id: string
  text: string
  level: SystemLevel
  factorType: FactorType
  kpeIds: string[]
  events: EventRef[]
  quotes: QuoteRef[]
}

export type MapEvidence = ({ type: 'event' } & EventRef) | ({ type: 'quote' } & QuoteRef)

export interface DemoMap {
  nodes: Array<{ id: string; kind: MapNodeKind; level: SystemLevel; label: string; events: EventRef[] }>
  edges: Array<{
    id: string
    source: string
    target: string
    strength: 'weak' | 'moderate' | 'strong'
    evidence: MapEvidence[]
    counterfactual: { answer: 'yes' | 'no' | 'unsure'; note: string }
  }>
}

export interface DemoFinding {
  id: string
  kind: 'systemic' | 'good-practice'
  title: string
  pattern: string
  inThisCase: string
  howWidespread: string
  whyItMatters: string
  typologyFamily: TypologyFamily
  systemLevel: SystemLevel
  researchQuestions: string[]
  kpeTitles: string[]
  nodeIds: string[]
  boardQuestions: string[]
  boardResponse: string
  actions: Array<{ action: string; ownerAgency: string; ownerRole: string; dueDate: string; successMeasure: string }>
}

export interface DemoAnalysis {
  review: {
    title: string
    child: string
    partnership: string
    region: string
    methodology: string
    incidentDate: string
    notificationDate: string
    rapidReviewDate: string
    decisionDate: string
    reviewPeriod: { from: string; to: string }
    scope: string
    researchQuestions: Array<{ id: string; text: string }>
  }
  keyPracticeEpisodes: DemoKeyPracticeEpisode[]
  contributoryFactors: DemoContributoryFactor[]
  causalMap: DemoMap
  findings: DemoFinding[]
  familyInvolvement: {
    invited: boolean
    invitedPeople: string[]
    howInvolved: string
    views: Array<{ who: string; date: string; text: string }>
    childsLivedExperience: string
  }
}

export function readDemoExpected(): DemoExpected {
  return JSON.parse(readFileSync(join(demoCaseDir, 'expected.json'), 'utf8')) as DemoExpected
}

export function readDemoAnalysis(): DemoAnalysis {
  return JSON.parse(readFileSync(join(demoCaseDir, 'analysis.json'), 'utf8')) as DemoAnalysis
}
