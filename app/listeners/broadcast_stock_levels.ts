import transmit from '@adonisjs/transmit/services/main'
import { channels } from '#start/channels'
import type { StockChanged } from '#events/types'

/**
 * The committed stock level of each product a transaction moved, on its
 * public `products/:id/stock` channel.
 */
export default class BroadcastStockLevels {
  handle({ changes }: StockChanged) {
    const at = new Date().toISOString()
    for (const change of changes) {
      transmit.broadcast(channels.productStock(change.productId), {
        product_id: change.productId,
        stock: change.stock,
        at,
      })
    }
  }
}
