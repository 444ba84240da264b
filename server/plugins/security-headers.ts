// Strict security headers: a nonce-based CSP with no inline script or style, no framing, no caching of case pages.
// Written out here rather than through helmet: @fastify/helmet builds its whole middleware afresh on every request
// to put the nonce in, which cost more than the session lookup. These are the headers it sent, made once; only the
// nonce is new per request.
import fp from 'fastify-plugin'
import { randomFillSync } from 'node:crypto'

const CSP_BEFORE_NONCE = "default-src 'self';script-src 'self' 'nonce-"
const CSP_AFTER_NONCE = "img-src 'self' data: blob:;font-src 'self';connect-src 'self';worker-src 'self' blob:;object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'"

const FIXED: ReadonlyArray<readonly [string, string]> = [
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=31536000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'DENY'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
]

// Nonces are 16 random bytes each, taken from a block filled from the CSPRNG now and then (one call per 256
// requests instead of one each); every nonce is used once.
const NONCE_BYTES = 16
const block = Buffer.alloc(NONCE_BYTES * 256)
let used = block.length

/** A fresh nonce: 32 hex digits from the operating system's random source. */
export function newNonce(): string {
  if (used === block.length) {
    randomFillSync(block)
    used = 0
  }
  used += NONCE_BYTES
  return block.toString('hex', used - NONCE_BYTES, used)
}

declare module 'fastify' {
  interface FastifyReply {
    /** This response's CSP nonce, for the page's script tags. */
    cspNonce: { script: string; style: string }
  }
}

export default fp(
  async (app) => {
    app.decorateReply('cspNonce', null as unknown as { script: string; style: string })
    app.addHook('onRequest', (_request, reply, done) => {
      const nonce = newNonce()
      const style = newNonce()
      reply.cspNonce = { script: nonce, style }
      reply.header('content-security-policy', `${CSP_BEFORE_NONCE}${nonce}';style-src 'self' 'nonce-${style}';${CSP_AFTER_NONCE}`)
      for (const [name, value] of FIXED) reply.header(name, value)
      done()
    })
    app.addHook('onSend', (request, reply, payload, done) => {
      // Everything except the static assets is case material or depends on who is asking.
      if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store')
      done(null, payload)
    })
  },
  { name: 'security-headers' },
)
