/*
|--------------------------------------------------------------------------
| Staff panel (/admin)
|--------------------------------------------------------------------------
|
| AdminJS's routes with our middleware: the session (which exists for the
| panel only), then the sign-in check (the user loaded and re-checked on
| every request) and CSRF protection. AdminJS and the panel's code are
| loaded by the panel's first request (app/admin/prepare.ts), not here.
|
*/
import app from '@adonisjs/core/services/app'
import { middleware } from '#start/kernel'
import { registerAdminRoutes } from '#admin/router'
import { loadPanel } from '#admin/prepare'
import type { AdminJSProviderConfig } from '@adminjs/adonis'

const adminConfig = app.config.get<AdminJSProviderConfig>('adminjs')

registerAdminRoutes(() => loadPanel(app), {
  paths: {
    rootPath: adminConfig.adminjs.rootPath ?? '/admin',
    loginPath: adminConfig.adminjs.loginPath ?? '/admin/login',
    logoutPath: adminConfig.adminjs.logoutPath ?? '/admin/logout',
  },
  session: middleware.session(),
  csrf: middleware.adminCsrf(),
})
