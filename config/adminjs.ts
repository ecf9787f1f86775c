import type { AdminJSProviderConfig } from '@adminjs/adonis'
import componentLoader from '#admin/component_loader'
import authProvider from '#admin/auth'
import { branding, shopName } from '#admin/branding'
import { dashboard } from '#admin/dashboard'
import { catalogResources } from '#admin/resources/catalog'
import { salesResources } from '#admin/resources/sales'
import { peopleResources } from '#admin/resources/people'
import { settingsResources } from '#admin/resources/settings'
import { webhookResources } from '#admin/resources/webhooks'
import { pricingResources } from '#admin/resources/pricing'

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
    resources: [
      ...catalogResources,
      ...salesResources,
      ...peopleResources,
      ...pricingResources,
      ...settingsResources,
      ...webhookResources,
    ],
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
            exportCsv: 'Export CSV',
            importCsv: 'Import CSV',
            logo: 'Logo',
          },
          components: {
            Login: {
              welcomeHeader: shopName,
              welcomeMessage:
                'Staff panel: orders, catalog and customers. Sign in with your staff account.',
              properties: { email: 'E-mail', password: 'Password' },
              loginButton: 'Sign in',
            },
          },
          // Human labels for the columns (AdminJS would show "Category Id").
          properties: {
            id: 'ID',
            userId: 'Customer',
            categoryId: 'Category',
            parentId: 'Parent category',
            productId: 'Product',
            orderId: 'Order',
            actorId: 'By',
            adminId: 'Staff member',
            adminEmail: 'Staff e-mail',
            recordId: 'Record',
            ip: 'IP address',
            number: 'Order number',
            itemCount: 'Items',
            customerEmail: 'Customer e-mail',
            orderCount: 'Orders',
            totalSpent: 'Total spent',
            subtotal: 'Subtotal',
            total: 'Total',
            currency: 'Currency',
            shipFullName: 'Ship to',
            shipPhone: 'Shipping phone',
            shipLine1: 'Shipping line 1',
            shipLine2: 'Shipping line 2',
            shipCity: 'Shipping city',
            shipPostalCode: 'Shipping postal code',
            shipCountry: 'Shipping country',
            invoiceNumber: 'Invoice number',
            shippedAt: 'Shipped',
            deliveredAt: 'Delivered',
            cancelledAt: 'Cancelled',
            createdAt: 'Created',
            updatedAt: 'Updated',
            productName: 'Product',
            unitPrice: 'Unit price',
            lineTotal: 'Line total',
            fromStatus: 'From',
            toStatus: 'To',
            actorRole: 'Role',
            lowStockThreshold: 'Low-stock threshold',
            isActive: 'Active',
            fullName: 'Name',
            email: 'E-mail',
            addressLine1: 'Address line 1',
            addressLine2: 'Address line 2',
            addressCity: 'City',
            addressPostalCode: 'Postal code',
            addressCountry: 'Country',
            addressLines: 'Street lines',
            invoiceFooter: 'Invoice footer',
            pricesIncludeTax: 'Prices include tax',
            zoneId: 'Zone',
            methods: 'Shipping methods',
            countries: 'Countries',
            deliveryEstimate: 'Delivery estimate',
            rateType: 'Rate',
            freeOver: 'Free over',
            weightBands: 'Weight bands',
            position: 'Position',
            taxClass: 'Tax class',
            rate: 'Rate (%)',
            code: 'Code',
            effect: 'Effect',
            offer: 'Offer',
            percentOff: 'Percent off',
            amountOff: 'Amount off',
            target: 'Applies to',
            productIds: 'Product ids',
            categoryIds: 'Category ids',
            variantIds: 'Variant ids',
            minSubtotal: 'Minimum subtotal',
            firstOrderOnly: "Customer's first order only",
            startsAt: 'Starts',
            endsAt: 'Ends',
            usageLimit: 'Usage limit',
            perCustomerLimit: 'Uses per customer',
            timesUsed: 'Times used',
            redemptions: 'Orders',
            discountGiven: 'Discount given',
          },
          // The order page's header names what it shows (its own title is the number).
          resources: {
            orders: { actions: { show: 'Order' } },
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
            shop_settings: 'Settings',
            shipping_zones: 'Shipping zones',
            shipping_methods: 'Shipping methods',
            tax_rates: 'Tax rates',
            promotions: 'Promotions',
          },
        },
      },
    },
    settings: { defaultPerPage: 20 },
  },
  auth: { enabled: true, provider: authProvider },
}

export default adminjsConfig
