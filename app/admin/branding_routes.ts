import { readFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import { ShopSettingsService } from '#services/shop_settings_service'

let defaultFavicon: { data: Buffer; etag: string } | null = null

async function bundledFavicon() {
  if (!defaultFavicon) {
    const data = await readFile(new URL('./assets/favicon.png', import.meta.url))
    defaultFavicon = { data, etag: `"${createHash('sha256').update(data).digest('hex')}"` }
  }
  return defaultFavicon
}

/**
 * An image answer: its own type, never sniffed as anything else, cached
 * by version (ETag; a 304 when the browser has it).
 */
function sendImage(
  { request, response }: HttpContext,
  image: { data: Buffer; contentType: string; etag: string },
  cacheControl: string
) {
  response.header('X-Content-Type-Options', 'nosniff')
  response.header('Cache-Control', cacheControl)
  response.header('ETag', image.etag)
  if (request.header('if-none-match') === image.etag) {
    return response.status(304).send('')
  }
  response.header('Content-Type', image.contentType)
  return response.send(image.data)
}

/**
 * GET /admin/branding/logo: the uploaded logo (PNG or JPEG, checked by
 * its bytes on upload), public (the sign-in page shows it). With the
 * current version in `?v=` it is cached for a year; otherwise revalidated.
 * 404 in the error shape when no logo was uploaded.
 */
export async function panelLogo(ctx: HttpContext) {
  const settings = await app.container.make(ShopSettingsService)
  const version = await settings.logoVersion()
  const logo = version ? await settings.logo() : null
  if (!logo) {
    return ctx.response.status(404).send({
      errors: [{ code: 'E_NOT_FOUND', message: 'No logo was uploaded' }],
    })
  }
  const current = ctx.request.qs().v === logo.sha256.slice(0, 16)
  return sendImage(
    ctx,
    { data: logo.data, contentType: logo.contentType, etag: `"${logo.sha256}"` },
    current ? 'public, max-age=31536000, immutable' : 'no-cache'
  )
}

/**
 * GET /admin/branding/favicon.png: the logo when it is a PNG, else the
 * bundled default icon (app/admin/assets/favicon.png). Revalidated on use
 * (ETag), so a new logo shows up.
 */
export async function panelFavicon(ctx: HttpContext) {
  const settings = await app.container.make(ShopSettingsService)
  const version = await settings.logoVersion()
  const logo = version?.contentType === 'image/png' ? await settings.logo() : null
  const image = logo
    ? { data: logo.data, contentType: logo.contentType, etag: `"${logo.sha256}"` }
    : { ...(await bundledFavicon()), contentType: 'image/png' }
  return sendImage(ctx, image, 'public, max-age=300, must-revalidate')
}
