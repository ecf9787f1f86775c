import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { ApiError, type ApiErrorItem } from '#exceptions/api_error'
import { dbTimestamp } from '#services/db_time'
import { emitAfterCommit } from '#events/after_commit'
import { OrderEvents } from '#events/order_events'
import { BackInStock } from '#services/back_in_stock_service'
import { ProductSummary } from '#services/product_summary'
import type { StockMovementReason } from '#domain/stock_ledger'
import type { StockChanged } from '#events/types'

/**
 * The title of a product's only variant when it has no options.
 */
export const DEFAULT_VARIANT_TITLE = 'Default'

export interface Shortage {
  product_id: number
  variant_id: number
  sku: string
  name: string
  requested: number
  available: number
}

/**
 * 409 naming every variant that is short and how many are left.
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

/**
 * Who and what a movement is for, written to its ledger row.
 */
export interface MovementSource {
  reason: StockMovementReason
  orderId?: number | null
  userId?: number | null
  note?: string | null
}

export interface StockLevel {
  stock: number
  lowStockThreshold: number
  /**
   * This change took the stock from above the variant's threshold to at
   * or below it.
   */
  crossedLowStock: boolean
}

/**
 * One line of a new order as checkout sells it (StockService.sellOrderLines):
 * what the order line keeps, integer minor units.
 */
export interface OrderLineSale {
  variantId: number
  productName: string
  variantTitle: string
  sku: string
  unitPrice: number
  quantity: number
  discountTotal: number
  taxTotal: number
  taxRateBp: number
}

/**
 * A sold line: its order line's id, its product and the variant's new level.
 */
export interface SoldOrderLine extends OrderLineSale {
  itemId: number
  productId: number
  level: StockLevel
}

/**
 * A row of sellOrderLines' statement.
 */
export interface SaleRow {
  id: number
  product_id: number
  stock: number
  low_stock_threshold: number
  is_active: boolean
  item_id: number
  product_stock: number | null
}

type Client = QueryClientContract | TransactionClientContract

/**
 * What a guarded variant update returns.
 */
interface VariantMoved {
  stock: number
  sku: string
  is_active: boolean | number
  low_stock_threshold?: number
  product_id?: number
}

interface VariantRow {
  id: number
  product_id: number
  sku: string
  title: string
  name: string
  stock: number
  low_stock_threshold: number
}

async function readVariant(client: Client, variantId: number): Promise<VariantRow | null> {
  const row = await client
    .from('product_variants')
    .join('products', 'products.id', 'product_variants.product_id')
    .select(
      'product_variants.id',
      'product_variants.product_id',
      'product_variants.sku',
      'product_variants.title',
      'products.name',
      'product_variants.stock',
      'product_variants.low_stock_threshold'
    )
    .where('product_variants.id', variantId)
    .first()
  return row
    ? {
        ...row,
        id: Number(row.id),
        product_id: Number(row.product_id),
        stock: Number(row.stock),
        low_stock_threshold: Number(row.low_stock_threshold),
      }
    : null
}

/**
 * "T-shirt (M / red)", or the product's name for its only variant.
 */
export function variantLabel(variant: { name: string; title: string }) {
  return variant.title === DEFAULT_VARIANT_TITLE
    ? variant.name
    : `${variant.name} (${variant.title})`
}

/**
 * Stock moves with guarded updates of the variant (UPDATE ... RETURNING,
 * one statement on PostgreSQL and SQLite alike), never read-modify-write:
 * the database decides, so two checkouts can never both take the last
 * unit (and the CHECK stock >= 0 is the last line of defence).
 *
 * Every move, in its transaction:
 * - writes its `stock_movements` row (the ledger: a variant's stock is
 *   always the sum of its movements);
 * - recomputes the product's summary columns (ProductSummary), having
 *   locked the product row first (checkout locks its products in id
 *   order before any line, so writers never deadlock);
 * - raises `stock:changed` with the variant's and the product's new
 *   levels, delivered once the transaction commits (the catalog caches are
 *   cleared and the `products/:id/stock` channel hears it; nothing for a
 *   rolled-back move).
 */
