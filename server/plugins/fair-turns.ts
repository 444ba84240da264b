// One request begins per turn of the event loop, in the order they arrived. Page work is synchronous (SQLite,
// Handlebars), so without this Node runs every request that arrived in one turn before it polls the sockets
// again; under load a turn lasts seconds, and a response too large for one socket write (the map as JSON, a
// report) finishes only after several turns: in mixed load tests the map API and report exports got no answer
// in 10 s while the chronology page kept answering. Letting the loop poll between requests lets those writes
// (and new requests) proceed every few milliseconds instead. /health and static assets do not queue.
import fp from 'fastify-plugin'

const waiting: Array<() => void> = []
let running = false

function admitNext(): void {
  const admit = waiting.shift()
  if (!admit) {
    running = false
    return
  }
  admit()
  // An immediate queued now runs in the next turn, after the loop has polled for I/O.
  setImmediate(admitNext)
}

/** Resolves when it is this caller's turn: callers are admitted one per turn of the event loop, first come first. */
export function awaitTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve)
    if (!running) {
      running = true
      setImmediate(admitNext)
    }
  })
}

export default fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      if (request.url === '/health' || request.url.startsWith('/assets/')) return
      await awaitTurn()
    })
  },
  { name: 'fair-turns' },
)
