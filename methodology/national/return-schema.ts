// The JSON Schema of the national return, served at GET /api/v1/national/return.schema.json and used to
// validate every return a national instance receives. Unknown properties are refused: a field this format
// does not define could carry something identifying, so a new field needs a new format version.
import { AGE_BANDS, HARM_CATEGORIES, REGIONS } from '../review-facts.js'
import { MAP_LEVELS } from '../map/map-model.js'
import { AGENCY_TYPE_KEYS } from './agency-types.js'
import { BUNDLE_FORMAT, RETURN_FORMAT, RETURN_FORMAT_VERSION, RETURN_LIMITS } from './return-format.js'

export const RETURN_SCHEMA_ID = 'urn:casework-lens:national-return:1'

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

export const RETURN_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: RETURN_SCHEMA_ID,
  title: 'National return (Casework Lens exchange format, version 1)',
  description:
    'One anonymised record of a review’s learning: review facts in coarse bands and the review’s findings with typology codes. ' +
    'It holds no names, identifiers, pseudonyms, dates or chronology.',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'formatVersion', 'returnId', 'version', 'sourceInstance', 'review', 'findings'],
  properties: {
    format: { const: RETURN_FORMAT },
    formatVersion: { const: RETURN_FORMAT_VERSION },
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

/** A file of several returns, as exported from an instance. Each return is checked against RETURN_SCHEMA. */
export const BUNDLE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:casework-lens:national-returns:1',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'formatVersion', 'returns'],
  properties: {
    format: { const: BUNDLE_FORMAT },
    formatVersion: { const: RETURN_FORMAT_VERSION },
    returns: { type: 'array', maxItems: RETURN_LIMITS.bundle, items: { type: 'object' } },
  },
} as const
