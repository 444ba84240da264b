// JSON schema pieces shared by the API routes (they also become the OpenAPI document).
export const errorResponse = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
  required: ['error', 'message'],
} as const

export const isoDate = { type: 'string', description: 'A date, YYYY-MM-DD' } as const
export const nullableIsoDate = { type: ['string', 'null'], description: 'A date, YYYY-MM-DD' } as const

export const reviewIdParams = {
  type: 'object',
  properties: { reviewId: { type: 'string', description: 'The review id' } },
  required: ['reviewId'],
} as const

/** Standard error responses for a review-scoped API route. */
export const reviewErrors = { 401: errorResponse, 403: errorResponse, 404: errorResponse } as const
