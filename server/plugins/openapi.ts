// The JSON API's OpenAPI document, generated from the /api/v1 route schemas.
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Casework Lens API',
          version: '1.0.0',
          description: 'The stable JSON surface for integrations: reviews, chronology imports, the causal map, findings, reports and national learning. Authenticate with `Authorization: Bearer <token>` (create one on your account page or with `npm run cli -- token:create`). Errors are `{error, message, details}`.',
        },
        servers: [{ url: '/' }],
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
      // Only the JSON API is documented; pages are for people.
      transform: ({ schema, url, route }) => ({
        schema: url.startsWith('/api/v1/') && url !== '/api/v1/openapi.json' ? schema : { ...schema, hide: true },
        url,
        route,
      }),
    })
  },
  { name: 'openapi' },
)
