// Password hashing with scrypt (memory-hard, in Node's standard library). Parameters live in the hash string.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { BadInput } from '../errors.js'

const KEY_LENGTH = 32

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

export async function hashPassword(password: string, costExponent: number): Promise<string> {
  const salt = randomBytes(16)
  const N = 2 ** costExponent
  const key = await scryptAsync(password, salt, N, 8, 1)
  return `scrypt$${N}$8$1$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p))
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

/** A stand-in hash so an unknown email costs the same time as a wrong password. */
let dummyHash: Promise<string> | null = null
export function dummyPasswordHash(costExponent: number): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password', costExponent)
  return dummyHash
}

export const PASSWORD_MIN_LENGTH = 12

export function checkNewPassword(password: string, field = 'password', email?: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new BadInput('Choose a longer password', [{ path: field, message: `Password must be at least ${PASSWORD_MIN_LENGTH} characters` }])
  }
  if (password.length > 200) {
    throw new BadInput('Choose a shorter password', [{ path: field, message: 'Password must be 200 characters or fewer' }])
  }
  if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0] ?? '\u0000')) {
    throw new BadInput('Choose a different password', [{ path: field, message: 'Password must not contain your email address' }])
  }
}
