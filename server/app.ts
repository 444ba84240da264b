// The composition root: buildApp() wires every plugin and route once, in an order that makes security visible.
// Nothing listens here; main.ts does that, and tests inject into the same app.
import Fastify, { type FastifyInstance } from 'fastify'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import { databaseRateLimitStore } from './plugins/rate-limit-store.js'
import fastifyStatic from '@fastify/static'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator } from './clock.js'
import { randomIds } from './clock.js'
import type { Config } from './config.js'
import type { Database } from './data/schema.js'
import type { ServiceContext } from './services/context.js'
import { loggerOptions } from './logging.js'
import errorHandling from './plugins/error-handling.js'
import fairTurns from './plugins/fair-turns.js'
import securityHeaders from './plugins/security-headers.js'
import authentication from './plugins/authentication.js'
import accessControl from './plugins/access-control.js'
import uploads from './plugins/uploads.js'
import csrf from './plugins/csrf.js'
import storableText from './plugins/storable-text.js'
import views from './plugins/views.js'
import openapi from './plugins/openapi.js'
import healthRoutes, { type DatabaseProbe } from './routes/health.js'
import authRoutes from './routes/auth.js'
import accountRoutes from './routes/account.js'
import adminUserRoutes from './routes/admin/users.js'
import adminAuditRoutes from './routes/admin/audit.js'
import adminPartnershipRoutes from './routes/admin/partnerships.js'
import apiMetaRoutes from './routes/api-meta.js'
import { registerAreaRoutes } from './routes/areas.js'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface AppDeps {
  db: Kysely<Database>
  clock: Clock
  config: Config
  newId?: IdGenerator
  /** false to silence logs (tests); a stream to capture them (the logging tests); otherwise pino to stdout. */
  logger?: boolean | { stream: NodeJS.WritableStream }
  /** The open database's engine and ping (database.ts), so /health can answer while a long transaction holds Kysely's one SQLite connection. */
  database?: DatabaseProbe
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const ctx: ServiceContext = { db: deps.db, clock: deps.clock, config: deps.config, newId: deps.newId ?? randomIds }
  const app = Fastify({
    logger: deps.logger === false ? false : loggerOptions(deps.config.logLevel, typeof deps.logger === 'object' ? deps.logger.stream : undefined),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => ctx.newId(),
    routerOptions: { ignoreTrailingSlash: true },
  })
  app.decorate('ctx', ctx)

  // Order matters: errors first, then headers, identity, permissions, body parsing, CSRF; then routes.
  await app.register(errorHandling)
  await app.register(fairTurns)
  await app.register(securityHeaders)
  // Counted in the database, so every app process on it enforces one limit together (issue 14).
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(ctx.db) })
  await app.register(authentication, { ctx })
  await app.register(accessControl, { ctx })
  await app.register(formbody, { bodyLimit: 1024 * 1024 })
  await app.register(uploads, { tempDir: path.join(deps.config.dataDir, 'tmp'), maxBytes: deps.config.maxUploadBytes })
  await app.register(csrf)
  await app.register(storableText)
  await app.register(views, { ctx, viewsDir: path.join(PROJECT_ROOT, 'views') })
  await app.register(openapi)
  await app.register(fastifyStatic, {
    root: path.join(PROJECT_ROOT, 'public'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1h',
    allowedPath: (pathName) => !pathName.includes('..'),
  })

  await app.register(healthRoutes, { ctx, database: deps.database })
  await app.register(authRoutes, { ctx })
  await app.register(accountRoutes, { ctx })
  await app.register(adminUserRoutes, { ctx })
  await app.register(adminAuditRoutes, { ctx })
  await app.register(adminPartnershipRoutes, { ctx })
  await app.register(apiMetaRoutes)
  await registerAreaRoutes(app, ctx)
  return app
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ServiceContext
  }
}
