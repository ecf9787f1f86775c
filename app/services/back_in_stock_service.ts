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

/**
 * The variant a request is about, by id or SKU (at most one of them);
 * neither: the product as a whole.
 */
export interface VariantKey {
  variantId?: number
  sku?: string
}

const NOT_FOUND = 'Product not found'

/**
 * The default variant's title (StockService's DEFAULT_VARIANT_TITLE; not
 * imported: StockService imports this module).
 */
const DEFAULT_TITLE = 'Default'

type Client = QueryClientContract | TransactionClientContract

interface ProductRow {
  id: number
  name: string
  stock: number
}

interface VariantRow {
  id: number
  sku: string
  title: string
  stock: number
  active: boolean
}

/**
 * "Tell me when it is back in stock" (issue 18, per variant since issue
 * 17). A customer asks about a variant that is out of stock ("Tee, M /
 * red"), or about a product none of whose active variants is in stock;
 * when that variant's stock (or the product's, its active variants
 * together) next goes from 0 to positive, by any stock movement (a staff
 * restock, a cancelled order's or a return's units, an import), the
 * request ends and one e-mail is queued, in the transaction of that stock
 * move (`BackInStock.restocked`, called by StockService).
 *
 * Query builder only, no model: StockService, which a model hook reaches,
 * calls into this module.
 */
export class BackInStockService {
  /**
   * Opens the request of `userId` for the product, or for one of its
   * variants. Idempotent: asking again while the same request is open
   * answers the open one (`created: false`). What is in stock now is
   * refused (409 `E_PRODUCT_IN_STOCK`: the request is well formed but
   * moot, it can be ordered now): the variant, or for a product-level
   * request any active variant. An unknown or inactive product, or a
   * variant that is not an active one of it, is 404. The product row is
   * locked while the request is written (PostgreSQL; StockService locks
   * it first too), so a restock committing at the same time either sees
   * the request or makes this one see the stock.
   */
  async subscribe(
    userId: number,
    key: ProductKey,
    target: VariantKey = {}
  ): Promise<{ created: boolean; subscription: StockSubscriptionView }> {
    const named = variantNamed(target)
    return db.transaction(async (trx) => {
      const product = await this.findProduct(trx, key, { lock: true })
      const variant = named ? await this.findVariant(trx, product, named, { active: true }) : null
      if (variant ? variant.stock > 0 : product.stock > 0) {
        const label = variant ? variantName(product.name, variant.title) : product.name
        throw new ApiError(
          409,
          'E_PRODUCT_IN_STOCK',
          variant
            ? `"${label}" is in stock: order it now. Back-in-stock notices are for variants that are out of stock`
            : `"${label}" is in stock: order it now. Back-in-stock notices are for products none of whose variants is in stock (or name an out-of-stock variant with variant_id or sku)`,
          [
            {
              code: 'E_PRODUCT_IN_STOCK',
              message: `"${label}" is in stock`,
              field: named ? named.field : 'product',
            },
          ]
        )
      }
      const now = dbTimestamp(trx)
      // The conflict target's WHERE is the partial unique index's own
      // (migration 1732250001002), as PostgreSQL and SQLite require.
      const inserted = variant
        ? await trx.rawQuery(
            `INSERT INTO stock_subscriptions (user_id, product_id, variant_id, created_at)
             VALUES (?, ?, ?, ?)
             ON CONFLICT (user_id, product_id, variant_id)
               WHERE notified_at IS NULL AND variant_id IS NOT NULL DO NOTHING
             RETURNING id`,
            [userId, product.id, variant.id, now]
          )
        : await trx.rawQuery(
            `INSERT INTO stock_subscriptions (user_id, product_id, created_at)
             VALUES (?, ?, ?)
             ON CONFLICT (user_id, product_id)
               WHERE notified_at IS NULL AND variant_id IS NULL DO NOTHING
             RETURNING id`,
            [userId, product.id, now]
          )
      const created = rowsOf(inserted).length === 1
      const open = await openRequest(trx, userId, product.id, variant?.id ?? null).firstOrFail()
      return {
        created,
        subscription: present({ ...open, variant_id: variant?.id ?? null, sku: variant?.sku }),
      }
    })
  }

