import { resolve } from 'node:path'
import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { MiddlewareFn, ParsedNamedMiddleware } from '@adonisjs/core/types/http'
import { ApiError } from '#exceptions/api_error'
import { assertValidPanelQuery, searchCannotMatch } from '#admin/query_guard'
import type AdminJS from 'adminjs'
import type { BaseResource } from 'adminjs'
import { processMultipartBody } from '#middleware/multipart_body_middleware'
import type { AdminSessionUser } from '#admin/auth'
import { requireAdminSession } from '#admin/session_guard'
import { adminPageSecurity } from '#admin/page_security'
import { panelApiResponse } from '#admin/api_results'
import { logoutPage } from '#admin/logout_page'
import { panelInvoice } from '#admin/invoice_route'
import { panelFavicon, panelLogo } from '#admin/branding_routes'
import { exportOrders, exportProducts } from '#admin/export_routes'
import {
  COMPONENTS_BUNDLE_PATH,
  PANEL_ASSET_PATHS,
  PANEL_ROUTES,
  routeKey,
  type PanelRoute,
} from '#admin/panel_routes'
import type { Panel } from '#admin/panel'

type Middleware = MiddlewareFn | ParsedNamedMiddleware

/**
 * An unknown resource, or an action a resource does not have, is a 404 in
 * the error shape before AdminJS sees it (its error handler crashes on an
 * action that does not exist: found by the panel fuzz test).
 */
const ACTION_KINDS: Record<string, string> = {
  recordAction: 'record',
  bulkAction: 'bulk',
  resourceAction: 'resource',
}

function assertKnownTarget(
  admin: AdminJS,
  params: Record<string, unknown>,
  query: Record<string, unknown>,
  controllerAction: string
): BaseResource | undefined {
  const { resourceId, action } = params
  if (typeof resourceId !== 'string') {
    return undefined
  }
  const resource = admin.resources.find((candidate) => candidate.id() === resourceId)
  if (!resource) {
    throw new ApiError(404, 'E_NOT_FOUND', `There is no panel resource "${resourceId}"`)
  }
  assertValidPanelQuery(resource, query)
  if (typeof action !== 'string') {
    return resource
  }
  /**
   * A record action runs on a record, a bulk action on records, a
   * resource action on none: one asked for on the wrong kind of route
   * does not exist there.
   */
  const kind = ACTION_KINDS[controllerAction]
  const found = resource.decorate().actions[action]
  const fits =
    found &&
    (kind === 'record'
      ? found.isRecordType()
      : kind === 'bulk'
        ? found.isBulkType()
        : kind === 'resource'
          ? found.isResourceType()
          : true)
  if (!fits) {
    throw new ApiError(
      404,
      'E_NOT_FOUND',
      `"${resourceId}" has no ${kind ?? ''} action "${action}"`
    )
  }
  return resource
}

/**
 * AdminJS's built-in `new`, `delete` and `bulkDelete` actions throw a
 * plain Error when called with a GET: that is a 405 (a 500 before, found
 * by the panel fuzz test).
 */
function refusedMethod(error: unknown): never {
  if (error instanceof Error && /can be invoked only via `post` http method/.test(error.message)) {
    throw new ApiError(405, 'E_METHOD_NOT_ALLOWED', 'This action takes a POST request')
  }
  throw error
}

/**
 * The query string as AdminJS reads it: the HTTP server splits
 * `recordIds=1,2` into a list, AdminJS expects the text (a bulk action on
 * several records was a 500).
 */
function panelQuery(query: Record<string, any>) {
  return Array.isArray(query.recordIds) ? { ...query, recordIds: query.recordIds.join(',') } : query
}

const pathParams = (path: string) => path.replace(/\{/g, ':').replace(/\}/g, '')

/**
 * The panel's routes, as @adminjs/adonis builds them, registered at boot
 * from app/admin/panel_routes.ts: AdminJS itself, its resources and the
 * sign-in provider are loaded by the first request that needs them
 * (`loadPanel`, app/admin/prepare.ts), never by the boot. With our
 * middleware: the page security (CSP with a nonce, hardened HTML) on every
 * route, the session (sessions exist on these routes only), then the
 * sign-in check (the user re-loaded on every request) and CSRF protection
 * on everything behind the sign-in.
 */
