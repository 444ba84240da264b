import type { Expected } from '../expectation.js'

export const foundationRoutes: Record<string, Expected> = {
  'GET /health': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'signed-in',
  'GET /account': 'signed-in',
  'POST /account/tokens': 'signed-in',
  'POST /account/tokens/:tokenId/revoke': 'signed-in',
  'GET /account/password': 'signed-in',
  'POST /account/password': 'signed-in',
  'GET /admin': { roles: ['admin'] },
  'GET /admin/users/new': { roles: ['admin'] },
  'POST /admin/users': { roles: ['admin'] },
  'GET /admin/users/:userId': { roles: ['admin'] },
  'POST /admin/users/:userId/accreditations': { roles: ['admin'] },
  'POST /admin/users/:userId/password': { roles: ['admin'] },
  'POST /admin/users/:userId/disable': { roles: ['admin'] },
  'POST /admin/users/:userId/enable': { roles: ['admin'] },
  'GET /admin/audit': { roles: ['admin'] },
  'POST /admin/audit/checkpoint': { roles: ['admin'] },
  'GET /api/v1/openapi.json': 'public',
}
