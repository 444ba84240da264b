// The JSON Schemas of the national return, versions 1 and 2. GET /api/v1/national/return.schema.json serves
// the newest (RETURN_SCHEMA); every return a national instance receives is checked against the schema of the
// version it says it is. Unknown properties are refused: a field a format does not define could carry
// something identifying, so a new field needs a new format version.
import { AGE_BANDS, HARM_CATEGORIES, REGIONS } from '../review-facts.js'
import { MAP_LEVELS } from '../map/map-model.js'
import { AGENCY_TYPE_KEYS } from './agency-types.js'
import {
  ACTION_STATUSES, DISABILITY_STATUSES, ETHNIC_GROUPS, EXCLUSIVE_RISK_FACTORS, FINDING_TYPES, HARM_TYPES, LOOKED_AFTER_STATUSES, RISK_FACTORS,
  SEXES, SIN_AGE_BANDS, SOCIAL_CARE_STATUSES, keysOf,
} from './characteristics.js'
import { BUNDLE_FORMAT, RETURN_FORMAT, RETURN_FORMAT_VERSION, RETURN_FORMAT_VERSIONS, RETURN_LIMITS } from './return-format.js'

export const RETURN_SCHEMA_V1_ID = 'urn:casework-lens:national-return:1'
export const RETURN_SCHEMA_ID = `urn:casework-lens:national-return:${RETURN_FORMAT_VERSION}`

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$'
// The same shapes as the typology module's checks: MAI, MAI-3; 1, 1.1, 2.0.
const CODE_PATTERN = '^[A-Z][A-Z0-9]{0,9}(-[A-Z0-9]{1,6}){0,2}$'
const VERSION_PATTERN = '^\\d{1,4}(\\.\\d{1,4}){0,3}$'

const agencies = {
  type: 'array',
  description: 'Kinds of agency, never local agency names.',
  items: { type: 'string', enum: [...AGENCY_TYPE_KEYS] },
  uniqueItems: true,
  maxItems: AGENCY_TYPE_KEYS.length,
} as const

const text = (description: string, max: number, min = 0) => ({ type: 'string', description, minLength: min, maxLength: max })

export const RETURN_SCHEMA_V1 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: RETURN_SCHEMA_V1_ID,
  title: 'National return (Casework Lens exchange format, version 1)',
  description:
    'One anonymised record of a review’s learning: review facts in coarse bands and the review’s findings with typology codes. ' +
    'It holds no names, identifiers, pseudonyms, dates or chronology.',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'formatVersion', 'returnId', 'version', 'sourceInstance', 'review', 'findings'],
  properties: {
    format: { const: RETURN_FORMAT },
    formatVersion: { const: 1 },
    returnId: { type: 'string', pattern: ID_PATTERN, description: 'Stable for one review; the same id with a higher version supersedes the earlier one.' },
    version: { type: 'integer', minimum: 1, maximum: 100000 },
    sourceInstance: { type: 'string', pattern: ID_PATTERN, description: 'Opaque id of the sending instance.' },
    review: {
      type: 'object',
      additionalProperties: false,
      required: ['region', 'year', 'methodology', 'childAgeBand', 'harmCategory', 'agencies', 'publishedReport'],
      properties: {
        region: { type: ['string', 'null'], enum: [...REGIONS, null] },
        year: { type: 'integer', minimum: 1990, maximum: 2100, description: 'Year the serious incident was notified.' },
        methodology: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' },
        childAgeBand: { type: ['string', 'null'], enum: [...AGE_BANDS.map((b) => b.key), null] },
        harmCategory: { type: ['string', 'null'], enum: [...HARM_CATEGORIES.map((h) => h.key), null] },
        agencies,
        publishedReport: {
          type: ['string', 'null'],
          maxLength: RETURN_LIMITS.publishedReport,
          pattern: '^https?://[^\\s]+$',
          description: 'Web address of the published report, or null.',
        },
      },
    },
    findings: {
      type: 'array',
      maxItems: RETURN_LIMITS.findings,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ref', 'kind', 'title', 'pattern', 'howWidespread', 'whyItMatters', 'systemLevel', 'typologyCodes', 'agencies', 'boardQuestions'],
        properties: {
          ref: { type: 'string', pattern: '^F[1-9][0-9]{0,2}$' },
          kind: { type: 'string', enum: ['systemic', 'good-practice'] },
          title: text('The finding’s title.', RETURN_LIMITS.title, 1),
          pattern: text('The systemic problem, stated as a pattern.', RETURN_LIMITS.text),
          howWidespread: text('Evidence that the pattern goes beyond this case.', RETURN_LIMITS.text),
          whyItMatters: text('The risk to children.', RETURN_LIMITS.text),
          systemLevel: { type: ['string', 'null'], enum: [...MAP_LEVELS, null] },
          typologyCodes: {
            type: 'array',
            maxItems: RETURN_LIMITS.codesPerFinding,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['code', 'typologyVersion'],
              properties: { code: { type: 'string', pattern: CODE_PATTERN }, typologyVersion: { type: 'string', pattern: VERSION_PATTERN } },
            },
          },
          agencies,
          boardQuestions: { type: 'array', maxItems: RETURN_LIMITS.boardQuestions, items: text('A question for the board.', RETURN_LIMITS.boardQuestion, 1) },
        },
      },
    },
  },
} as const

