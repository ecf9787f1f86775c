import { resolve } from 'node:path'
import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { MiddlewareFn, ParsedNamedMiddleware } from '@adonisjs/core/types/http'
import AdminJS, { Router as AdminRouter, type BaseAuthProvider } from 'adminjs'
import { processMultipartBody } from '#middleware/multipart_body_middleware'

type Middleware = MiddlewareFn | ParsedNamedMiddleware

const pathParams = (path: string) => path.replace(/\{/g, ':').replace(/\}/g, '')

/**
 * Redirects to the sign-in page unless the session holds a panel user.
 */
function requireAdminSession(loginPath: string) {
  return async (ctx: HttpContext, next: NextFn) => {
    if (!ctx.session?.get('adminUser')) {
      if (ctx.request.method() === 'GET' && !ctx.request.url().includes('/api/')) {
        ctx.session?.put('redirectTo', ctx.request.url(true))
      }
      return ctx.response.redirect(loginPath)
    }
    return next()
  }
}

/**
 * The panel's routes, as @adminjs/adonis builds them (AdminJS itself is
 * made on first use, once the database is migrated: its Lucid adapter
 * reads the tables' columns when it is created), with our middleware:
 * `session` first (sessions exist on these routes only), then the sign-in
 * check and CSRF protection on everything behind the sign-in.
 */
export function registerAdminRoutes(
  getAdmin: () => Promise<AdminJS>,
  provider: BaseAuthProvider,
  options: {
    paths: { rootPath: string; loginPath: string; logoutPath: string }
    publicMiddleware: Middleware[]
    privateMiddleware: Middleware[]
  }
) {
  const { rootPath, loginPath, logoutPath } = options.paths
  const relative = (path: string) => path.replace(rootPath, '') || '/'
  const { routes, assets } = AdminRouter
  const bundleRoute = routes.find((route) => route.action === 'bundleComponents')

  const handle = (route: (typeof routes)[number]) => {
    return async ({ session, request, params, response }: HttpContext) => {
      const admin = await getAdmin()
      const controller = new route.Controller({ admin }, session?.get('adminUser'))
      const result = await controller[route.action](
        {
          ...request,
          params,
          query: request.qs(),
          payload: { ...request.body(), ...request.allFiles() },
          method: request.method().toLowerCase(),
        },
        response
      )
      if (route.contentType) {
        response.header('Content-Type', route.contentType)
      }
      return response.send(result)
    }
  }

  router
    .group(() => {
      for (const asset of assets) {
        router.get(asset.path, ({ response }) => response.download(resolve(asset.src)))
      }
      if (bundleRoute) {
        router.get(pathParams(bundleRoute.path), handle(bundleRoute))
      }
      router.get(relative(loginPath), async ({ response }) => {
        const admin = await getAdmin()
        response.header('content-type', 'text/html; charset=utf-8')
        return response.send(
          await admin.renderLogin({
            action: loginPath,
            errorMessage: null,
            ...(provider.getUiProps() ?? {}),
          })
        )
      })
      router.post(relative(loginPath), async (ctx) => {
        const { request, response, params, session } = ctx
        const adminUser = await provider.handleLogin(
          { headers: request.headers(), query: request.qs(), params, data: request.body() },
          ctx
        )
        const admin = await getAdmin()
        if (adminUser) {
          session.regenerate()
          session.put('adminUser', adminUser)
          const redirectTo = session.pull('redirectTo')
          return response.redirect(
            typeof redirectTo === 'string' && redirectTo.startsWith(rootPath)
              ? redirectTo
              : rootPath
          )
        }
        response.status(401).header('content-type', 'text/html; charset=utf-8')
        return response.send(
          await admin.renderLogin({
            action: loginPath,
            errorMessage: 'invalidCredentials',
            ...(provider.getUiProps() ?? {}),
          })
        )
      })
      router.get(relative(logoutPath), async ({ request, response, session }) => {
        await provider.handleLogout({ req: request, res: response })
        session.forget('adminUser')
        session.regenerate()
        return response.redirect(loginPath)
      })
    })
    .prefix(rootPath)
    .use(options.publicMiddleware)

  router
    .group(() => {
      for (const route of routes) {
        if (route.action === 'bundleComponents') continue
        const method = route.method.toLowerCase() as 'get' | 'post'
        router[method](pathParams(route.path), handle(route))
      }
    })
    .prefix(rootPath)
    .use([
      ...options.privateMiddleware,
      requireAdminSession(loginPath),
      // multipart forms parsed only once signed in (issue 14, finding 5)
      async (ctx: HttpContext, next: NextFn) => {
        await processMultipartBody(ctx)
        return next()
      },
    ])
}
