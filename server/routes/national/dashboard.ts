// The national themes dashboard, the anonymised findings behind it (drill-down and search) and exports of
// its tables. National users only: they see returns, never review data.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { BadInput } from '../../errors.js'
import type { ServiceContext } from '../../services/context.js'
import { refreshTranslations } from '../../services/national-store.js'
import {
  describeFilters, filterChoices, filterQuery, nationalDashboard, readThemeQuery, type ThemeDimension, type ThemeQuery,
} from '../../services/national-themes.js'
import { nationalFindings } from '../../services/national-findings.js'
import { drillTableQuery, readDrillTable } from '../../services/national-drill-scope.js'
import { EXPORT_FORMATS, EXPORT_TABLES, exportThemeTable, type ExportFormat, type ExportTable } from '../../services/national-export.js'
import { dashboardView } from '../../views-support/national-view.js'
import { crossTableView, groupingChoices, type CrossMeasure } from '../../views-support/national-cross-view.js'
import { crossTable, readGroupings } from '../../services/national-cross-tab.js'
import { nationalTimeliness } from '../../services/national-timeliness.js'
import { timelinessView } from '../../views-support/national-timeliness-view.js'
import { SUPPRESSED_BELOW } from '../../../methodology/national/suppression.js'
import { NO_ERRORS, textField, toFormErrors, type FormErrors } from '../form-support.js'
import type { TypologyVersion } from '../../../methodology/typology/typology-versions.js'

type Query = { Querystring: Record<string, unknown> }

const NATIONAL = access.roles('national')

function rawValues(query: Record<string, unknown>): ThemeQuery['values'] {
  const one = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '')
  const codes = (Array.isArray(query.code) ? query.code : [query.code]).filter((c): c is string => typeof c === 'string')
  return {
    from: one(query.from), to: one(query.to), codes, region: one(query.region), level: one(query.level), agency: one(query.agency),
    methodology: one(query.methodology), ageBand: one(query.ageBand), harm: one(query.harm), q: one(query.q),
    sex: one(query.sex), ethnicity: one(query.ethnicity), harmType: one(query.harmType), riskFactor: one(query.riskFactor),
    socialCareStatus: one(query.socialCareStatus), findingType: one(query.findingType), nationalAttention: one(query.nationalAttention), published: one(query.published),
  }
}

function filterModel(values: ThemeQuery['values'], latest: TypologyVersion, errors: FormErrors) {
  const choices = filterChoices(latest)
  return {
    values: { ...values, code: values.codes[values.codes.length - 1] ?? '' },
    extraCodes: values.codes.slice(0, -1),
    choices,
    errors,
    activeFilters: describeFilters(values, latest),
    clearHref: '/national',
  }
}

/** The rows and columns as asked for, to show again beside an error. */
function groupingModel(query: Record<string, unknown>) {
  return { by: textField(query.by) || 'family', cross: textField(query.cross) || 'year', measure: query.measure === 'findings' ? 'findings' : 'reviews', choices: groupingChoices() }
}

const nationalDashboardRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  /** Reads the filters; on a mistake, the page is shown again with the error summary and no numbers. */
  const readOrShowErrors = async (request: FastifyRequest<Query>, reply: FastifyReply, page: 'dashboard' | 'findings' | 'cross', latest: TypologyVersion, versions: readonly TypologyVersion[]) => {
    try {
      return readThemeQuery(request.query, latest, versions)
    } catch (error) {
      if (!(error instanceof BadInput)) throw error
      reply.code(400)
      const titles = { dashboard: 'National learning', findings: 'Anonymised findings', cross: 'Two-way tables' }
      await reply.page(`pages/national/${page}`, {
        pageTitle: titles[page], invalid: true,
        filters: filterModel(rawValues(request.query), latest, toFormErrors(error)),
        breadcrumbs: page === 'dashboard' ? undefined : [{ text: 'National learning', href: '/national' }, { text: titles[page] }],
        ...(page === 'cross' ? { groupings: groupingModel(request.query), clearHref: '/national/cross', dashboardHref: '/national' } : {}),
      })
      return null
    }
  }

  app.get<Query>('/national', { config: { access: NATIONAL } }, async (request, reply) => {
    const { current, versions } = await refreshTranslations(ctx)
    const query = await readOrShowErrors(request, reply, 'dashboard', current, versions)
    if (!query) return reply
    const [dashboard, timeliness] = await Promise.all([nationalDashboard(ctx, query, current), nationalTimeliness(ctx, request.actor(), query, current)])
    return reply.page('pages/national/dashboard', {
      pageTitle: 'National learning',
      filters: filterModel(query.values, current, NO_ERRORS),
      view: dashboardView(dashboard, query),
      timeliness: timelinessView(timeliness, query.values),
      years: dashboard.years,
    })
  })

  app.get<Query>('/national/findings', { config: { access: NATIONAL } }, async (request, reply) => {
    const { current, versions } = await refreshTranslations(ctx)
    const query = await readOrShowErrors(request, reply, 'findings', current, versions)
    if (!query) return reply
    const requested = Number(typeof request.query.page === 'string' ? request.query.page : 1)
    const table = readDrillTable(request.query)
    const result = await nationalFindings(ctx, request.actor(), query, current, Number.isInteger(requested) ? requested : 1, undefined, table)
    const filters = filterQuery(query.values)
    const named = drillTableQuery(table)
    const base = named ? `${filters}${filters ? '&' : '?'}${named}` : filters
    const pageHref = (n: number) => `/national/findings${base}${base ? '&' : '?'}page=${n}`
    return reply.page('pages/national/findings', {
      pageTitle: 'Anonymised findings',
      filters: filterModel(query.values, current, NO_ERRORS),
      result,
      first: (result.page - 1) * result.perPage + 1,
      last: (result.page - 1) * result.perPage + result.items.length,
      previous: result.page > 1 ? pageHref(result.page - 1) : null,
      next: result.page < result.pages ? pageHref(result.page + 1) : null,
      dashboardHref: `/national${filters}`,
      breadcrumbs: [{ text: 'National learning', href: `/national${filters}` }, { text: 'Anonymised findings' }],
    })
  })

  app.get<Query>('/national/cross', { config: { access: NATIONAL } }, async (request, reply) => {
    const { current, versions } = await refreshTranslations(ctx)
    const query = await readOrShowErrors(request, reply, 'cross', current, versions)
    if (!query) return reply
    let groupings: { by: ThemeDimension; cross: ThemeDimension }
    try {
      groupings = readGroupings(request.query, { by: 'family', cross: 'year' })
    } catch (error) {
      if (!(error instanceof BadInput)) throw error
      return reply.code(400).page('pages/national/cross', {
        pageTitle: 'Two-way tables', invalid: true, filters: filterModel(query.values, current, toFormErrors(error)),
        groupings: groupingModel(request.query), clearHref: '/national/cross', dashboardHref: `/national${filterQuery(query.values)}`,
        breadcrumbs: [{ text: 'National learning', href: '/national' }, { text: 'Two-way tables' }],
      })
    }
    const measure: CrossMeasure = request.query.measure === 'findings' ? 'findings' : 'reviews'
    const table = await crossTable(ctx, groupings.by, groupings.cross, query, current, versions)
    return reply.page('pages/national/cross', {
      pageTitle: 'Two-way tables',
      filters: filterModel(query.values, current, NO_ERRORS),
      groupings: { ...groupings, measure, choices: groupingChoices() },
      view: crossTableView(table, query, measure),
      suppressedBelow: SUPPRESSED_BELOW,
      clearHref: `/national/cross?by=${groupings.by}&cross=${groupings.cross}`,
      dashboardHref: `/national${filterQuery(query.values)}`,
      breadcrumbs: [{ text: 'National learning', href: `/national${filterQuery(query.values)}` }, { text: 'Two-way tables' }],
    })
  })

  app.get<Query>('/national/export', { config: { access: NATIONAL } }, async (request, reply) => {
    const { current, versions } = await refreshTranslations(ctx)
    const table = request.query.table
    const format = request.query.format
    const details = []
    if (typeof table !== 'string' || !(EXPORT_TABLES as readonly string[]).includes(table)) details.push({ path: 'table', message: `Choose a table: ${EXPORT_TABLES.join(', ')}` })
    if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format)) details.push({ path: 'format', message: `Choose ${EXPORT_FORMATS.join(', ')}` })
    if (details.length > 0) throw new BadInput('The export was not made', details)
    const query = readThemeQuery(request.query, current, versions)
    const groupings = table === 'cross' ? readGroupings(request.query) : null
    const file = await exportThemeTable(ctx, request.actor(), table as ExportTable, format as ExportFormat, query, current, groupings)
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(file.body)
  })
}
export default nationalDashboardRoutes
