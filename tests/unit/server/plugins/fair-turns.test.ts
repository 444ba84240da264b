import { describe, expect, it } from 'vitest'
import net from 'node:net'
import { awaitTurn } from '../../../../server/plugins/fair-turns.js'

describe('requests admitted one per turn of the event loop', () => {
  it('admits in arrival order, and the loop polls for I/O between two admissions', async () => {
    // A loopback connection: what one admitted request writes is read (an I/O callback) before the next is admitted.
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve))
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1')
    await new Promise((resolve) => client.once('connect', resolve))
    const peer = await accepted
    const seen: string[] = []
    peer.on('data', (chunk) => seen.push(`read ${chunk.toString()}`))
    try {
      await Promise.all(['a', 'b', 'c'].map((name) => awaitTurn().then(() => {
        seen.push(name)
        client.write(name)
      })))
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(seen.filter((s) => s.length === 1)).toEqual(['a', 'b', 'c'])
      expect(seen.indexOf('read a')).toBeGreaterThan(seen.indexOf('a'))
      expect(seen.indexOf('read a')).toBeLessThan(seen.indexOf('b'))
      expect(seen.indexOf('read b')).toBeLessThan(seen.indexOf('c'))
    } finally {
      client.destroy()
      peer.destroy()
      server.close()
    }
  })
})
