/**
 * AdminJS's routes and asset paths (its `Router.routes` and
 * `Router.assets`, in their order, but for the components' bundle), written out so that the panel's
 * routes are registered at boot without importing AdminJS: it is loaded
 * on the panel's first request (app/admin/prepare.ts). app/admin/panel.ts
 * checks this list against AdminJS's own when it loads and refuses to
 * serve the panel if they differ (after an AdminJS upgrade: update it here).
 */
export interface PanelRoute {
  method: 'GET' | 'POST'
  path: string
  action: string
}

export const PANEL_ROUTES: readonly PanelRoute[] = [
  { method: 'GET', path: '', action: 'index' },
  { method: 'GET', path: '/resources/{resourceId}', action: 'resource' },
  { method: 'GET', path: '/api/resources/{resourceId}/search/{query}', action: 'search' },
  { method: 'GET', path: '/resources/{resourceId}/actions/{action}', action: 'resourceAction' },
  { method: 'GET', path: '/api/resources/{resourceId}/actions/{action}', action: 'resourceAction' },
  {
    method: 'GET',
    path: '/api/resources/{resourceId}/actions/{action}/{query}',
    action: 'resourceAction',
  },
  {
    method: 'POST',
    path: '/api/resources/{resourceId}/actions/{action}',
    action: 'resourceAction',
  },
  {
    method: 'GET',
    path: '/resources/{resourceId}/records/{recordId}/{action}',
    action: 'recordAction',
  },
  {
    method: 'GET',
    path: '/api/resources/{resourceId}/records/{recordId}/{action}',
    action: 'recordAction',
  },
  {
    method: 'POST',
    path: '/api/resources/{resourceId}/records/{recordId}/{action}',
    action: 'recordAction',
  },
  { method: 'GET', path: '/resources/{resourceId}/bulk/{action}', action: 'bulkAction' },
  { method: 'GET', path: '/api/resources/{resourceId}/bulk/{action}', action: 'bulkAction' },
  { method: 'POST', path: '/api/resources/{resourceId}/bulk/{action}', action: 'bulkAction' },
  { method: 'GET', path: '/api/resources/{resourceId}/search', action: 'search' },
  { method: 'GET', path: '/api/dashboard', action: 'dashboard' },
  { method: 'GET', path: '/pages/{pageName}', action: 'page' },
  { method: 'GET', path: '/api/pages/{pageName}', action: 'page' },
  { method: 'POST', path: '/api/pages/{pageName}', action: 'page' },
]

export const PANEL_ASSET_PATHS: readonly string[] = [
  '/frontend/assets/icomoon.css',
  '/frontend/assets/icomoon.eot',
  '/frontend/assets/icomoon.svg',
  '/frontend/assets/icomoon.ttf',
  '/frontend/assets/icomoon.woff',
  '/frontend/assets/app.bundle.js',
  '/frontend/assets/global.bundle.js',
  '/frontend/assets/design-system.bundle.js',
  '/frontend/assets/logo.svg',
  '/frontend/assets/logo-mini.svg',
]

/**
 * The panel's own components, bundled: a file AdminJS lists with its
 * assets in production, a route that bundles them (`bundleComponents`)
 * otherwise.
 */
export const COMPONENTS_BUNDLE_PATH = '/frontend/assets/components.bundle.js'

export const routeKey = (route: { method: string; path: string }) =>
  `${route.method.toUpperCase()} ${route.path}`
