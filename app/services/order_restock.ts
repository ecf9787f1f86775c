import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Order from '#models/order'
import OrderItem from '#models/order_item'
import { StockService } from '#services/stock_service'
import { ProductSummary } from '#services/product_summary'

/**
 * Every line's units go back to its variant, with a `cancellation` ledger
 * row naming the order: what a cancellation and an expiry do, once, in
 * their transaction. The lines' products are locked first in id order (as
 * checkout locks them); each move raises `stock:changed`.
 */
export async function restockOrder(order: Order, trx: TransactionClientContract) {
  const items = await OrderItem.query({ client: trx })
    .where('order_id', order.id)
    .orderBy('variant_id')
  await ProductSummary.lockAll(
    trx,
    items.map((item) => item.productId)
  )
  for (const item of items) {
    await StockService.give(item.variantId, item.quantity, trx, {
      reason: 'cancellation',
      orderId: order.id,
    })
  }
}