export function registerAdminRoutes(
  loadPanel: () => Promise<Panel>,
  options: {
    paths: { rootPath: string; loginPath: string; logoutPath: string }
    /**
     * The session middleware (sessions exist on the panel's routes only).
     */
    session: Middleware
    /**
     * CSRF protection, on everything but the sign-in page.
     */
    csrf: Middleware
  }
) {
  const { rootPath, loginPath, logoutPath } = options.paths
  const relative = (path: string) => path.replace(rootPath, '') || '/'
  const handle = (panelRoute: PanelRoute) => {
    const isApi = panelRoute.path.startsWith('/api/')
    return async ({ session, request, params, response }: HttpContext) => {
      const panel = await loadPanel()
      const { admin } = panel
      const route = panel.routes.get(routeKey(panelRoute))!
      const resource = assertKnownTarget(admin, params, request.qs(), route.action)
      if (
        resource &&
        typeof params.query === 'string' &&
        searchCannotMatch(resource, params.query)
      ) {
        return response.send({ records: [] })
      }
      const signedIn = session?.get('adminUser') as AdminSessionUser | undefined
      const currentAdmin = signedIn && { ...signedIn, ip: request.ip() }
      /**
       * A page of an action the role may not use (staff on the users or
       * the audit log) goes back to the dashboard, as its API call is a 403.
       */
      if (!isApi && resource) {
        const action = resource.decorate().actions[String(params.action ?? 'list')]
        if (action && !action.isAccessible(currentAdmin || undefined)) {
          return response.redirect(rootPath)
        }
      }
      const controller = new route.Controller({ admin }, currentAdmin)
      const result = await controller[route.action](
        {
          ...request,
          params,
          query: panelQuery(request.qs()),
          payload: { ...request.body(), ...request.allFiles() },
          method: request.method().toLowerCase(),
          ip: request.ip(),
        },
        response
      ).catch(refusedMethod)
      if (route.contentType) {
        response.header('Content-Type', route.contentType)
      }
      if (isApi) {
        const { status, body } = panelApiResponse(admin, params.resourceId, currentAdmin, result)
        return response.status(status).send(body)
      }
      return response.send(result)
    }
  }

  router
    .group(() => {
      for (const path of PANEL_ASSET_PATHS) {
        router.get(path, async ({ response }) => {
          const { assets } = await loadPanel()
          return response.download(resolve(assets.get(path)!))
        })
      }
      const bundleComponents = handle({
        method: 'GET',
        path: COMPONENTS_BUNDLE_PATH,
        action: 'bundleComponents',
      })
      router.get(COMPONENTS_BUNDLE_PATH, async (ctx) => {
        const { assets } = await loadPanel()
        const bundle = assets.get(COMPONENTS_BUNDLE_PATH)
        return bundle ? ctx.response.download(resolve(bundle)) : bundleComponents(ctx)
      })
      router.get(relative(loginPath), async ({ response }) => {
        const { admin, provider } = await loadPanel()
        response.header('content-type', 'text/html; charset=utf-8')
        return response.send(
          await admin.renderLogin({
            action: loginPath,
            errorMessage: null,
            ...(provider.getUiProps() ?? {}),
          })
        )
      })
      /**
       * Sign-in: refused when posted from another site (403), throttled
       * with the API's sign-in budgets (429 with Retry-After), audited
       * (issue 14, findings 3, 8 and 22; see signInToPanel).
       */
      router.post(relative(loginPath), async (ctx) => {
        const { request, response, params, session } = ctx
        const { admin, provider, signInToPanel } = await loadPanel()
        const result = await signInToPanel(ctx, () =>
          provider.handleLogin(
            { headers: request.headers(), query: request.qs(), params, data: request.body() },
            ctx
          )
        )
        if (result.adminUser) {
          session.regenerate()
          session.put('adminUser', result.adminUser)
          const redirectTo = session.pull('redirectTo')
          return response.redirect(
            typeof redirectTo === 'string' && redirectTo.startsWith(rootPath)
              ? redirectTo
              : rootPath
          )
        }
        if (result.retryAfter) {
          response.header('Retry-After', String(result.retryAfter))
        }
        response.status(result.status).header('content-type', 'text/html; charset=utf-8')
        return response.send(
          await admin.renderLogin({
            action: loginPath,
            errorMessage: result.message,
            ...(provider.getUiProps() ?? {}),
          })
        )
      })
    })
    .prefix(rootPath)
    .use([adminPageSecurity, options.session])

  /**
   * The shop's logo and the panel's favicon: public (the sign-in page shows
   * them), no session.
   */
  router
    .group(() => {
      router.get('/branding/logo', panelLogo)
      router.get('/branding/favicon.png', panelFavicon)
    })
    .prefix(rootPath)
    .use([adminPageSecurity])

  /**
   * Signing out is a POST with the CSRF token, and ends the session on the
   * server (issue 14, finding 4). A GET (AdminJS's "Log out" link) only
   * shows a page with the button that posts it.
   */
  router
    .group(() => {
      router.get(relative(logoutPath), ({ session, response }) => {
        if (!session.get('adminUser')) {
          return response.redirect(loginPath)
        }
        response.header('content-type', 'text/html; charset=utf-8')
        return response.send(
          logoutPage({
            action: logoutPath,
            csrfToken: String(session.get('csrfToken') ?? ''),
            rootPath,
          })
        )
      })
      router.post(relative(logoutPath), async ({ request, response, session }) => {
        const { provider } = await loadPanel()
        await provider.handleLogout({ req: request, res: response })
        session.clear()
        session.regenerate()
        return response.redirect(loginPath)
      })
    })
    .prefix(rootPath)
    .use([adminPageSecurity, options.session, options.csrf])

  router
    .group(() => {
      // The order page's invoice link: the API's PDF, with the panel session.
      router.get('/orders/:number/invoice', panelInvoice)
      // CSV exports (the lists' "Export CSV" actions link here).
      router.get('/exports/orders.csv', exportOrders)
      router.get('/exports/products.csv', exportProducts)
      for (const route of PANEL_ROUTES) {
        const method = route.method.toLowerCase() as 'get' | 'post'
        router[method](pathParams(route.path), handle(route))
      }
    })
    .prefix(rootPath)
    .use([
      adminPageSecurity,
      options.session,
      // signed in first: a session that has ended is a 401, whatever token it sends
      requireAdminSession({ rootPath, loginPath }),
      options.csrf,
      // multipart forms parsed only once signed in (issue 14, finding 5)
      async (ctx: HttpContext, next: NextFn) => {
        await processMultipartBody(ctx)
        return next()
      },
    ])
}
