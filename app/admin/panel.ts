import type { ApplicationService } from '@adonisjs/core/types'
import AdminJS, {
  Router,
  type BaseAuthProvider,
  type BaseProperty,
  type PropertyType,
  type RouterType,
} from 'adminjs'
import AdminJSProvider from '@adminjs/adonis/adminjs_provider'
import authProvider, { signInToPanel } from '#admin/auth'
import { panelOptions } from '#admin/panel_options'
import {
  COMPONENTS_BUNDLE_PATH,
  PANEL_ASSET_PATHS,
  PANEL_ROUTES,
  routeKey,
} from '#admin/panel_routes'

export type AdminRoute = RouterType['routes'][number]

/**
 * Everything the panel's routes need, once loaded.
 */
export interface Panel {
  admin: AdminJS
  provider: BaseAuthProvider
  signInToPanel: typeof signInToPanel
  /**
   * AdminJS's routes by `METHOD path` (see app/admin/panel_routes.ts).
   */
  routes: Map<string, AdminRoute>
  /**
   * AdminJS's asset files by path.
   */
  assets: Map<string, string>
}

/**
 * Makes the staff panel: the one module that the panel's first request
 * imports (app/admin/prepare.ts), so AdminJS, its resources and
 * components are never loaded by the boot. AdminJS is made as
 * @adminjs/adonis's provider makes it (its Lucid adapter reads the tables'
 * columns, so only once the database is migrated), with the options of
 * app/admin/panel_options.ts and the paths of config/adminjs.ts, and its
 * component bundle is built unless ADMIN_JS_SKIP_BUNDLE=true (reuse the
 * bundle already in .adminjs/), never with AdminJS's watcher (which keeps
 * the process from stopping on SIGTERM).
 */
export async function makePanel(app: ApplicationService): Promise<Panel> {
  const routes = new Map(Router.routes.map((route) => [routeKey(route), route]))
  const assets = new Map(Router.assets.map((asset) => [asset.path, asset.src]))
  assertSameRoutes(routes, assets)

  app.config.set('adminjs.adminjs', { ...panelOptions, ...app.config.get('adminjs.adminjs') })
  new AdminJSProvider(app).register()
  const admin = await app.container.make(AdminJS)
  timestampsAsDatetimes(admin)
  if (process.env.ADMIN_JS_SKIP_BUNDLE !== 'true') {
    await admin.initialize()
  }
  return { admin, provider: authProvider, signInToPanel, routes, assets }
}

/**
 * AdminJS's routes and assets are those of app/admin/panel_routes.ts (the
 * routes registered at boot), plus the components' bundle as a route or
 * as a file.
 */
function assertSameRoutes(routes: Map<string, AdminRoute>, assets: Map<string, string>) {
  const bundleKey = routeKey({ method: 'GET', path: COMPONENTS_BUNDLE_PATH })
  const bundles = Number(routes.has(bundleKey)) + Number(assets.has(COMPONENTS_BUNDLE_PATH))
  const missing = [
    ...PANEL_ROUTES.filter((route) => routes.get(routeKey(route))?.action !== route.action).map(
      routeKey
    ),
    ...PANEL_ASSET_PATHS.filter((path) => !assets.has(path)),
  ]
  if (
    missing.length ||
    bundles !== 1 ||
    routes.size + assets.size !== PANEL_ROUTES.length + PANEL_ASSET_PATHS.length + 1
  ) {
    throw new Error(
      `AdminJS's routes differ from app/admin/panel_routes.ts (${missing.join(', ') || 'routes added'}): update that list`
    )
  }
}

type TypedProperty = BaseProperty & {
  typeConverter?: (databaseType: string) => PropertyType
  setTypeConverter?: (converter: (databaseType: string) => PropertyType) => void
}

/**
 * The Lucid adapter knows PostgreSQL's `timestamp with time zone` by no
 * name and treats it as text: its filter then compares a timestamp with
 * ILIKE, which PostgreSQL refuses (a 500 on every date filter of the
 * panel, found by the panel fuzz test). Every timestamp column is a
 * datetime here, on both databases, so date filters are ranges.
 */
function timestampsAsDatetimes(admin: AdminJS) {
  for (const resource of admin.resources) {
    for (const property of resource.properties() as TypedProperty[]) {
      const original = property.typeConverter
      if (!original || !property.setTypeConverter) continue
      property.setTypeConverter((databaseType) =>
        /^timestamp/i.test(databaseType) || /^datetime$/i.test(databaseType)
          ? 'datetime'
          : original(databaseType)
      )
    }
  }
}
