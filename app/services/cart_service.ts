import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { OrdersConfig } from '#config/orders'
import type { CatalogConfig } from '#config/catalog'
import { ApiError } from '#exceptions/api_error'
import { InsufficientStockError, variantLabel } from '#services/stock_service'
import {
  LineVariants,
  variantsForSale,
  type LineRequest,
  type VariantForSale,
} from '#services/line_variants'
import { dbTimestamp } from '#services/db_time'
import { MAX_LINE_TOTAL, MAX_ORDER_TOTAL, toDecimalString } from '#services/money'
import { serializeCart, type CartRow } from '#serializers/cart_serializer'

const NOT_IN_CART = 'This variant is not in the cart'

function ordersConfig() {
  return app.config.get<OrdersConfig>('orders')
}

/**
 * The signed-in user's cart: one row per user, one line per variant,
 * quantities changed with single statements so two tabs adding the same
 * product at once add up instead of failing.
 */
export class CartService {
  /**
   * The cart with current prices and stock; lines whose variant is now
   * short (or no longer sold) are flagged, not dropped.
   */
  async show(userId: number) {
    const rows: CartRow[] = await db
      .from('cart_items')
      .join('carts', 'carts.id', 'cart_items.cart_id')
      .join('product_variants', 'product_variants.id', 'cart_items.variant_id')
      .join('products', 'products.id', 'product_variants.product_id')
      .where('carts.user_id', userId)
      .orderBy('cart_items.id')
      .select(
        'cart_items.variant_id',
        'product_variants.product_id',
        'cart_items.quantity',
        'products.name',
        'products.slug',
        'product_variants.sku',
        'product_variants.title',
        'product_variants.price',
        'product_variants.stock',
        'products.is_active',
        'product_variants.is_active as variant_active'
      )
    return serializeCart(rows, app.config.get<CatalogConfig>('catalog').currency)
  }

  /**
   * Adds `quantity` units of a variant (named by id, SKU, or a product
   * with one variant) to the existing line, if any. 201 when the line is
   * new.
   */
  async addItem(
    userId: number,
    request: Omit<LineRequest, 'quantity'>,
    quantity: number
  ): Promise<{ created: boolean }> {
    return db.transaction(async (trx) => {
      const [{ variantId }] = await LineVariants.resolve(trx, [{ ...request, quantity }], {
        field: () => '',
      })
      const product = await this.sellableVariant(variantId, trx)
      const cartId = await this.cartIdFor(userId, trx)
      const existing = await trx
        .from('cart_items')
        .where({ cart_id: cartId, variant_id: variantId })
        .select('quantity')
        .first()
      const now = dbTimestamp(trx)
      await trx
        .knexQuery()
        .table('cart_items')
        .insert({
          cart_id: cartId,
          product_id: product.product_id,
          variant_id: variantId,
          quantity,
          created_at: now,
          updated_at: now,
        })
        .onConflict(['cart_id', 'variant_id'])
        .merge({
          quantity: trx.knexRawQuery('cart_items.quantity + excluded.quantity'),
          updated_at: now,
        })
      const line = await trx
        .from('cart_items')
        .where({ cart_id: cartId, variant_id: variantId })
        .select('quantity')
        .first()
      this.assertQuantity(line.quantity, product)
      await this.assertTotals(cartId, product, line.quantity, trx)
      return { created: !existing }
    })
  }

  /**
   * Sets a line's quantity; 0 removes it. 404 when the variant is not in
   * the cart.
   */
  async setQuantity(userId: number, variantId: number, quantity: number) {
    if (quantity === 0) {
      await this.removeItem(userId, variantId)
      return
    }
    await db.transaction(async (trx) => {
      const cartId = await this.existingCartId(userId, trx)
      const updated = await trx
        .from('cart_items')
        .where({ cart_id: cartId ?? 0, variant_id: variantId })
        .update({ quantity, updated_at: dbTimestamp(trx) })
      if (Number(updated) !== 1) {
        throw ApiError.notFound(NOT_IN_CART)
      }
      const product = await this.sellableVariant(variantId, trx)
      this.assertQuantity(quantity, product)
      await this.assertTotals(cartId!, product, quantity, trx)
    })
  }

