import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { ApiError, type ApiErrorItem } from '#exceptions/api_error'
import { dbTimestamp } from '#services/db_time'

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
 */
export const StockService = {
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
    return {
      stock,
      lowStockThreshold: threshold,
      crossedLowStock: stock <= threshold && stock + quantity > threshold,
    } satisfies StockLevel
  },

  /**
   * Puts `quantity` units back (a cancelled order).
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
    return level?.stock ?? 0
  },
}
