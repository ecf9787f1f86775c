import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'

const files = new Map<string, Promise<Buffer>>()

/**
 * A file read once and kept in memory.
 */
function cached(path: string) {
  let content = files.get(path)
  if (!content) {
    content = readFile(path)
    files.set(path, content)
  }
  return content
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
    const html = await cached(app.makePath('resources/views/live_orders.html'))
    response.header('content-type', 'text/html; charset=utf-8').send(html)
  }

  /**
   * GET /assets/live_orders.js
   */
  async liveOrdersScript({ response }: HttpContext) {
    const script = await cached(app.makePath('resources/assets/live_orders.js'))
    response.header('content-type', 'text/javascript; charset=utf-8').send(script)
  }

  /**
   * GET /assets/transmit-client.js
   */
  async transmitClient({ response }: HttpContext) {
    const script = await cached(fileURLToPath(import.meta.resolve('@adonisjs/transmit-client')))
    response.header('content-type', 'text/javascript; charset=utf-8').send(script)
  }
}
