// The national typology for everyone signed in: families, codes, descriptions and examples, each version with
// its crosswalk; and, for national users, publishing a new version.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { BadInput, NotFound } from '../../errors.js'
import { compareVersions, type TypologyVersion } from '../../../methodology/typology/typology-versions.js'
import type { ServiceContext } from '../../services/context.js'
import { londonDate } from '../../clock.js'
import { SCIE_SOURCE, scieAnchor } from '../../../methodology/typology/scie-patterns.js'
import { draftNextVersion, familiesOf, publishTypologyVersion, typologyHistory } from '../../services/typology.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'

const CHANGE_TEXT = { same: 'Unchanged', renamed: 'Renamed', split: 'Split', merged: 'Merged', retired: 'Retired' } as const

function changeSummary(version: TypologyVersion): string | null {
  if (!version.crosswalk) return null
  const counts = new Map<string, number>()
  for (const e of version.crosswalk) if (e.change !== 'same') counts.set(e.change, (counts.get(e.change) ?? 0) + 1)
  const added = version.codes.filter((c) => !version.crosswalk!.some((e) => e.to.includes(c.code))).length
  const parts = [...counts].map(([change, n]) => `${n} ${CHANGE_TEXT[change as keyof typeof CHANGE_TEXT].toLowerCase()}`)
  if (added > 0) parts.push(`${added} new`)
  return parts.length ? `Changes: ${parts.join(', ')}.` : 'No codes changed.'
}

const typologyPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const versionPage = async (request: FastifyRequest, reply: FastifyReply, wanted: string | null) => {
    const history = await typologyHistory(ctx)
    const version = wanted === null ? history.current : history.versions.find((v) => compareVersions(v.version, wanted) === 0 && v.version === wanted)
    if (!version) throw new NotFound('There is no such version of the typology')
    const labelIn = (v: TypologyVersion | undefined, code: string) => v?.codes.find((c) => c.code === code)?.label ?? ''
    const previous = history.versions[history.versions.indexOf(version) - 1]
    const isCurrent = version === history.current
    return reply.page('pages/findings/typology', {
      pageTitle: isCurrent ? 'National typology' : `National typology, version ${version.version}`,
      version,
      isCurrent,
      families: familiesOf(version).map((f) => ({
        ...f, scie: scieAnchor(version.version, f.code), codes: f.codes.map((c) => ({ ...c, scie: scieAnchor(version.version, c.code) })),
      })),
      hasScie: version.codes.some((c) => scieAnchor(version.version, c.code) !== null),
      scieSource: SCIE_SOURCE,
      crosswalk: (version.crosswalk ?? []).filter((e) => e.change !== 'same').map((e) => ({
        ...e, changeText: CHANGE_TEXT[e.change], fromLabel: labelIn(previous, e.from),
        toText: e.to.map((c) => `${c} ${labelIn(version, c)}`).join('; '),
        suggestedText: (e.suggested ?? []).map((c) => `${c} ${labelIn(version, c)}`).join('; '),
        counting: e.change === 'retired' ? `Counted under its family, ${previous?.codes.find((c) => c.code === e.from)?.parent ?? e.from}, until re-tagged`
          : e.change === 'split' ? 'Counted once on its own line, marked as split, until re-tagged; never under each new code' : 'Counted under the new code',
      })),
      reworded: (version.crosswalk ?? []).filter((e) => e.change === 'same' && labelIn(previous, e.from) !== labelIn(version, e.from)).map((e) => ({
        code: e.from, before: labelIn(previous, e.from), after: labelIn(version, e.from),
      })),
      previousVersion: previous?.version ?? null,
      versions: [...history.versions].reverse().map((v) => ({ version: v.version, publishedAt: v.publishedAt, summary: changeSummary(v), current: v === history.current })),
      canPublish: request.user!.role === 'national',
      breadcrumbs: isCurrent ? undefined : [{ text: 'National typology', href: '/typology' }, { text: `Version ${version.version}` }],
    })
  }

  app.get('/typology', { config: { access: access.signedIn } }, async (request, reply) => versionPage(request, reply, null))

  app.get<{ Params: { version: string } }>('/typology/versions/:version', { config: { access: access.signedIn } }, async (request, reply) =>
    versionPage(request, reply, request.params.version))

  const publishPage = async (reply: FastifyReply, values: Record<string, string>, errors: FormErrors) => {
    const history = await typologyHistory(ctx)
    return reply.page('pages/findings/typology-publish', {
      pageTitle: 'Publish a new typology version',
      current: history.current,
      values,
      errors,
      breadcrumbs: [{ text: 'National typology', href: '/typology' }, { text: 'Publish a new version' }],
    })
  }

  app.get('/typology/publish', { config: { access: access.roles('national') } }, async (_request, reply) => {
    const history = await typologyHistory(ctx)
    const draft = draftNextVersion(history.current)
    const [major, minor] = history.current.version.split('.').map(Number)
    return publishPage(reply, {
      version: `${major ?? 1}.${(minor ?? 0) + 1}`,
      publishedAt: londonDate(ctx.clock.now()),
      definition: JSON.stringify(draft, null, 2),
    }, NO_ERRORS)
  })

  app.post('/typology/publish', { config: { access: access.roles('national') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        let parsed: unknown
        try {
          parsed = JSON.parse(v.definition ?? '')
        } catch {
          throw new BadInput('The new typology version was not published', [{ path: 'definition', message: 'The codes and crosswalk must be valid JSON, like the starting point this page gave you' }])
        }
        const body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {}
        try {
          return await publishTypologyVersion(ctx, request.actor(), { ...body, version: v.version ?? '', publishedAt: v.publishedAt ?? '' })
        } catch (error) {
          // Problems inside the JSON are listed against its text box, each naming where in the JSON it is.
          if (!(error instanceof BadInput)) throw error
          throw new BadInput(error.message, error.details.map((d) => (d.path === 'version' || d.path === 'publishedAt' ? d : { path: 'definition', message: `${d.path}: ${d.message}` })))
        }
      },
      rerender: (errors) => publishPage(reply, v, errors),
      redirectTo: (version) => `/typology/versions/${encodeURIComponent(version.version)}`,
      flash: (version) => ({ kind: 'success', heading: `Version ${version.version} is published`, text: 'Findings are now tagged against it. Older tags stay valid and are translated through the crosswalk.' }),
    })
  })
}
export default typologyPageRoutes
