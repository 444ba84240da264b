// A JSON or form request body holding text no database column keeps as sent (unstorable-text.ts) is refused before
// any route sees it: a 400 naming where (the API's details, or the error page's list), the same on SQLite and
// PostgreSQL, and nothing written. A form's %00 is a NUL once parsed; UTF-8 cannot carry half a surrogate pair.
import fp from 'fastify-plugin'
import { BadInput } from '../errors.js'
import { findUnstorableText } from '../unstorable-text.js'

const CHECKED_BODIES = /\bjson\b|application\/x-www-form-urlencoded/i

export default fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (request.body === undefined || !CHECKED_BODIES.test(request.headers['content-type'] ?? '')) return
      const found = findUnstorableText(request.body)
      if (found) throw new BadInput('The request holds text that cannot be stored', [found])
    })
  },
  { name: 'storable-text', dependencies: ['csrf'] },
)
