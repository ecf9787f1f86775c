import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { ApiError } from '#exceptions/api_error'
import { dbTimestamp } from '#services/db_time'
import { JobQueue } from '#services/job_queue'
import type { StockSubscriptionView } from '#serializers/stock_subscription_serializer'

/**
 * How a route names a product: its id or its slug (digits are tried as an
 * id first, then as a slug).
 */
export interface ProductKey {
  id: number | null
  slug: string | null
}

const NOT_FOUND = 'Product not found'

type Client = QueryClientContract | TransactionClientContract

interface ProductRow {
  id: number
  name: string
  stock: number
}

/**
 * "Tell me when it is back in stock" (issue 18). A customer asks about a
 * product that is out of stock; when its stock next goes from 0 to
 * positive (a staff restock, a cancelled order's units coming back), the
 * request ends and one e-mail is queued, in the transaction of that
 * stock move (`BackInStock.restocked`, called by StockService). Keyed by
 * product: variants come with their own issue.
 *
 * Query builder only, no model: StockService, which a model hook reaches,
 * calls into this module.
 */
export class BackInStockService {
  /**
   * Opens the request of `userId` for the product. Idempotent: asking
   * again while one is open answers the open one (`created: false`). A
   * product in stock is refused (409 `E_PRODUCT_IN_STOCK`: the request is
   * well formed but the product's state makes it moot, it can be ordered
   * now); an unknown or inactive one is 404. The product row is locked while the request
   * is written (PostgreSQL), so a restock committing at the same time
   * either sees the request or makes this one see the stock.
   */
  async subscribe(
    userId: number,
    key: ProductKey
  ): Promise<{ created: boolean; subscription: StockSubscriptionView }> {
    return db.transaction(async (trx) => {
      const product = await this.findProduct(trx, key, { lock: true })
      if (product.stock > 0) {
        throw new ApiError(
          409,
          'E_PRODUCT_IN_STOCK',
          `"${product.name}" is in stock: order it now. Back-in-stock notices are for products that are out of stock`,
          [
            {
              code: 'E_PRODUCT_IN_STOCK',
              message: `"${product.name}" is in stock`,
              field: 'product',
            },
          ]
        )
      }
      const now = dbTimestamp(trx)
      const inserted = await trx.rawQuery(
        `INSERT INTO stock_subscriptions (user_id, product_id, created_at)
         VALUES (?, ?, ?)
         ON CONFLICT (user_id, product_id) WHERE notified_at IS NULL DO NOTHING
         RETURNING id`,
        [userId, product.id, now]
      )
      const created = rowsOf(inserted).length === 1
      const open = await trx
        .from('stock_subscriptions')
        .select('product_id', 'created_at')
        .where({ user_id: userId, product_id: product.id })
        .whereNull('notified_at')
        .firstOrFail()
      return { created, subscription: present(open) }
    })
  }

  /**
   * Withdraws the open request of `userId` for the product, if any (a
   * repeated DELETE is not an error). 404 for an unknown product.
   */
  async unsubscribe(userId: number, key: ProductKey): Promise<void> {
    const product = await this.findProduct(db.connection(), key, { lock: false })
    await db
      .from('stock_subscriptions')
      .where({ user_id: userId, product_id: product.id })
      .whereNull('notified_at')
      .delete()
  }

  /**
   * An active product by id or slug (digits: the id first, then as a
   * slug), or 404.
   */
  private async findProduct(
    client: Client,
    key: ProductKey,
    options: { lock: boolean }
  ): Promise<ProductRow> {
    const attempts: Array<['id' | 'slug', number | string]> = []
    if (key.id !== null) attempts.push(['id', key.id])
    if (key.slug !== null) attempts.push(['slug', key.slug])
    for (const [column, value] of attempts) {
      const query = client
        .from('products')
        .select('id', 'name', 'stock')
        .where(column, value)
        .where('is_active', true)
      if (options.lock && client.dialect.name === 'postgres') {
        query.forUpdate()
      }
      const row = await query.first()
      if (row) {
        return { id: Number(row.id), name: row.name, stock: Number(row.stock) }
      }
    }
    throw ApiError.notFound(NOT_FOUND)
  }
}

/**
 * Called by StockService when a product's stock went from 0 (or below)
 * to positive, in that move's transaction: every open request for the
 * product ends (`notified_at`) and its e-mail is queued, written to the
 * outbox in the same transaction. A rolled-back move does neither; a
 * second restock finds no open request and sends nothing.
 */
export const BackInStock = {
  async restocked(client: Client, productId: number) {
    if (!client.isTransaction) {
      await db.transaction((trx) => BackInStock.restocked(trx, productId))
      return
    }
    const trx = client as TransactionClientContract
    const ended: Array<{ id: number; user_id: number }> = await trx
      .from('stock_subscriptions')
      .where('product_id', productId)
      .whereNull('notified_at')
      .update({ notified_at: dbTimestamp(trx) }, ['id', 'user_id'])
    for (const subscription of ended) {
      await JobQueue.enqueue(
        'mail.send',
        { kind: 'back_in_stock', userId: Number(subscription.user_id), productId },
        { trx, key: `mail:back_in_stock:${subscription.id}` }
      )
    }
  },
}

function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result)) return result
  const rows = (result as { rows?: unknown[] } | null)?.rows
  return Array.isArray(rows) ? rows : []
}

/**
 * PostgreSQL answers a Date, SQLite the text dbTimestamp wrote.
 */
function present(row: { product_id: number; created_at: string | Date }): StockSubscriptionView {
  const createdAt =
    row.created_at instanceof Date
      ? DateTime.fromJSDate(row.created_at)
      : DateTime.fromSQL(String(row.created_at))
  return { productId: Number(row.product_id), createdAt }
}
