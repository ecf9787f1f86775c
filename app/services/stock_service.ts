import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { ApiError, type ApiErrorItem } from '#exceptions/api_error'
import { dbTimestamp } from '#services/db_time'
import { emitAfterCommit } from '#events/after_commit'
import { OrderEvents } from '#events/order_events'
import { BackInStock } from '#services/back_in_stock_service'

export interface Shortage {
  product_id: number
  name: string
  requested: number
  available: number
}

/**
 * 409 naming every product that is short and how many are left.
 */
export class InsufficientStockError extends ApiError {
  constructor(readonly shortages: Shortage[]) {
    const items: ApiErrorItem[] = shortages.map((shortage) => ({
      code: 'E_INSUFFICIENT_STOCK',
      message: `Only ${shortage.available} left of "${shortage.name}" (${shortage.requested} requested)`,
      field: 'items',
      ...shortage,
    }))
    super(409, 'E_INSUFFICIENT_STOCK', 'Not enough stock for this order', items)
  }
}

/**
 * 409: a stock `set` whose `expected` level is no longer the current one
 * (a sale or another adjustment came first). Nothing was changed.
 */
export class StockChangedError extends ApiError {
  constructor(
    readonly current: number,
    readonly expected: number
  ) {
    const message = `The stock is now ${current}, not ${expected} as expected: nothing was changed. Check the new level and send the adjustment again (or adjust by a delta)`
    super(409, 'E_STOCK_CHANGED', message, [
      { code: 'E_STOCK_CHANGED', message, field: 'expected', current, expected },
    ])
  }
}

/**
 * A stock movement made by staff: units added or removed (`delta`), or a
 * counted level (`set`) applied only if the stock is still `expected`.
 */
export type StockMovement = { delta: number } | { set: number; expected: number }

export interface StockAdjustment {
  before: number
  after: number
}

/**
 * The most units of one product in stock.
 */
export const MAX_STOCK_LEVEL = 1_000_000_000

export interface StockLevel {
  stock: number
  lowStockThreshold: number
  /**
   * This change took the stock from above the product's threshold to at
   * or below it.
   */
  crossedLowStock: boolean
}

type Client = QueryClientContract | TransactionClientContract

async function readLevel(client: Client, productId: number) {
  const row = await client
    .from('products')
    .select('name', 'stock', 'low_stock_threshold')
    .where('id', productId)
    .first()
  return row as { name: string; stock: number; low_stock_threshold: number } | null
}

/**
 * Stock moves with guarded updates (UPDATE ... RETURNING, one statement on
 * PostgreSQL and SQLite alike), never read-modify-write: the database
 * decides, so two checkouts can never both take the last unit (and the
 * CHECK stock >= 0 is the last line of defence).
 *
 * Every move raises `stock:changed` with the new level, delivered once the
 * move's transaction commits (the catalog caches are cleared and the
 * `products/:id/stock` channel hears it; nothing for a rolled-back move).
 */
