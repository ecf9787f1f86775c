import { defineConfig } from '@adonisjs/shield'

/**
 * Security headers for every response. CSRF is off here because the API is
 * stateless (bearer tokens, no cookies); the panel protects its own forms.
 * The Content-Security-Policy is off here too: the pages that run scripts
 * set their own, as strict as each allows (the panel with a nonce per
 * response, app/admin/page_security.ts; /docs, /redoc and the live page
 * in their controllers), and JSON responses need none.
 */
const shieldConfig = defineConfig({
  csp: {
    enabled: false,
    directives: {},
    reportOnly: false,
  },
  csrf: {
    enabled: false,
    exceptRoutes: [],
    enableXsrfCookie: false,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: {
    enabled: true,
    action: 'DENY',
  },
  hsts: {
    enabled: true,
    maxAge: '180 days',
  },
  contentTypeSniffing: {
    enabled: true,
  },
})

export default shieldConfig
