// The returns a national instance holds: the list, importing a file of returns sent by a local instance,
// and exporting every current return as one file (for another national instance, or for safe keeping).
import fs from 'node:fs'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { exportReturnsBundle, importReturnsFile, receivedReturnsPage } from '../../services/national-store.js'
import { BadInput } from '../../errors.js'
import { handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { uploadedFile } from '../evidence/uploaded-file.js'

const NATIONAL = access.roles('national')
const PER_PAGE = 50

const VIA_LABELS: Record<string, string> = {
  api: 'API', file: 'File import', local: 'This instance', demo: 'Demonstration data',
}

const nationalReturnRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const listPage = async (request: FastifyRequest, reply: FastifyReply, errors: FormErrors) => {
    const raw = Number((request.query as { page?: string }).page ?? 1)
    let page = Math.max(1, Number.isInteger(raw) ? raw : 1)
    const first = await receivedReturnsPage(ctx, page, PER_PAGE)
    const total = first.total
    let rows = first.rows
    const pages = Math.max(1, Math.ceil(total / PER_PAGE))
    if (page > pages) {
      page = pages
      rows = (await receivedReturnsPage(ctx, page, PER_PAGE)).rows
    }
    return reply.page('pages/national/returns', {
      pageTitle: 'Returns received',
      returns: rows.map((r) => ({ ...r, via: VIA_LABELS[r.received_via] ?? r.received_via, superseded: r.versions - 1 })),
      total,
      page,
      pages,
      previous: page > 1 ? `/national/returns?page=${page - 1}` : null,
      next: page < pages ? `/national/returns?page=${page + 1}` : null,
      errors,
      breadcrumbs: [{ text: 'National learning', href: '/national' }, { text: 'Returns received' }],
    })
  }

  app.get('/national/returns', { config: { access: NATIONAL } }, async (request, reply) => listPage(request, reply, NO_ERRORS))

  app.post('/national/returns/import', { config: { access: NATIONAL } }, async (request, reply) =>
    handleFormPost(ctx, request, reply, {
      run: async () => {
        const file = uploadedFile(request, 'file')
        if (!file || file.size === 0) throw new BadInput('Choose a file', [{ path: 'file', message: 'Choose a JSON file of national returns to import' }])
        return importReturnsFile(ctx, request.actor(), fs.readFileSync(file.path, 'utf8'))
      },
      rerender: (errors) => listPage(request, reply, errors),
      redirectTo: '/national/returns',
      flash: (filed) => {
        const replaced = filed.filter((f) => f.superseded !== null).length
        return {
          kind: 'success',
          heading: `${filed.length} ${filed.length === 1 ? 'return' : 'returns'} imported`,
          text: replaced > 0 ? `${replaced} replaced an earlier version of the same return, which no longer counts.` : undefined,
        }
      },
    }))

  app.get('/national/returns/export', { config: { access: NATIONAL } }, async (request, reply) => {
    const file = await exportReturnsBundle(ctx, request.actor())
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(file.stream)
  })
}
export default nationalReturnRoutes
