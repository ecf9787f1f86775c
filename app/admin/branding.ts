import type { BrandingOptions } from 'adminjs'
import env from '#start/env'

/**
 * The shop's own name (SHOP_NAME, as on invoices) on the login page and in
 * the sidebar; no AdminJS marketing text (see the locale in config/adminjs.ts).
 */
export const shopName = env.get('SHOP_NAME') ?? 'Demo Shop'

export const branding: BrandingOptions = {
  companyName: shopName,
  withMadeWithLove: false,
  logo: false,
  theme: {
    colors: {
      primary100: '#1f6feb',
      primary80: '#3b82f6',
      primary60: '#60a5fa',
      primary40: '#93c5fd',
      primary20: '#dbeafe',
    },
  },
}
