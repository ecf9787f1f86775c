/*
|--------------------------------------------------------------------------
| Staff panel (/admin)
|--------------------------------------------------------------------------
|
| AdminJS's routes with our middleware: the session (which exists for the
| panel only), then the sign-in check (the user loaded and re-checked on
| every request) and CSRF protection.
|
*/
import app from '@adonisjs/core/services/app'
import { middleware } from '#start/kernel'
import { registerAdminRoutes } from '#admin/router'
import authProvider from '#admin/auth'
import type { AdminJSProviderConfig } from '@adminjs/adonis'

const adminConfig = app.config.get<AdminJSProviderConfig>('adminjs')

registerAdminRoutes(
  () => import('#admin/prepare').then(({ prepareAdmin }) => prepareAdmin(app.container)),
  authProvider,
  {
    paths: {
      rootPath: adminConfig.adminjs.rootPath ?? '/admin',
      loginPath: adminConfig.adminjs.loginPath ?? '/admin/login',
      logoutPath: adminConfig.adminjs.logoutPath ?? '/admin/logout',
    },
    session: middleware.session(),
    csrf: middleware.adminCsrf(),
  }
)
