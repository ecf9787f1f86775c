/**
 * The OpenAPI schema of every error answer: `{ "errors": [...] }`, the body
 * the exception handler renders from an `ApiError` (#exceptions/api_error)
 * or any other error (#exceptions/error_mapper).
 */
export const errorSchemas = {
  Error: {
    type: 'object',
    required: ['errors'],
    properties: {
      errors: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', pattern: '^E_[A-Z0-9_]+$', examples: ['E_VALIDATION_ERROR'] },
            message: { type: 'string' },
            field: { type: 'string', description: 'The input field the error is about.' },
          },
        },
      },
    },
    example: {
      errors: [
        {
          code: 'E_VALIDATION_ERROR',
          message: 'The email field must be a valid email address',
          field: 'email',
        },
      ],
    },
  },
}