  async removeItem(userId: number, variantId: number) {
    const cartId = await this.existingCartId(userId)
    const deleted = await db
      .from('cart_items')
      .where({ cart_id: cartId ?? 0, variant_id: variantId })
      .delete()
    if (Number(deleted) !== 1) {
      throw ApiError.notFound(NOT_IN_CART)
    }
  }

  async clear(userId: number) {
    const cartId = await this.existingCartId(userId)
    if (cartId) {
      await db.from('cart_items').where('cart_id', cartId).delete()
    }
  }

  private async existingCartId(userId: number, client?: TransactionClientContract) {
    const cart = await (client ?? db).from('carts').where('user_id', userId).select('id').first()
    return cart ? (cart.id as number) : null
  }

  /**
   * The user's cart id, creating the cart on first use (race-free: the
   * unique user_id decides).
   */
  private async cartIdFor(userId: number, trx: TransactionClientContract): Promise<number> {
    const now = dbTimestamp(trx)
    await trx
      .knexQuery()
      .table('carts')
      .insert({ user_id: userId, created_at: now, updated_at: now })
      .onConflict('user_id')
      .ignore()
    const cart = await trx.from('carts').where('user_id', userId).select('id').firstOrFail()
    return cart.id
  }

  private async sellableVariant(variantId: number, trx: TransactionClientContract) {
    const [variant] = await variantsForSale(trx, [variantId])
    if (!variant || !variant.is_active || !variant.product_active) {
      throw ApiError.unprocessable(
        'This product (or variant) does not exist or is not for sale',
        'variant_id'
      )
    }
    return variant
  }

  /**
   * The line and the whole cart stay within the documented ceilings of an
   * order line and an order (issue 14, finding 10): a cart that could not
   * be checked out is refused when it is filled.
   */
  private async assertTotals(
    cartId: number,
    variant: VariantForSale,
    quantity: number,
    trx: TransactionClientContract
  ) {
    const lineTotal = Number(variant.price) * quantity
    if (lineTotal > MAX_LINE_TOTAL) {
      throw ApiError.unprocessable(
        `An order line may total at most ${toDecimalString(MAX_LINE_TOTAL)}: ${quantity} x ${toDecimalString(Number(variant.price))} of "${variantLabel(variant)}" is ${toDecimalString(lineTotal)}`,
        'quantity'
      )
    }
    const row = await trx
      .from('cart_items')
      .join('product_variants', 'product_variants.id', 'cart_items.variant_id')
      .join('products', 'products.id', 'product_variants.product_id')
      .where('cart_items.cart_id', cartId)
      .where('products.is_active', true)
      .where('product_variants.is_active', true)
      .select(trx.raw('coalesce(sum(product_variants.price * cart_items.quantity), 0) as total'))
      .first()
    const total = Number(row?.total ?? 0)
    if (total > MAX_ORDER_TOTAL) {
      throw ApiError.unprocessable(
        `An order may total at most ${toDecimalString(MAX_ORDER_TOTAL)}; with this line the cart would total ${toDecimalString(total)}`,
        'quantity'
      )
    }
  }

  private assertQuantity(quantity: number, variant: VariantForSale) {
    const max = ordersConfig().maxQuantityPerLine
    if (quantity > max) {
      throw ApiError.unprocessable(`At most ${max} units of one variant per order`, 'quantity')
    }
    if (quantity > Number(variant.stock)) {
      throw new InsufficientStockError([
        {
          product_id: Number(variant.product_id),
          variant_id: Number(variant.id),
          sku: variant.sku,
          name: variantLabel(variant),
          requested: quantity,
          available: Number(variant.stock),
        },
      ])
    }
  }
}
