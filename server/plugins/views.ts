// Handlebars pages in the GOV.UK layout. reply.page() adds what every page needs: the user, navigation,
// the CSRF token, the CSP nonce and any flash message, and sends the page as bytes.
import fp from 'fastify-plugin'
import view from '@fastify/view'
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyReply } from 'fastify'
import { createHandlebars } from '../views-support/handlebars.js'
import { navigationFor } from '../views-support/navigation.js'
import { reviewNavFor } from '../views-support/review-nav.js'
import { takeFlash } from '../services/sessions.js'
import { markFragments, pageBytes } from '../views-support/html-bytes.js'
import type { ServiceContext } from '../services/context.js'

export const SERVICE_NAME = 'Casework Lens'

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, model?: Record<string, unknown>): FastifyReply
  }
}

export default fp(
  async (app, opts: { ctx: ServiceContext; viewsDir: string }) => {
    const handlebars = createHandlebars()
    const partialsDir = path.join(opts.viewsDir, 'partials')
    for (const file of fs.readdirSync(partialsDir)) {
      if (file.endsWith('.hbs')) handlebars.registerPartial(file.slice(0, -4), fs.readFileSync(path.join(partialsDir, file), 'utf8'))
    }
    await app.register(view, {
      engine: { handlebars },
      root: opts.viewsDir,
      layout: 'layouts/main.hbs',
      viewExt: 'hbs',
      production: process.env.NODE_ENV !== 'development',
    })

    app.decorateReply('page', function (this: FastifyReply, template: string, model: Record<string, unknown> = {}) {
      const request = this.request
      const user = request.user
      const render = async () => {
        const flash = request.session && user ? await takeFlash(opts.ctx, request.session) : null
        const { model: marked, fragments } = markFragments(model)
        const html = await this.viewAsync(template, {
          serviceName: SERVICE_NAME,
          user,
          navigation: navigationFor(user, request.url),
          csrfToken: request.session?.csrf_token ?? '',
          nonce: (this as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script ?? '',
          flash,
          currentPath: request.url.split('?')[0],
          reviewNav: request.reviewAccess ? reviewNavFor(request.reviewAccess, request.url) : null,
          ...marked,
        })
        // Sent as bytes (see html-bytes.ts): encoding the rendered string once here is far cheaper than letting
        // Fastify measure it and the socket encode it.
        return this.type('text/html; charset=utf-8').send(pageBytes(html, fragments))
      }
      // Fastify awaits a returned promise; callers simply `return reply.page(...)`.
      return render() as unknown as FastifyReply
    })
  },
  { name: 'views', dependencies: ['authentication'] },
)
