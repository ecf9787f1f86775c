import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import { cachedFile } from '#services/static_files'
import { contentSecurityPolicy, inlineHashes } from '#middleware/content_security_policy'

let livePolicy: string | undefined

/**
 * The live page's policy (issue 14, finding 8): its module script from
 * this origin, its one inline style by hash, fetch and the event stream to
 * this origin, never framed.
 */
function liveOrdersPolicy(html: string) {
  livePolicy ??= contentSecurityPolicy({
    'script-src': ["'self'"],
    'style-src': ["'self'", ...inlineHashes(html).styles],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
  })
  return livePolicy
}

/**
 * The small browser pages and the scripts they load (no bundler, no CDN:
 * @adonisjs/transmit-client is served from node_modules as an ES module).
 */
export default class PagesController {
  /**
   * GET /account/orders/live
   */
  async liveOrders({ response }: HttpContext) {
    const html = await cachedFile(app.makePath('resources/views/live_orders.html'))
    response
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', liveOrdersPolicy(html.toString('utf8')))
      .send(html)
  }

  /**
   * GET /assets/live_orders.js
   */
  async liveOrdersScript({ response }: HttpContext) {
    const script = await cachedFile(app.makePath('resources/assets/live_orders.js'))
    response.header('content-type', 'text/javascript; charset=utf-8').send(script)
  }

  /**
   * GET /assets/transmit-client.js
   */
  async transmitClient({ response }: HttpContext) {
    const script = await cachedFile(fileURLToPath(import.meta.resolve('@adonisjs/transmit-client')))
    response.header('content-type', 'text/javascript; charset=utf-8').send(script)
  }
}
