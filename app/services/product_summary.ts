import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { dbTimestamp } from '#services/db_time'

type Client = QueryClientContract | TransactionClientContract

/**
 * The product's summary columns, recomputed from its variants in the
 * transaction of the variant change (issue 17, item 2): `price` and
 * `max_price` are the lowest and highest price of its active variants (of
 * all of them when none is active), `stock` the units of its active
 * variants together. The catalog filters and sorts on these indexed
 * columns, and checks the one variant that matches when it must.
 */
export const ProductSummary = {
  /**
   * Returns the product's stock before (when `withBefore`) and after.
   */
  async refresh(
    client: Client,
    productId: number,
    options: { withBefore?: boolean } = {}
  ): Promise<{ before: number | null; after: number }> {
    const active = client.dialect.name === 'postgres' ? 'v.is_active' : 'v.is_active = 1'
    const before = options.withBefore
      ? await client.from('products').where('id', productId).select('stock').first()
      : null
    const of = (aggregate: string, onlyActive: boolean) =>
      `(select ${aggregate} from product_variants v where v.product_id = products.id${onlyActive ? ` and ${active}` : ''})`
    await client.rawQuery(
      `update products set
        price = coalesce(${of('min(v.price)', true)}, ${of('min(v.price)', false)}, price),
        max_price = coalesce(${of('max(v.price)', true)}, ${of('max(v.price)', false)}, max_price, price),
        stock = coalesce(${of('sum(v.stock)', true)}, 0),
        updated_at = ?
      where id = ?`,
      [dbTimestamp(client), productId]
    )
    const after = await client.from('products').where('id', productId).select('stock').first()
    return { before: before ? Number(before.stock) : null, after: Number(after?.stock ?? 0) }
  },

  /**
   * The product's units after an ACTIVE variant's stock moved by `delta`:
   * one statement, the price range unchanged (a sale, a cancellation, an
   * adjustment). Exact because the summary was: every change of a
   * variant's price or active flag refreshes it whole.
   */
  async moveStock(
    client: Client,
    productId: number,
    delta: number
  ): Promise<{ before: number; after: number }> {
    const rows: Array<{ stock: number }> = await client
      .from('products')
      .where('id', productId)
      .update(
        { stock: client.knexRawQuery('stock + ?', [delta]), updated_at: dbTimestamp(client) },
        ['stock']
      )
    const after = Number(rows[0]?.stock ?? 0)
    return { before: after - delta, after }
  },

  /**
   * The product's units, unchanged (an inactive variant's stock moved).
   */
  async stockOf(client: Client, productId: number): Promise<{ before: number; after: number }> {
    const row = await client.from('products').where('id', productId).select('stock').first()
    const stock = Number(row?.stock ?? 0)
    return { before: stock, after: stock }
  },

  /**
   * The product row locked until the transaction ends (PostgreSQL; SQLite
   * serializes writers). Every write to a product's variants takes this
   * lock first, as checkout does for its products in id order, so two
   * writers never hold a variant and wait for each other's product.
   */
  async lock(client: Client, productId: number) {
    await ProductSummary.lockAll(client, [productId])
  },

  /**
   * Several product rows locked in id order (a cancelled order's lines,
   * like checkout's), so two writers never wait for each other.
   */
  async lockAll(client: Client, productIds: number[]) {
    if (client.dialect.name !== 'postgres' || !client.isTransaction || !productIds.length) {
      return
    }
    const ids = [...new Set(productIds)].sort((a, b) => a - b)
    await client.from('products').whereIn('id', ids).orderBy('id').select('id').forUpdate()
  },
}