export const StockService = {
  /**
   * An order line takes its units (the OrderItem create hook, inside the
   * checkout's transaction): a shortfall throws and aborts the whole order.
   * A line that takes the product to or below its low-stock threshold
   * writes a `low_stock` order event (`stock:low` after commit).
   */
  async takeForOrderLine(
    client: Client,
    line: { orderId: number; productId: number; quantity: number }
  ) {
    const level = await StockService.take(line.productId, line.quantity, client)
    if (level.crossedLowStock) {
      const order = await client
        .from('orders')
        .select('user_id', 'number')
        .where('id', line.orderId)
        .first()
      await OrderEvents.stockLow(
        client,
        { orderId: line.orderId, orderNumber: order.number, userId: order.user_id },
        { productId: line.productId, stock: level.stock }
      )
    }
    return level
  },

  /**
   * Takes `quantity` units, or throws InsufficientStockError and takes
   * nothing.
   */
  async take(productId: number, quantity: number, client: Client = db.connection()) {
    const rows: Array<{ stock: number; low_stock_threshold: number }> = await client
      .from('products')
      .where('id', productId)
      .where('stock', '>=', quantity)
      .update(
        { stock: client.knexRawQuery('stock - ?', [quantity]), updated_at: dbTimestamp(client) },
        ['stock', 'low_stock_threshold']
      )
    if (rows.length !== 1) {
      const level = await readLevel(client, productId)
      if (!level) {
        throw ApiError.unprocessable(`Product ${productId} does not exist`, 'items')
      }
      throw new InsufficientStockError([
        { product_id: productId, name: level.name, requested: quantity, available: level.stock },
      ])
    }
    const { stock, low_stock_threshold: threshold } = rows[0]
    await emitAfterCommit(client, 'stock:changed', { changes: [{ productId, stock }] })
    return {
      stock,
      lowStockThreshold: threshold,
      crossedLowStock: stock <= threshold && stock + quantity > threshold,
    } satisfies StockLevel
  },

  /**
   * Puts `quantity` units back (a cancelled order). From 0 to positive,
   * the product's back-in-stock requests end and their e-mails are queued
   * in this transaction (BackInStock.restocked).
   */
  async give(productId: number, quantity: number, client: Client = db.connection()) {
    await client
      .from('products')
      .where('id', productId)
      .update({
        stock: client.knexRawQuery('stock + ?', [quantity]),
        updated_at: dbTimestamp(client),
      })
    const level = await readLevel(client, productId)
    const stock = level?.stock ?? 0
    await emitAfterCommit(client, 'stock:changed', { changes: [{ productId, stock }] })
    if (stock > 0 && stock - quantity <= 0) {
      await BackInStock.restocked(client, productId)
    }
    return stock
  },

  /**
   * A staff movement, as one guarded statement: a delta that would take
   * the stock below 0 (or above MAX_STOCK_LEVEL) is refused with a 422, a
   * `set` whose `expected` level is stale with a 409 naming the current
   * level (issue 14, finding 7). Stock is never written from a value
   * read earlier. From 0 to positive, the product's back-in-stock
   * requests end and their e-mails are queued in this transaction.
   */
  async adjust(
    productId: number,
    movement: StockMovement,
    client: Client = db.connection()
  ): Promise<StockAdjustment> {
    const now = dbTimestamp(client)
    const query = client.from('products').where('id', productId)
    if ('delta' in movement) {
      query
        .whereRaw('stock + ? >= 0', [movement.delta])
        .whereRaw('stock + ? <= ?', [movement.delta, MAX_STOCK_LEVEL])
    } else {
      query.where('stock', movement.expected)
    }
    const rows: Array<{ stock: number }> = await query.update(
      {
        stock:
          'delta' in movement ? client.knexRawQuery('stock + ?', [movement.delta]) : movement.set,
        updated_at: now,
      },
      ['stock']
    )
    if (rows.length === 1) {
      const after = Number(rows[0].stock)
      const before = 'delta' in movement ? after - movement.delta : movement.expected
      await emitAfterCommit(client, 'stock:changed', { changes: [{ productId, stock: after }] })
      if (before <= 0 && after > 0) {
        await BackInStock.restocked(client, productId)
      }
      return { before, after }
    }
    const level = await readLevel(client, productId)
    if (!level) {
      throw ApiError.notFound('Product not found')
    }
    if (!('delta' in movement)) {
      throw new StockChangedError(level.stock, movement.expected)
    }
    if (level.stock + movement.delta < 0) {
      throw ApiError.unprocessable(
        `The stock cannot go below 0: ${level.stock} in stock, so the delta must be at least ${-level.stock}`,
        'delta'
      )
    }
    throw ApiError.unprocessable(
      `The stock cannot exceed ${MAX_STOCK_LEVEL}: ${level.stock} in stock, so the delta must be at most ${MAX_STOCK_LEVEL - level.stock}`,
      'delta'
    )
  },
}
