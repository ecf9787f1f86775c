import type { AdminJSProviderConfig } from '@adminjs/adonis'
import componentLoader from '#admin/component_loader'
import authProvider from '#admin/auth'
import { branding } from '#admin/branding'
import { dashboard } from '#admin/dashboard'
import { catalogResources } from '#admin/resources/catalog'
import { salesResources } from '#admin/resources/sales'
import { peopleResources } from '#admin/resources/people'

/**
 * The staff panel at /admin. Everything lives in app/admin/; this file
 * only wires it together. Its routes are registered by
 * start/routes/admin.ts (session and CSRF on the panel only).
 */
const adminjsConfig: AdminJSProviderConfig = {
  adapter: { enabled: true },
  adminjs: {
    rootPath: '/admin',
    loginPath: '/admin/login',
    logoutPath: '/admin/logout',
    componentLoader,
    resources: [...catalogResources, ...salesResources, ...peopleResources],
    branding,
    dashboard,
    locale: {
      language: 'en',
      availableLanguages: ['en'],
      translations: {
        en: {
          actions: {
            markShipped: 'Mark shipped',
            markDelivered: 'Mark delivered',
            cancel: 'Cancel order',
            bulkShip: 'Mark shipped',
            bulkDeliver: 'Mark delivered',
            bulkCancel: 'Cancel orders',
          },
          labels: {
            categories: 'Categories',
            products: 'Products',
            product_images: 'Product images',
            orders: 'Orders',
            order_items: 'Order items',
            order_events: 'Order events',
            admin_actions: 'Audit log',
            users: 'Users',
          },
        },
      },
    },
    settings: { defaultPerPage: 20 },
  },
  auth: { enabled: true, provider: authProvider },
}

export default adminjsConfig
