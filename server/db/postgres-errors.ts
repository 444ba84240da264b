// What went wrong reaching or using a PostgreSQL database, said so that whoever set DATABASE_URL can fix it.

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(an unreadable URL)'
  }
}

const SERVER_CODES: Record<string, string> = {
  '3D000': 'that database does not exist (create it first, e.g. createdb)',
  '28P01': 'the password was refused',
  '28000': 'the server refused this user (check the user name and pg_hba.conf)',
  '42501': 'the user lacks a privilege it needs',
  '58P01': 'a file the server needs is missing',
  '57P03': 'the server is starting up or shutting down',
  '53300': 'the server has no connection slots left',
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there (is PostgreSQL running, on that host and port?)',
  ENOTFOUND: 'that host name is not known',
  EAI_AGAIN: 'that host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'that host cannot be reached',
  ECONNRESET: 'the server closed the connection',
}

export function describePostgresError(error: unknown, where: string): string {
  const e = error as { code?: string; message?: string; errors?: Array<{ code?: string }> }
  const code = e.code ?? e.errors?.[0]?.code
  const message = e.message || (error instanceof Error ? error.name : String(error))
  if (code && NETWORK_CODES[code]) return `Cannot reach ${where}: ${NETWORK_CODES[code]}`
  if (code && SERVER_CODES[code]) return `Cannot use ${where}: ${SERVER_CODES[code]} (${message})`
  if (/timeout|terminated/i.test(message)) return `Cannot reach ${where}: ${message}`
  return `${where}: ${message}`
}
