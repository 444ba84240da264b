// Handlebars pages in the GOV.UK layout. reply.page() adds what every page needs: the user, navigation,
// the CSRF token, the CSP nonce and any flash message, and sends the page as bytes. A page is rendered once
// for everything it shows (its whole model, the viewer included) and kept as a plan (html-bytes.ts): asked for
// again with the same model, only the CSRF token and the nonce are put in. Rendering the layout and forms
// around the chronology's rows cost more than the rest of the request.
import fp from 'fastify-plugin'
import view from '@fastify/view'
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyReply } from 'fastify'
import { createHandlebars } from '../views-support/handlebars.js'
import { navigationFor } from '../views-support/navigation.js'
import { reviewNavFor } from '../views-support/review-nav.js'
import { takeFlash } from '../services/sessions.js'
import { markFragments, pagePlan, planBytes, PER_REQUEST_MARKS, type PagePlan } from '../views-support/html-bytes.js'
import type { ServiceContext } from '../services/context.js'
import { pageKey } from '../views-support/page-key.js'

export const SERVICE_NAME = 'Casework Lens'

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, model?: Record<string, unknown>): FastifyReply
  }
}

// Pages kept per app; the least recently used makes way. A plan holds the page's own text (tens of KB) and shares
// its fragments with the view caches.
const KEPT_PAGES = 100

export default fp(
  async (app, opts: { ctx: ServiceContext; viewsDir: string }) => {
    const handlebars = createHandlebars()
    const partialsDir = path.join(opts.viewsDir, 'partials')
    for (const file of fs.readdirSync(partialsDir)) {
      if (file.endsWith('.hbs')) handlebars.registerPartial(file.slice(0, -4), fs.readFileSync(path.join(partialsDir, file), 'utf8'))
    }
    const production = process.env.NODE_ENV !== 'development'
    await app.register(view, {
      engine: { handlebars },
      root: opts.viewsDir,
      layout: 'layouts/main.hbs',
      viewExt: 'hbs',
      production,
    })

    const kept = new Map<string, PagePlan>()
    const keep = (key: string, plan: PagePlan) => {
      if (kept.size >= KEPT_PAGES) kept.delete(kept.keys().next().value as string)
      kept.set(key, plan)
    }

    app.decorateReply('page', function (this: FastifyReply, template: string, model: Record<string, unknown> = {}) {
      const request = this.request
      const user = request.user
      const render = async () => {
        const flash = request.session && user ? await takeFlash(opts.ctx, request.session) : null
        const { model: marked, fragments, ids } = markFragments(model)
        const context: Record<string, unknown> = {
          serviceName: SERVICE_NAME,
          user,
          navigation: navigationFor(user, request.url),
          csrfToken: PER_REQUEST_MARKS.csrfToken,
          nonce: PER_REQUEST_MARKS.nonce,
          flash,
          currentPath: request.url.split('?')[0],
          reviewNav: request.reviewAccess ? reviewNavFor(request.reviewAccess, request.url) : null,
          ...marked,
        }
        // In development templates are read afresh on every render, and so pages are not kept either.
        const key = production ? pageKey(template, context, ids) : null
        let plan = key === null ? undefined : kept.get(key)
        if (plan) {
          // Most recently used last.
          kept.delete(key!)
          kept.set(key!, plan)
        } else {
          plan = pagePlan(await this.viewAsync(template, context), fragments)
          if (key !== null) keep(key, plan)
        }
        const bytes = planBytes(plan, {
          csrfToken: request.session?.csrf_token ?? '',
          nonce: this.cspNonce?.script ?? '',
        })
        // Sent as bytes (see html-bytes.ts): encoding the rendered string once here is far cheaper than letting
        // Fastify measure it and the socket encode it.
        return this.type('text/html; charset=utf-8').send(bytes)
      }
      // Fastify awaits a returned promise; callers simply `return reply.page(...)`.
      return render() as unknown as FastifyReply
    })
  },
  { name: 'views', dependencies: ['authentication'] },
)
