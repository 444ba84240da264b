// Checks a national return against its JSON Schema with ajv, and words each problem for a person: where it
// is (a JSON path like findings[2].title) and what is wrong.
import { Ajv, type ErrorObject } from 'ajv'
import { BUNDLE_SCHEMA, RETURN_SCHEMA, RETURN_SCHEMA_V1, V2_ONLY_FIELDS } from '../../methodology/national/return-schema.js'
import type { ErrorDetail } from '../errors.js'

type AjvError = ErrorObject

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
const checkReturn = ajv.compile(RETURN_SCHEMA)
const checkReturnV1 = ajv.compile(RETURN_SCHEMA_V1)
const checkBundle = ajv.compile(BUNDLE_SCHEMA)

const MAX_DETAILS = 50

/** "/findings/2/title" → "findings[2].title". */
function jsonPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (child !== undefined) parts.push(child)
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '') || 'document'
}

const PATTERN_MESSAGES: Array<[RegExp, string]> = [
  [/(^|\.)returnId$/, 'must be 1 to 100 letters, digits, dots, colons, hyphens or underscores'],
  [/(^|\.)sourceInstance$/, 'must be 1 to 100 letters, digits, dots, colons, hyphens or underscores'],
  [/\.code$/, 'is not a typology code: codes are capitals and digits, like MAI or MAI-3'],
  [/\.typologyVersion$/, 'is not a typology version number, like 1 or 1.1'],
  [/\.publishedReport$/, 'must be a web address starting http:// or https://, with no spaces'],
  [/\.ref$/, 'must be F followed by the finding’s number, like F3'],
  [/\.methodology$/, 'must be a methodology key in lower case, like learning-together'],
]

/** Whether a property refused in a version 1 document is one version 2 added (so the sender mixed versions). */
function isV2Field(instancePath: string, property: string): boolean {
  if (instancePath === '/review') return (V2_ONLY_FIELDS.review as readonly string[]).includes(property)
  if (/^\/findings\/\d+$/.test(instancePath)) return (V2_ONLY_FIELDS.finding as readonly string[]).includes(property)
  return false
}

function describe(error: AjvError, formatVersion: 1 | 2): ErrorDetail {
  const p = error.params
  switch (error.keyword) {
    case 'required':
      return { path: jsonPath(error.instancePath, String(p.missingProperty)), message: 'is required' }
    case 'additionalProperties': {
      const property = String(p.additionalProperty)
      const path = jsonPath(error.instancePath, property)
      if (formatVersion === 1 && isV2Field(error.instancePath, property)) {
        return { path, message: 'is a version 2 field in a version 1 return; send the return as formatVersion 2 with every version 2 field, or leave it out' }
      }
      if (formatVersion === 2 && error.instancePath === '/review' && property === 'childAgeBand') {
        return { path, message: 'is a version 1 field; version 2 gives the age band as review.child.ageBand, in the Department’s bands' }
      }
      return { path, message: `is not part of the national return format (version ${formatVersion}); a return carries only the fields the format defines` }
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => (v === null ? 'null' : `"${String(v)}"`))
      return { path: jsonPath(error.instancePath), message: `must be one of ${allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ')}` }
    }
    case 'const':
      return { path: jsonPath(error.instancePath), message: `must be ${JSON.stringify(p.allowedValue)}` }
    case 'type': {
      const words: Record<string, string> = { string: 'text', integer: 'a whole number', number: 'a number', array: 'a list', object: 'an object', boolean: 'true or false', null: 'null' }
      const types = String(p.type).split(',').map((t) => words[t] ?? t)
      return { path: jsonPath(error.instancePath), message: `must be ${types.join(' or ')}` }
    }
    case 'maxLength':
      return { path: jsonPath(error.instancePath), message: `must be ${String(p.limit)} characters or fewer` }
    case 'minLength':
      return { path: jsonPath(error.instancePath), message: 'must not be empty' }
    case 'minItems':
      return { path: jsonPath(error.instancePath), message: `must list at least ${String(p.limit)} ${p.limit === 1 ? 'entry' : 'entries'}` }
    case 'maxItems':
      return { path: jsonPath(error.instancePath), message: `can hold at most ${String(p.limit)} entries` }
    case 'uniqueItems':
      return { path: jsonPath(error.instancePath), message: 'lists the same value twice' }
    case 'minimum':
    case 'maximum':
      return { path: jsonPath(error.instancePath), message: `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}` }
    case 'pattern': {
      const path = jsonPath(error.instancePath)
      return { path, message: PATTERN_MESSAGES.find(([test]) => test.test(path))?.[1] ?? 'is not in the expected form' }
    }
    default:
      return { path: jsonPath(error.instancePath), message: error.message ?? 'is not valid' }
  }
}

function details(errors: AjvError[] | null | undefined, prefix = '', formatVersion: 1 | 2 = 2): ErrorDetail[] {
  // An enum or type error on a nullable field is reported by each branch; one message per path is enough.
  const seen = new Set<string>()
  const out: ErrorDetail[] = []
  for (const error of errors ?? []) {
    const detail = describe(error, formatVersion)
    const path = prefix ? (detail.path === 'document' ? prefix : `${prefix}.${detail.path}`) : detail.path
    if (seen.has(path)) continue
    seen.add(path)
    out.push({ path, message: detail.message })
    if (out.length === MAX_DETAILS) break
  }
  return out
}

/**
 * Problems with a return's shape; empty when it matches the schema of the version it says it is (version 1
 * or 2; anything else is checked as the newest, so the message names formatVersion). `prefix` names it inside a bundle.
 */
export function schemaProblems(value: unknown, prefix = ''): ErrorDetail[] {
  const saysV1 = typeof value === 'object' && value !== null && (value as { formatVersion?: unknown }).formatVersion === 1
  if (saysV1) return checkReturnV1(value) ? [] : details(checkReturnV1.errors, prefix, 1)
  if (checkReturn(value)) return []
  const found = details(checkReturn.errors, prefix, 2)
  const formatVersionPath = prefix ? `${prefix}.formatVersion` : 'formatVersion'
  return found.map((d) => (d.path === formatVersionPath ? { path: d.path, message: 'must be 1 or 2 (the national return format versions this instance accepts)' } : d))
}

/** Problems with a bundle's outer shape (its returns are checked one by one). */
export function bundleProblems(value: unknown): ErrorDetail[] {
  return checkBundle(value) ? [] : details(checkBundle.errors)
}
