// A JSON request body holding text no database column keeps as sent (unstorable-text.ts) is refused before any
// route sees it: a 400 naming where, the same on SQLite and PostgreSQL, and nothing written.
import fp from 'fastify-plugin'
import { BadInput } from '../errors.js'
import { findUnstorableText } from '../unstorable-text.js'

export default fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (request.body === undefined || !/\bjson\b/i.test(request.headers['content-type'] ?? '')) return
      const found = findUnstorableText(request.body)
      if (found) throw new BadInput('The request holds text that cannot be stored', [found])
    })
  },
  { name: 'storable-text', dependencies: ['csrf'] },
)