export const StockService = {
  /**
   * An order line takes its units (the OrderItem create hook, inside the
   * checkout's transaction): a shortfall throws and aborts the whole order.
   * A line that takes the variant to or below its low-stock threshold
   * writes a `low_stock` order event (`stock:low` after commit).
   */
  async takeForOrderLine(
    client: Client,
    line: {
      orderId: number
      productId: number
      variantId: number
      quantity: number
      productLocked?: boolean
    }
  ) {
    const level = await StockService.take(
      line.variantId,
      line.quantity,
      client,
      { reason: 'sale', orderId: line.orderId },
      { productId: line.productId, locked: line.productLocked ?? false }
    )
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
   * PostgreSQL: every line of a new order in ONE statement (data-modifying
   * CTEs): each variant's guarded decrement, its ledger row, its
   * product's units, and the order line itself, inserted only for a
   * variant whose units were taken (an order line never exists without
   * its stock taken, as with the OrderItem create hook, which every other
   * writer still goes through). The caller holds the lines' product rows
   * locked (checkout locks them in id order first) and names each variant
   * once. A short variant throws InsufficientStockError naming every short
   * line (the caller's transaction rolls back what the statement wrote).
   * After commit: one `stock:changed` for the order's products; a line that
   * crossed its low-stock threshold writes its `low_stock` order event.
   */
  async sellOrderLines(
    client: TransactionClientContract,
    order: { orderId: number; orderNumber: string; userId: number },
    lines: readonly OrderLineSale[]
  ): Promise<SoldOrderLine[]> {
    const sale = StockService.orderLinesStatement(client, lines, '?::integer', [order.orderId])
    const result = (await client.rawQuery(
      `with ${sale.ctes} select ${sale.columns} from ${sale.from}`,
      sale.bindings
    )) as { rows: SaleRow[] }
    return StockService.orderLinesSold(client, order, lines, result.rows)
  },

  /**
   * The parts of sellOrderLines' statement, for a caller that puts more
   * into it (checkout inserts its order in the same statement): the CTEs
   * (`l`, `v`, `m`, `p`, `i`), the result's columns and FROM, and their
   * bindings in that order. `orderId` is the SQL of the order's id (with
   * its own bindings, once per use: it is used twice).
   */
  orderLinesStatement(
    client: TransactionClientContract,
    lines: readonly OrderLineSale[],
    orderId: string,
    orderIdBindings: Array<string | number>
  ) {
    const now = dbTimestamp(client)
    const bindings: Array<string | number> = []
    const rows = lines.map((line, index) => {
      bindings.push(
        line.variantId,
        line.quantity,
        line.productName,
        line.variantTitle,
        line.sku,
        line.unitPrice,
        line.discountTotal,
        line.taxTotal,
        line.taxRateBp,
        index
      )
      return '(?::integer, ?::integer, ?::text, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint, ?::integer, ?::integer)'
    })
    bindings.push(now, ...orderIdBindings, now, now, ...orderIdBindings, now)
    const ctes = `l (variant_id, quantity, product_name, variant_title, sku, unit_price,
               discount_total, tax_total, tax_rate_bp, position) as (
         values ${rows.join(', ')}
       ), v as (
         update product_variants pv set stock = pv.stock - l.quantity, updated_at = ?::timestamptz
         from l
         where pv.id = l.variant_id and pv.stock >= l.quantity
         returning pv.id, pv.product_id, pv.stock, pv.low_stock_threshold, pv.is_active, l.quantity
       ), m as (
         insert into stock_movements
           (variant_id, product_id, quantity, reason, order_id, stock_after, created_at)
         select id, product_id, -quantity, 'sale', ${orderId}, stock, ?::timestamptz from v
       ), p as (
         update products set stock = products.stock - s.units, updated_at = ?::timestamptz
         from (select product_id, sum(quantity) as units from v where is_active group by product_id) s
         where products.id = s.product_id
         returning products.id, products.stock
       ), i as (
         insert into order_items
           (order_id, product_id, variant_id, product_name, variant_title, sku, unit_price,
            quantity, line_total, discount_total, tax_total, tax_rate_bp, created_at)
         select ${orderId}, v.product_id, v.id, l.product_name, l.variant_title, l.sku, l.unit_price,
           l.quantity, l.unit_price * l.quantity, l.discount_total, l.tax_total, l.tax_rate_bp,
           ?::timestamptz
         from l join v on v.id = l.variant_id
         order by l.position
         returning id, variant_id
       )`
    return {
      ctes,
      columns: `v.id, v.product_id, v.stock, v.low_stock_threshold, v.is_active,
        i.id as item_id, p.stock as product_stock`,
      from: 'v join i on i.variant_id = v.id left join p on p.id = v.product_id',
      bindings,
    }
  },

  /**
   * What sellOrderLines' statement returned (a row per line whose units
   * were taken, null columns for none): the sold lines, or
   * InsufficientStockError naming every short one. Raises `stock:changed`
   * and writes the `low_stock` events.
   */
  async orderLinesSold(
    client: TransactionClientContract,
    order: { orderId: number; orderNumber: string; userId: number },
    lines: readonly OrderLineSale[],
    rows: SaleRow[]
  ): Promise<SoldOrderLine[]> {
    const result = { rows: rows.filter((row) => row.id !== null) }
    const taken = new Map(result.rows.map((row) => [Number(row.id), row]))
    if (taken.size !== lines.length) {
      const short = lines.filter((line) => !taken.has(line.variantId))
      const errors = await Promise.all(
        short.map((line) => StockService.shortage(client, line.variantId, line.quantity))
      )
      const shortages = errors.flatMap((error) =>
        error instanceof InsufficientStockError ? error.shortages : []
      )
      throw shortages.length ? new InsufficientStockError(shortages) : errors[0]
    }
    const changes = new Map<number, StockChanged['changes'][number]>()
    const sold: SoldOrderLine[] = []
    for (const line of lines) {
      const row = taken.get(line.variantId)!
      const productId = Number(row.product_id)
      const stock = Number(row.stock)
      const threshold = Number(row.low_stock_threshold)
      let change = changes.get(productId)
      if (!change) {
        // An inactive variant's units are not in its product's (unchanged).
        const unchanged =
          row.product_stock === null ? await ProductSummary.stockOf(client, productId) : null
        const productStock = unchanged ? unchanged.after : Number(row.product_stock)
        change = { productId, stock: productStock, before: productStock, variants: [] }
        changes.set(productId, change)
      }
      if (row.is_active && row.product_stock !== null) {
        change.before = (change.before ?? 0) + line.quantity
      }
      change.variants.push({
        variantId: line.variantId,
        sku: line.sku,
        stock,
        before: stock + line.quantity,
      })
      const level = {
        stock,
        lowStockThreshold: threshold,
        crossedLowStock: stock <= threshold && stock + line.quantity > threshold,
      }
      sold.push({ ...line, itemId: Number(row.item_id), productId, level })
    }
    await emitAfterCommit(client, 'stock:changed', { changes: [...changes.values()] })
    for (const line of sold) {
      if (line.level.crossedLowStock) {
        await OrderEvents.stockLow(client, order, {
          productId: line.productId,
          stock: line.level.stock,
        })
      }
    }
    return sold
  },

  /**
   * Takes `quantity` units, or throws InsufficientStockError and takes
   * nothing.
   */
  async take(
    variantId: number,
    quantity: number,
    client: Client = db.connection(),
    source: MovementSource = { reason: 'sale' },
    product?: { productId: number; locked: boolean }
  ): Promise<StockLevel> {
    if (!product) {
      await StockService.lockProductOf(client, variantId)
    } else if (!product.locked) {
      await ProductSummary.lock(client, product.productId)
    }
    if (client.dialect.name === 'postgres') {
      const taken = await StockService.takeInOneStatement(client, variantId, quantity, source)
      if (taken) {
        return taken
      }
      throw await StockService.shortage(client, variantId, quantity)
    }
    const rows: VariantMoved[] = await client
      .from('product_variants')
      .where('id', variantId)
      .where('stock', '>=', quantity)
      .update(
        { stock: client.knexRawQuery('stock - ?', [quantity]), updated_at: dbTimestamp(client) },
        ['stock', 'low_stock_threshold', 'sku', 'is_active', 'product_id']
      )
    if (rows.length !== 1) {
      throw await StockService.shortage(client, variantId, quantity)
    }
    const stock = Number(rows[0].stock)
    const threshold = Number(rows[0].low_stock_threshold)
    await StockService.recorded(client, {
      variantId,
      productId: Number(rows[0].product_id),
      sku: rows[0].sku,
      quantity: -quantity,
      stockAfter: stock,
      active: Boolean(rows[0].is_active),
      source,
    })
    return {
      stock,
      lowStockThreshold: threshold,
      crossedLowStock: stock <= threshold && stock + quantity > threshold,
    }
  },

  /**
   * The 409 for a take that found too few units (or 422: no such variant).
   */
  async shortage(client: Client, variantId: number, quantity: number) {
    const variant = await readVariant(client, variantId)
    if (!variant) {
      return ApiError.unprocessable(`Variant ${variantId} does not exist`, 'items')
    }
    return new InsufficientStockError([
      {
        product_id: variant.product_id,
        variant_id: variant.id,
        sku: variant.sku,
        name: variantLabel(variant),
        requested: quantity,
        available: variant.stock,
      },
    ])
  },

  /**
   * PostgreSQL: the guarded decrement, its ledger row and the product's
   * units in one statement (data-modifying CTEs), one round trip per
   * order line instead of three; null when the variant has too few units
   * (nothing was written). The product's row is already locked by the
   * caller, as for the three statements.
   */
  async takeInOneStatement(
    client: Client,
    variantId: number,
    quantity: number,
    source: MovementSource
  ): Promise<StockLevel | null> {
    const now = dbTimestamp(client)
    const result = await client.rawQuery(
      `with v as (
         update product_variants set stock = stock - ?::integer, updated_at = ?::timestamptz
         where id = ?::integer and stock >= ?::integer
         returning id, product_id, sku, stock, low_stock_threshold, is_active
       ), m as (
         insert into stock_movements
           (variant_id, product_id, quantity, reason, order_id, user_id, note, stock_after, created_at)
         select id, product_id, ?::integer, ?::varchar, ?::integer, ?::integer, ?::varchar,
           stock, ?::timestamptz
         from v
       ), p as (
         update products set stock = stock - ?::integer, updated_at = ?::timestamptz
         where id = (select product_id from v where is_active)
         returning stock
       )
       select v.product_id, v.sku, v.stock, v.low_stock_threshold, v.is_active,
         (select stock from p) as product_stock
       from v`,
      [
        quantity,
        now,
        variantId,
        quantity,
        -quantity,
        source.reason,
        source.orderId ?? null,
        source.userId ?? null,
        source.note ?? null,
        now,
        quantity,
        now,
      ] as Array<string | number>
    )
    const row = (
      result as {
        rows: Array<{
          product_id: number
          sku: string
          stock: number
          low_stock_threshold: number
          is_active: boolean
          product_stock: number | null
        }>
      }
    ).rows[0]
    if (!row) {
      return null
    }
    const productId = Number(row.product_id)
    const stock = Number(row.stock)
    const threshold = Number(row.low_stock_threshold)
    let productStock = Number(row.product_stock)
    if (row.product_stock === null) {
      const unchanged = await ProductSummary.stockOf(client, productId)
      productStock = unchanged.after
    }
    await emitAfterCommit(client, 'stock:changed', {
      changes: [
        {
          productId,
          stock: productStock,
          before: row.product_stock === null ? productStock : productStock + quantity,
          variants: [{ variantId, sku: row.sku, stock, before: stock + quantity }],
        },
      ],
    })
    return {
      stock,
      lowStockThreshold: threshold,
      crossedLowStock: stock <= threshold && stock + quantity > threshold,
    }
  },

  /**
   * Puts `quantity` units back (a cancelled order, a return). From 0 to
   * positive, the product's back-in-stock requests end and their e-mails
   * are queued in this transaction (BackInStock.restocked).
   */
  async give(
    variantId: number,
    quantity: number,
    client: Client = db.connection(),
    source: MovementSource = { reason: 'cancellation' }
  ) {
    const productId = await StockService.lockProductOf(client, variantId)
    if (productId === null) {
      return 0
    }
    const rows: VariantMoved[] = await client
      .from('product_variants')
      .where('id', variantId)
      .update(
        { stock: client.knexRawQuery('stock + ?', [quantity]), updated_at: dbTimestamp(client) },
        ['stock', 'sku', 'is_active']
      )
    const stock = Number(rows[0].stock)
    await StockService.recorded(client, {
      variantId,
      productId,
      sku: rows[0].sku,
      quantity,
      stockAfter: stock,
      active: Boolean(rows[0].is_active),
      source,
    })
    return stock
  },

  /**
   * A staff movement, as one guarded statement: a delta that would take
   * the stock below 0 (or above MAX_STOCK_LEVEL) is refused with a 422, a
   * `set` whose `expected` level is stale with a 409 naming the current
   * level (issue 14, finding 7). Stock is never written from a value
   * read earlier. A `set` to the current level moves nothing and writes
   * no ledger row.
   */
  async adjust(
    variantId: number,
    movement: StockMovement,
    client: Client = db.connection(),
    source: MovementSource = { reason: 'adjustment' }
  ): Promise<StockAdjustment> {
    const productId = await StockService.lockProductOf(client, variantId)
    if (productId === null) {
      throw ApiError.notFound('Variant not found')
    }
    const query = client.from('product_variants').where('id', variantId)
    if ('delta' in movement) {
      query
        .whereRaw('stock + ? >= 0', [movement.delta])
        .whereRaw('stock + ? <= ?', [movement.delta, MAX_STOCK_LEVEL])
    } else {
      query.where('stock', movement.expected)
    }
    const rows: VariantMoved[] = await query.update(
      {
        stock:
          'delta' in movement ? client.knexRawQuery('stock + ?', [movement.delta]) : movement.set,
        updated_at: dbTimestamp(client),
      },
      ['stock', 'sku', 'is_active']
    )
    if (rows.length === 1) {
      const after = Number(rows[0].stock)
      const before = 'delta' in movement ? after - movement.delta : movement.expected
      if (after !== before) {
        await StockService.recorded(client, {
          variantId,
          productId,
          sku: rows[0].sku,
          quantity: after - before,
          stockAfter: after,
          active: Boolean(rows[0].is_active),
          source,
        })
      }
      return { before, after }
    }
    const variant = await readVariant(client, variantId)
    if (!variant) {
      throw ApiError.notFound('Variant not found')
    }
    if (!('delta' in movement)) {
      throw new StockChangedError(variant.stock, movement.expected)
    }
    if (variant.stock + movement.delta < 0) {
      throw ApiError.unprocessable(
        `The stock cannot go below 0: ${variant.stock} in stock, so the delta must be at least ${-variant.stock}`,
        'delta'
      )
    }
    throw ApiError.unprocessable(
      `The stock cannot exceed ${MAX_STOCK_LEVEL}: ${variant.stock} in stock, so the delta must be at most ${MAX_STOCK_LEVEL - variant.stock}`,
      'delta'
    )
  },

  /**
   * The opening balance of a variant created with stock (the `initial`
   * ledger row), in the variant's transaction.
   */
  async opened(
    client: Client,
    variant: { id: number; productId: number; sku: string; stock: number },
    source: MovementSource = { reason: 'initial' }
  ) {
    if (variant.stock > 0) {
      await StockService.recorded(client, {
        variantId: variant.id,
        productId: variant.productId,
        sku: variant.sku,
        quantity: variant.stock,
        stockAfter: variant.stock,
        active: null,
        source,
      })
    } else {
      await ProductSummary.refresh(client, variant.productId)
    }
  },

  /**
   * The product of a variant, its row locked (null: no such variant).
   */
  async lockProductOf(client: Client, variantId: number): Promise<number | null> {
    const row = await client
      .from('product_variants')
      .where('id', variantId)
      .select('product_id')
      .first()
    if (!row) {
      return null
    }
    const productId = Number(row.product_id)
    await ProductSummary.lock(client, productId)
    return productId
  },

  /**
   * After a variant's stock moved: its ledger row, the product's summary
   * (`active`: the variant's units count in it, moved with one statement;
   * false: unchanged; null, a new variant: recomputed whole),
   * `stock:changed` after commit, and back-in-stock requests when the
   * variant, or the product, went from none in stock to some.
   */
  async recorded(
    client: Client,
    change: {
      variantId: number
      productId: number
      sku: string
      quantity: number
      stockAfter: number
      active: boolean | null
      source: MovementSource
    }
  ) {
    await client.table('stock_movements').insert({
      variant_id: change.variantId,
      product_id: change.productId,
      quantity: change.quantity,
      reason: change.source.reason,
      order_id: change.source.orderId ?? null,
      user_id: change.source.userId ?? null,
      note: change.source.note ?? null,
      stock_after: change.stockAfter,
      created_at: dbTimestamp(client),
    })
    const summary =
      change.active === null
        ? await ProductSummary.refresh(client, change.productId, { withBefore: true })
        : change.active
          ? await ProductSummary.moveStock(client, change.productId, change.quantity)
          : await ProductSummary.stockOf(client, change.productId)
    await emitAfterCommit(client, 'stock:changed', {
      changes: [
        {
          productId: change.productId,
          stock: summary.after,
          before: summary.before,
          variants: [
            {
              variantId: change.variantId,
              sku: change.sku,
              stock: change.stockAfter,
              before: change.stockAfter - change.quantity,
            },
          ],
        },
      ],
    })
    // Back-in-stock requests: the variant's when it went from none to
    // some (any movement: a restock, a cancellation, a return, an import),
    // the product-level ones when its active variants together did.
    const variantCameBack =
      change.quantity > 0 && change.stockAfter > 0 && change.stockAfter - change.quantity <= 0
    const productCameBack = summary.before !== null && summary.before <= 0 && summary.after > 0
    if (variantCameBack || productCameBack) {
      await BackInStock.restocked(client, {
        productId: change.productId,
        variantId: variantCameBack ? change.variantId : null,
        product: productCameBack,
      })
    }
  },
}
