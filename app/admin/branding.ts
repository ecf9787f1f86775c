import app from '@adonisjs/core/services/app'
import type { BrandingOptions, BrandingOptionsFunction } from 'adminjs'
import env from '#start/env'
import { ShopSettingsService } from '#services/shop_settings_service'

/**
 * The shop's own name (SHOP_NAME, as on invoices) for the sign-in page's
 * greeting; no AdminJS marketing text (see the locale in config/adminjs.ts).
 */
export const shopName = env.get('SHOP_NAME') ?? 'Demo Shop'

/**
 * Where the panel's images are served (app/admin/branding_routes.ts).
 */
export const BRANDING_PATHS = {
  logo: '/admin/branding/logo',
  favicon: '/admin/branding/favicon.png',
}

const theme: BrandingOptions['theme'] = {
  colors: {
    primary100: '#1f6feb',
    primary80: '#3b82f6',
    primary60: '#60a5fa',
    primary40: '#93c5fd',
    primary20: '#dbeafe',
  },
}

/**
 * The shop's name (from its Settings) and, once an admin uploaded one, its
 * logo on the sign-in page and in the sidebar; the favicon is the logo or
 * the bundled default. Every image comes from this app (no other host).
 * The logo's URL carries its version, so browsers may keep it for long.
 */
export const branding: BrandingOptionsFunction = async () => {
  const settings = await app.container.make(ShopSettingsService)
  const [{ name }, logo] = await Promise.all([settings.get(), settings.logoVersion()])
  return {
    companyName: name,
    withMadeWithLove: false,
    logo: logo ? `${BRANDING_PATHS.logo}?v=${logo.sha256.slice(0, 16)}` : false,
    favicon: BRANDING_PATHS.favicon,
    theme,
  }
}
