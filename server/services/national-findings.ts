// Drill-down to the anonymised findings behind the national dashboard (its page and
// GET /api/v1/national/findings): the findings matching the dashboard's filters, with their board questions,
// a page at a time. Rule 3 of methodology/national/suppression.ts applies: the list is shown only when its
// findings come from at least 5 reviews, and it never says how many reviews that is. Every read is audited,
// like the dashboard's file exports, since a finding's words are the returns' content.
import { MAP_LEVEL_INFO, isMapLevel } from '../../methodology/map/map-model.js'
import { agencyTypeLabel } from '../../methodology/national/agency-types.js'
import { SUPPRESSED_BELOW } from '../../methodology/national/suppression.js'
import type { TypologyVersion } from '../../methodology/typology/typology-versions.js'
import { listFindings } from '../data/national-themes.js'
import { recordAuditAlone } from './audit.js'
import type { Actor, ServiceContext } from './context.js'
import { auditedFilters, rowLabel, type ThemeQuery } from './national-themes.js'
import { loadTypology } from './typology.js'
import { drillScope, type DrillTable } from './national-drill-scope.js'
import type { WithheldView } from './national-complement.js'

export const FINDINGS_PER_PAGE = 20
export const MAX_FINDINGS_PER_PAGE = 100

export interface DrillDownFinding {
  ref: string
  kind: 'systemic' | 'good-practice'
  kindLabel: string
  title: string
  pattern: string
  howWidespread: string
  whyItMatters: string
  level: string | null
  levelLabel: string
  codes: Array<{ code: string; label: string }>
  agencies: Array<{ key: string; label: string }>
  boardQuestions: string[]
  /** The lead reviewer marked it as needing national attention. */
  nationalAttention: boolean
}

export interface FindingsPage {
  suppressedBelow: number
  /** Rule 3: true when the matching findings come from fewer than 5 reviews (or none); nothing is then listed. */
  withheld: boolean
  /** Why the list is withheld when the minimum complement withholds its filters' view (national-complement.ts). */
  viewWithheld: WithheldView | null
  /** How many findings match (null when withheld). */
  findings: number | null
  page: number
  pages: number
  perPage: number
  items: DrillDownFinding[]
}

/**
 * One page of the findings matching `query`. A page past the last gives the last; the audit row names the
 * filters (never the words searched), the page and how many findings were listed.
 */
export async function nationalFindings(
  ctx: ServiceContext, actor: Actor, query: ThemeQuery, latest: TypologyVersion, page: number, perPage = FINDINGS_PER_PAGE, table: DrillTable | null = null,
): Promise<FindingsPage> {
  const { versions } = await loadTypology(ctx.db)
  const scope = await drillScope(ctx, query, table, latest, versions)
  const withheld = scope.withheld
  const count = scope.withheld ? 0 : scope.findings
  const pages = withheld ? 1 : Math.max(1, Math.ceil(count / perPage))
  const current = Math.min(Math.max(1, page), pages)
  const rows = withheld ? [] : await listFindings(ctx.db, query.filters, perPage, (current - 1) * perPage)
  await recordAuditAlone(ctx.db, ctx.clock, actor, {
    action: 'national.findings.read', objectType: 'national-findings',
    details: { page: current, listed: rows.length, withheld, ...(table ? { table: table.cross ? `${table.by}:${table.cross}` : table.by } : {}), ...auditedFilters(query.values) },
  })
  return {
    suppressedBelow: SUPPRESSED_BELOW,
    withheld,
    viewWithheld: scope.withheld ? scope.viewWithheld : null,
    findings: withheld ? null : count,
    page: current,
    pages,
    perPage,
    items: rows.map((f) => ({
      ref: f.ref,
      kind: f.kind === 'good-practice' ? 'good-practice' : 'systemic',
      kindLabel: f.kind === 'good-practice' ? 'Good practice' : 'Systemic finding',
      title: f.title, pattern: f.pattern, howWidespread: f.how_widespread, whyItMatters: f.why_it_matters,
      level: f.system_level,
      levelLabel: f.system_level && isMapLevel(f.system_level) ? MAP_LEVEL_INFO[f.system_level].label : 'Not recorded',
      codes: f.codes.map((code) => ({ code, label: rowLabel('code', code, latest, versions) })),
      agencies: f.agencies.map((key) => ({ key, label: agencyTypeLabel(key) })),
      boardQuestions: parseList(f.board_questions),
      nationalAttention: f.national_attention === 1,
    })),
  }
}

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}
