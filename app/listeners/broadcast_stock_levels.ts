import transmit from '@adonisjs/transmit/services/main'
import { channels } from '#start/channels'
import type { StockChanged } from '#events/types'

/**
 * The committed stock of each product a transaction moved, on its public
 * `products/:id/stock` channel: the product's units (its active variants
 * together) and each variant that moved, by id and SKU.
 */
export default class BroadcastStockLevels {
  handle({ changes }: StockChanged) {
    const at = new Date().toISOString()
    for (const change of changes) {
      transmit.broadcast(channels.productStock(change.productId), {
        product_id: change.productId,
        stock: change.stock,
        in_stock: change.stock > 0,
        variants: change.variants.map((variant) => ({
          id: variant.variantId,
          sku: variant.sku,
          stock: variant.stock,
          in_stock: variant.stock > 0,
        })),
        at,
      })
    }
  }
}
