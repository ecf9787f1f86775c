import type { AdminJSProviderConfig } from '@adminjs/adonis'

/**
 * The staff panel at /admin: its paths. Everything else lives in
 * app/admin/ (its options in app/admin/panel_options.ts) and is loaded on
 * the panel's first request (app/admin/prepare.ts), never at boot. Its
 * routes are registered by start/routes/admin.ts (session and CSRF on the
 * panel only).
 */
const adminjsConfig: AdminJSProviderConfig = {
  adapter: { enabled: true },
  adminjs: {
    rootPath: '/admin',
    loginPath: '/admin/login',
    logoutPath: '/admin/logout',
  },
  auth: { enabled: true },
}

export default adminjsConfig
