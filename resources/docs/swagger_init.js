/* global SwaggerUIBundle, SwaggerUIStandalonePreset */
// Swagger UI for /openapi.json. "Authorize" takes the access token of
// POST /api/v1/auth/login; it is kept across reloads (persistAuthorization).
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: true,
  // No badge from validator.swagger.io: the page makes no request off this host.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  plugins: [SwaggerUIBundle.plugins.DownloadUrl],
  layout: 'StandaloneLayout',
})
