import { defineConfig } from '@adonisjs/core/bodyparser'

const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: true,
    types: ['application/x-www-form-urlencoded'],
  },
  json: {
    convertEmptyStringsToNull: false,
    limit: '1mb',
    types: [
      'application/json',
      'application/json-patch+json',
      'application/vnd.api+json',
      'application/csp-report',
    ],
  },
  /**
   * Multipart bodies are never parsed here, before routing and
   * authentication, where anyone could park files in the temporary
   * directory: the routes that take them (the staff panel's forms) parse
   * them after the sign-in check with #middleware/multipart_body_middleware,
   * which removes the files when the response ends (issue 14, finding 5).
   * Elsewhere a multipart body is left unread and discarded.
   */
  multipart: {
    autoProcess: false,
    convertEmptyStringsToNull: true,
    processManually: [],
    limit: '20mb',
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