  /**
   * Withdraws the open request of `userId` for the product, or for the
   * named variant of it, if any (a repeated DELETE is not an error; a
   * deactivated variant's request can still be withdrawn). 404 for an
   * unknown product or a variant that is not one of it.
   */
  async unsubscribe(userId: number, key: ProductKey, target: VariantKey = {}): Promise<void> {
    const named = variantNamed(target)
    const client = db.connection()
    const product = await this.findProduct(client, key, { lock: false })
    const variant = named ? await this.findVariant(client, product, named, { active: false }) : null
    await openRequest(client, userId, product.id, variant?.id ?? null).delete()
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

  /**
   * The named variant of the product (`active`: only an active one), or
   * 404 saying which product was looked in.
   */
  private async findVariant(
    client: Client,
    product: ProductRow,
    named: NamedVariant,
    options: { active: boolean }
  ): Promise<VariantRow> {
    const query = client
      .from('product_variants')
      .select('id', 'sku', 'title', 'stock', 'is_active')
      .where('product_id', product.id)
      .where(named.field === 'variant_id' ? 'id' : 'sku', named.value)
    if (options.active) {
      query.where('is_active', true)
    }
    const row = await query.first()
    if (!row) {
      const what = named.field === 'variant_id' ? `id ${named.value}` : `SKU "${named.value}"`
      throw new ApiError(404, 'E_NOT_FOUND', 'Variant not found', [
        {
          code: 'E_NOT_FOUND',
          message: `"${product.name}" has no ${options.active ? 'active ' : ''}variant with the ${what}`,
          field: named.field,
        },
      ])
    }
    return {
      id: Number(row.id),
      sku: row.sku,
      title: row.title,
      stock: Number(row.stock),
      active: Boolean(row.is_active),
    }
  }
}

type NamedVariant = { field: 'variant_id'; value: number } | { field: 'sku'; value: string }

/**
 * The variant named by `variant_id` or `sku`; both is a 422 (they could
 * disagree), neither is the product as a whole.
 */
function variantNamed(target: VariantKey): NamedVariant | null {
  if (target.variantId !== undefined && target.sku !== undefined) {
    throw ApiError.unprocessable(
      'Name the variant with one of variant_id or sku, not both (or neither, for the product as a whole)',
      'sku'
    )
  }
  if (target.variantId !== undefined) return { field: 'variant_id', value: target.variantId }
  if (target.sku !== undefined) return { field: 'sku', value: target.sku }
  return null
}

/**
 * The open request of a customer for a product (`variantId` null) or for
 * one variant of it.
 */
function openRequest(client: Client, userId: number, productId: number, variantId: number | null) {
  const query = client
    .from('stock_subscriptions')
    .where({ user_id: userId, product_id: productId })
    .whereNull('notified_at')
  return variantId === null ? query.whereNull('variant_id') : query.where('variant_id', variantId)
}

/**
 * "Tee (M / red)", or the product's name for its only (default) variant.
 */
function variantName(productName: string, title: string) {
  return title === DEFAULT_TITLE ? productName : `${productName} (${title})`
}

/**
 * What came back in one stock move: the variant, when it went from 0 to
 * positive, and whether the product did (its active variants together).
 */
export interface Restock {
  productId: number
  variantId: number | null
  product: boolean
}

/**
 * Called by StockService when a stock move took a variant, or its
 * product, from 0 (or below) to positive, in that move's transaction:
 * every open request for that variant (when it is active: an inactive one
 * cannot be ordered, its requests wait) and, when the product came back,
 * every product-level request ends (`notified_at`) and its e-mail is
 * queued, written to the outbox in the same transaction. A customer whose
 * variant request and product request both end gets one e-mail, naming
 * the variant. A rolled-back move does none of it; a second restock finds
 * no open request and sends nothing.
 */
export const BackInStock = {
  async restocked(client: Client, restock: Restock) {
    if (!client.isTransaction) {
      await db.transaction((trx) => BackInStock.restocked(trx, restock))
      return
    }
    const trx = client as TransactionClientContract
    let variantId = restock.variantId
    if (variantId !== null) {
      const variant = await trx
        .from('product_variants')
        .where('id', variantId)
        .select('is_active')
        .first()
      if (!variant?.is_active) variantId = null
    }
    if (variantId === null && !restock.product) {
      return
    }
    const ended: Array<{ id: number; user_id: number; variant_id: number | null }> = await trx
      .from('stock_subscriptions')
      .where('product_id', restock.productId)
      .whereNull('notified_at')
      .where((which) => {
        if (variantId !== null) which.orWhere('variant_id', variantId)
        if (restock.product) which.orWhereNull('variant_id')
      })
      .update({ notified_at: dbTimestamp(trx) }, ['id', 'user_id', 'variant_id'])

    const perUser = new Map<number, { id: number; variantId: number | null }>()
    for (const row of [...ended].sort((a, b) => Number(a.id) - Number(b.id))) {
      const userId = Number(row.user_id)
      const rowVariant = row.variant_id === null ? null : Number(row.variant_id)
      const kept = perUser.get(userId)
      if (!kept || (kept.variantId === null && rowVariant !== null)) {
        perUser.set(userId, { id: Number(row.id), variantId: rowVariant })
      }
    }
    for (const [userId, subscription] of perUser) {
      await JobQueue.enqueue(
        'mail.send',
        {
          kind: 'back_in_stock',
          userId,
          productId: restock.productId,
          ...(subscription.variantId !== null ? { variantId: subscription.variantId } : {}),
        },
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
function present(row: {
  product_id: number
  variant_id: number | null
  sku?: string | null
  created_at: string | Date
}): StockSubscriptionView {
  const createdAt =
    row.created_at instanceof Date
      ? DateTime.fromJSDate(row.created_at)
      : DateTime.fromSQL(String(row.created_at))
  return {
    productId: Number(row.product_id),
    variantId: row.variant_id === null ? null : Number(row.variant_id),
    sku: row.sku ?? null,
    createdAt,
  }
}