/** A file of several returns, as exported from an instance. Each return is checked against its own version's schema. */
export const BUNDLE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `urn:casework-lens:national-returns:${RETURN_FORMAT_VERSION}`,
  type: 'object',
  additionalProperties: false,
  required: ['format', 'formatVersion', 'returns'],
  properties: {
    format: { const: BUNDLE_FORMAT },
    formatVersion: { type: 'integer', enum: [...RETURN_FORMAT_VERSIONS] },
    returns: { type: 'array', maxItems: RETURN_LIMITS.bundle, items: { type: 'object' } },
  },
} as const

const choice = (list: ReadonlyArray<{ key: string; label: string }>, description: string) => ({
  type: 'string', enum: list.map((c) => c.key), description: `${description} One of: ${list.map((c) => `${c.key} (${c.label})`).join('; ')}.`,
})

const workingDays = (description: string) => ({
  type: ['integer', 'null'], minimum: 0, maximum: 5000, description: `${description} In working days (England and Wales); null when a date is not recorded.`,
})

const v1Review = RETURN_SCHEMA_V1.properties.review
const v1Finding = RETURN_SCHEMA_V1.properties.findings.items
const { childAgeBand: _v1AgeBand, ...reviewV2Base } = v1Review.properties

/** Version 2: the child's characteristics, harm type and household in published categories; timeliness; finding types. */
export const RETURN_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: RETURN_SCHEMA_ID,
  title: 'National return (Casework Lens exchange format, version 2)',
  description:
    RETURN_SCHEMA_V1.description +
    ' Version 2 codes the child’s characteristics as the Department for Education’s serious incident notification statistics do ' +
    '(sex, ethnicity in the ONS 2021 census groups, disability, age band, looked after, child in need or protection plan), the harm ' +
    'type and household risk factors as the Child Safeguarding Practice Review Panel’s annual reports do, and timeliness as working days.',
  type: 'object',
  additionalProperties: false,
  required: RETURN_SCHEMA_V1.required,
  properties: {
    ...RETURN_SCHEMA_V1.properties,
    formatVersion: { const: 2 },
    review: {
      type: 'object',
      additionalProperties: false,
      required: ['region', 'year', 'methodology', 'harmCategory', 'agencies', 'publishedReport', 'child', 'harmType', 'householdRiskFactors', 'timeliness'],
      properties: {
        ...reviewV2Base,
        child: {
          type: 'object',
          additionalProperties: false,
          description: 'The child at the time of the incident (DfE serious incident notification categories).',
          required: ['sex', 'ethnicity', 'disability', 'ageBand', 'lookedAfter', 'socialCareStatus'],
          properties: {
            sex: choice(SEXES, 'DfE SIN statistics.'),
            ethnicity: choice(ETHNIC_GROUPS, 'ONS Census 2021 high-level ethnic groups.'),
            disability: choice(DISABILITY_STATUSES, 'DfE SIN statistics.'),
            ageBand: choice(SIN_AGE_BANDS, 'Age at the incident, in the DfE SIN statistics age groups.'),
            lookedAfter: choice(LOOKED_AFTER_STATUSES, 'Looked after by a local authority at the time.'),
            socialCareStatus: choice(SOCIAL_CARE_STATUSES, 'Child in need or child protection plan at the time.'),
          },
        },
        harmType: choice(HARM_TYPES, 'Child Safeguarding Practice Review Panel annual report harm types.'),
        householdRiskFactors: {
          type: 'array',
          minItems: 1,
          maxItems: RISK_FACTORS.length,
          uniqueItems: true,
          description: `Household risk factors (Panel annual reports). ${EXCLUSIVE_RISK_FACTORS.join(' and ')} stand alone.`,
          items: choice(RISK_FACTORS, 'A household risk factor.'),
        },
        timeliness: {
          type: 'object',
          additionalProperties: false,
          required: ['awarenessToNotification', 'notificationToRapidReview', 'decisionToPublication'],
          properties: {
            awarenessToNotification: workingDays('From the partnership becoming aware of the incident to notifying the Panel.'),
            notificationToRapidReview: workingDays('From notifying the Panel to sending it the rapid review.'),
            decisionToPublication: workingDays('From the decision to carry out the review to publishing its report.'),
          },
        },
      },
    },
    findings: {
      ...RETURN_SCHEMA_V1.properties.findings,
      items: {
        ...v1Finding,
        required: [...v1Finding.required, 'findingType', 'nationalAttention', 'boardActions'],
        properties: {
          ...v1Finding.properties,
          findingType: choice(FINDING_TYPES, 'From the typology 2.0 helps/hinders markers: an area for improvement when any pattern hinders.'),
          nationalAttention: { type: 'boolean', description: 'The issue needs attention nationally, not only locally.' },
          boardActions: {
            type: ['object', 'null'],
            additionalProperties: false,
            description: 'How many of the board’s actions on this finding stood at each status when the return was submitted; null when not known.',
            required: keysOf(ACTION_STATUSES),
            properties: Object.fromEntries(keysOf(ACTION_STATUSES).map((k) => [k, { type: 'integer', minimum: 0, maximum: 1000 }])),
          },
        },
      },
    },
  },
} as const

/** Fields version 2 added, by where they sit: a version 1 document carrying one is refused by name. */
export const V2_ONLY_FIELDS = {
  review: ['child', 'harmType', 'householdRiskFactors', 'timeliness'],
  finding: ['findingType', 'nationalAttention', 'boardActions'],
} as const

export const RETURN_SCHEMAS = { 1: RETURN_SCHEMA_V1, 2: RETURN_SCHEMA } as const
