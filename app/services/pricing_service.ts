import app from '@adonisjs/core/services/app'
import cache from '@adonisjs/cache/services/main'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import type { OrdersConfig } from '#config/orders'
import { ApiError } from '#exceptions/api_error'
import { mergeLines, type Line } from '#domain/cart_lines'
import {
  normalizeCode,
  priceOrder,
  promotionRefusal,
  shippingMessage,
  type CustomerHistory,
  type PricingLine,
  type PromotionRule,
  type Quote,
  type ShippingMethodRule,
  type TaxRateRule,
  type WeightBand,
} from '#domain/pricing'
import {
  LineVariants,
  variantsForSale,
  type LineRequest,
  type VariantForSale,
} from '#services/line_variants'
import { currentShopSettings } from '#services/shop_settings_service'
import { dbTimestamp } from '#services/db_time'
import { jsonColumn } from '#models/json_column'
import { readTogether } from '#services/read_together'

type Client = QueryClientContract | TransactionClientContract

/**
 * The cache tag of the pricing rules (zones, methods, tax rates,
 * promotions).
 */
export const PRICING_TAG = 'pricing'

/**
 * Drops the cached pricing rules on every instance (the cache's bus
 * carries the tag). Called by the `pricing:changed` listener once a
 * change committed.
 */
export async function clearPricingCache() {
  try {
    await cache.deleteByTag({ tags: [PRICING_TAG] })
  } catch (error) {
    logger.warn({ err: error }, 'pricing cache invalidation could not reach every layer')
  }
}

/**
 * The rules that price an order to one country.
 */
export interface PricingRules {
  shippingZonesExist: boolean
  /**
   * The countries some zone holds (a zone may have no method yet).
   */
  zoneCountries: string[]
  shippingMethods: ShippingMethodRule[]
  taxRates: TaxRateRule[]
  /**
   * The active automatic promotions (coupon codes are read per request).
   */
  promotions: PromotionRule[]
}

/**
 * What a quote or a checkout prices: the lines (the cart's, or the
 * body's), where they go, how, and with which code.
 */
export interface PricingRequest {
  items?: LineRequest[]
  country: string | null
  shippingMethodId: number | null
  couponCode: string | null
}

/**
 * A quote with what it was computed from: the lines and their variants
 * (names, SKUs, stock), the currency.
 */
export interface PricedLines {
  quote: Quote
  currency: string
  lines: Line[]
  variants: Map<number, VariantForSale>
  country: string | null
  /**
   * Every promotion the quote considered, by id (the automatic ones and
   * the code's).
   */
  promotions: Map<number, PromotionRule>
}

/**
 * A stored timestamp as epoch milliseconds: PostgreSQL hands over a Date,
 * SQLite the UTC text Lucid wrote ("2026-11-26 10:00:00").
 */
const epoch = (value: unknown): number | null => {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.getTime()
  const text = String(value).trim().replace(' ', 'T')
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`
  const time = new Date(zoned).getTime()
  return Number.isNaN(time) ? null : time
}

/**
 * A JSON text column of a raw row, read as the models read it.
 */
const json = <T>(value: unknown, empty: T): T =>
  jsonColumn<T>(empty).consume(value as string | T | null)

const optionalNumber = (value: unknown) =>
  value === null || value === undefined ? null : Number(value)

function promotionRule(row: Record<string, unknown>): PromotionRule {
  return {
    id: Number(row.id),
    name: String(row.name),
    code: (row.code as string | null) ?? null,
    isActive: Boolean(row.is_active),
    effect: row.effect as PromotionRule['effect'],
    value: Number(row.value),
    target: row.target as PromotionRule['target'],
    productIds: json<number[]>(row.product_ids, []).map(Number),
    categoryIds: json<number[]>(row.category_ids, []).map(Number),
    variantIds: json<number[]>(row.variant_ids, []).map(Number),
    minSubtotal: optionalNumber(row.min_subtotal),
    firstOrderOnly: Boolean(row.first_order_only),
    startsAt: epoch(row.starts_at),
    endsAt: epoch(row.ends_at),
    usageLimit: optionalNumber(row.usage_limit),
    perCustomerLimit: optionalNumber(row.per_customer_limit),
    timesUsed: Number(row.times_used),
  }
}

/**
 * Whether a promotion's use must be counted under a lock: it has a limit,
 * or a condition on the customer's history.
 */
function isGuarded(promotion: PromotionRule) {
  return (
    promotion.usageLimit !== null || promotion.perCustomerLimit !== null || promotion.firstOrderOnly
  )
}

/**
 * The queries the rules for `country` are read from (one round trip on
 * PostgreSQL with readTogether; checkout adds its own reads to the same
 * statement): every zone and shipping method (a handful of rows; the
 * methods of the country's zones are kept), the country's tax rates, the
 * active automatic promotions.
 */
export function ruleQueries(client: Client, country: string | null) {
  return {
    zones: client.from('shipping_zones').select('id', 'name', 'countries'),
    methods: client.from('shipping_methods').select('*'),
    taxRates: client
      .from('tax_rates')
      .where('country', country ?? '')
      .select('id', 'country', 'tax_class', 'name', 'rate_bp'),
    promotions: client.from('promotions').whereNull('code').where('is_active', true).select('*'),
  }
}

/**
 * The rules for `country` from what `ruleQueries` read.
 */
export function rulesFrom(
  rows: Record<keyof ReturnType<typeof ruleQueries>, Record<string, unknown>[]>,
  country: string | null
): PricingRules {
  const allZones = rows.zones
    .map((zone) => ({
      id: Number(zone.id),
      name: String(zone.name),
      countries: json<string[]>(zone.countries, []),
    }))
    .sort((a, b) => a.id - b.id)
  const zoneOf = new Map(
    allZones
      .filter((zone) => country !== null && zone.countries.includes(country))
      .map((zone) => [zone.id, zone])
  )
  return {
    shippingZonesExist: allZones.length > 0,
    zoneCountries: [...new Set(allZones.flatMap((zone) => zone.countries))],
    shippingMethods: rows.methods
      .filter((row) => zoneOf.has(Number(row.zone_id)))
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((row) => {
        const zone = zoneOf.get(Number(row.zone_id))!
        return {
          id: Number(row.id),
          zoneId: zone.id,
          zoneName: zone.name,
          countries: zone.countries,
          name: String(row.name),
          deliveryEstimate: String(row.delivery_estimate ?? ''),
          rateType: row.rate_type as ShippingMethodRule['rateType'],
          price: Number(row.price),
          freeOver: optionalNumber(row.free_over),
          weightBands: json<WeightBand[]>(row.weight_bands, []).map((band) => ({
            maxGrams: band.maxGrams === null ? null : Number(band.maxGrams),
            price: Number(band.price),
          })),
          isActive: Boolean(row.is_active),
          position: Number(row.position),
        }
      }),
    taxRates: (country === null ? [] : rows.taxRates)
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((row) => ({
        id: Number(row.id),
        country: row.country as string,
        taxClass: row.tax_class as TaxRateRule['taxClass'],
        name: row.name as string,
        rateBp: Number(row.rate_bp),
      })),
    promotions: rows.promotions.map(promotionRule).sort((a, b) => a.id - b.id),
  }
}

/**
 * Prices orders (issue 19): the quote endpoint and checkout read the same
 * rules and call the same calculator (#domain/pricing), so the numbers a
 * customer was quoted are the numbers checkout charges, or checkout says
 * they changed.
 */
export class PricingService {
  /**
   * The rules for `country` (every country when null: the shipping
   * methods are filtered by the calculator). Cached under the `pricing`
   * tag, cleared after every staff change; checkout reads them in its
   * transaction instead (`fresh`), so a change committed a moment ago
   * already counts.
   */
  async rules(country: string | null, client?: Client, fresh = false): Promise<PricingRules> {
    if (fresh) {
      return this.readRules(country, client ?? db.connection())
    }
    return cache.getOrSet({
      key: `pricing:rules:${country ?? '-'}`,
      tags: [PRICING_TAG],
      ttl: '10m',
      factory: () => this.readRules(country, client ?? db.connection()),
    })
  }

  private async readRules(country: string | null, client: Client): Promise<PricingRules> {
    return rulesFrom(await readTogether(client, ruleQueries(client, country)), country)
  }

  /**
   * The quote for the user's cart (or the lines in the body): every
   * amount, the shipping methods that apply, why a code was refused.
   * Prices and promotion counters are read as they are now; the rules
   * come from the cache.
   */
  async quote(user: User, request: PricingRequest): Promise<PricedLines> {
    const lines = request.items
      ? mergeLines(await LineVariants.resolve(db.connection(), request.items))
      : await this.cartLines(db.connection(), user.id)
    if (!lines.length) {
      throw new ApiError(422, 'E_CART_EMPTY', 'The cart is empty', [
        { code: 'E_CART_EMPTY', message: 'The cart is empty', field: 'items' },
      ])
    }
    checkQuantities(lines)
    const rows = await variantsForSale(
      db.connection(),
      lines.map((line) => line.variantId)
    )
    const variants = new Map(rows.map((row) => [row.id, row]))
    assertForSale(lines, variants)
    return this.price(db.connection(), user, lines, variants, request, { fresh: false })
  }

  /**
   * Prices `lines` for `user` in `client` (checkout: its transaction,
   * with `fresh` rules). Promotion counters and the customer's history
   * are read now; `rules`, when given, are the rules for
   * `request.country` read by the caller (checkout reads them with its
   * own reads, in its transaction); `lock` (checkout on PostgreSQL) first locks the
   * promotions whose use is counted (limits, first order), in id order,
   * and prices again with what they hold once locked: concurrent checkouts
   * using one limited promotion queue on its row, and each sees the uses
   * committed before it.
   */
  async price(
    client: Client,
    user: User,
    lines: Line[],
    variants: Map<number, VariantForSale>,
    request: PricingRequest,
    options: { fresh: boolean; lock?: boolean; rules?: PricingRules }
  ): Promise<PricedLines> {
    const country = request.country
    // One after the other: a transaction runs one query at a time.
    const { currency, pricesIncludeTax } = await currentShopSettings(client)
    const rules = options.rules ?? (await this.rules(country, client, options.fresh))
    const couponCode = request.couponCode === null ? null : normalizeCode(request.couponCode)
    let promotions = [...rules.promotions]
    if (couponCode !== null) {
      const coded = await this.codedPromotion(couponCode, client, options.fresh)
      if (coded) promotions.push(coded)
    }
    const pricingLines: PricingLine[] = lines.map((line) => {
      const variant = variants.get(line.variantId)!
      return {
        variantId: variant.id,
        productId: variant.product_id,
        categoryId: variant.category_id,
        quantity: line.quantity,
        unitPrice: Number(variant.price),
        weightGrams: variant.weight_grams ?? 0,
        taxClass: variant.tax_class,
      }
    })
    const now = Date.now()
    let customer = await this.history(client, user.id, promotions)
    promotions = await this.withCounters(client, promotions)
    if (options.lock && promotions.some(isGuarded)) {
      // Counters only grow (uses are not given back), so a counted
      // promotion refused now stays refused: lock the others (and the
      // code's), in id order, then read their counters and the customer's
      // history again. Pricing then considers only what is locked or not
      // counted, so every counted use it applies is one this transaction
      // holds the row of.
      const subtotal = pricingLines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0)
      const locked = promotions.filter(
        (promotion) =>
          isGuarded(promotion) &&
          (promotion.code === couponCode ||
            promotionRefusal(promotion, pricingLines, subtotal, customer, now) === null)
      )
      if (locked.length && client.dialect.name === 'postgres') {
        await client
          .from('promotions')
          .whereIn(
            'id',
            locked.map((promotion) => promotion.id)
          )
          .orderBy('id')
          .select('id')
          .forUpdate()
      }
      promotions = promotions.filter(
        (promotion) => !isGuarded(promotion) || locked.includes(promotion)
      )
      promotions = await this.withCounters(client, promotions)
      customer = await this.history(client, user.id, promotions)
    }
    const quote = priceOrder({
      lines: pricingLines,
      country,
      pricesIncludeTax,
      taxRates: rules.taxRates,
      shippingMethods: rules.shippingMethods,
      shippingZonesExist: rules.shippingZonesExist,
      zoneCountries: rules.zoneCountries,
      shippingMethodId: request.shippingMethodId,
      promotions,
      couponCode,
      customer,
      now,
    })
    return {
      quote,
      currency,
      lines,
      variants,
      country,
      promotions: new Map(promotions.map((promotion) => [promotion.id, promotion])),
    }
  }

  /**
   * The promotion a code names, or null: cached under the `pricing` tag
   * for quotes (its counters are read again by `withCounters`), read in
   * the transaction for checkout.
   */
  private async codedPromotion(
    code: string,
    client: Client,
    fresh: boolean
  ): Promise<PromotionRule | null> {
    const read = async () => {
      const row = await client.from('promotions').where('code', code).first()
      return row ? promotionRule(row) : null
    }
    if (fresh) return read()
    // Only codes that exist are kept: random codes fill no cache.
    const key = `pricing:code:${code}`
    const cached = await cache.get<PromotionRule>({ key })
    if (cached) return cached
    const found = await read()
    if (found) await cache.set({ key, value: found, tags: [PRICING_TAG], ttl: '1m' })
    return found
  }

  /**
   * The promotions with their use counters as stored now (the cached
   * rules' counters may be behind): one query for those with a limit.
   */
  private async withCounters(client: Client, promotions: PromotionRule[]) {
    const limited = promotions.filter((promotion) => promotion.usageLimit !== null)
    if (!limited.length) return promotions
    const rows = await client
      .from('promotions')
      .whereIn(
        'id',
        limited.map((promotion) => promotion.id)
      )
      .select('id', 'times_used', 'usage_limit')
    const now = new Map(rows.map((row) => [Number(row.id), row]))
    return promotions.map((promotion) => {
      const row = now.get(promotion.id)
      return row
        ? {
            ...promotion,
            timesUsed: Number(row.times_used),
            usageLimit: optionalNumber(row.usage_limit),
          }
        : promotion
    })
  }

  /**
   * What the calculator needs of the customer's past, read only when a
   * promotion asks: earlier orders (not cancelled) for a first-order
   * promotion, uses per promotion for a per-customer limit.
   */
  private async history(
    client: Client,
    userId: number,
    promotions: PromotionRule[]
  ): Promise<CustomerHistory> {
    let placedOrders = 0
    if (promotions.some((promotion) => promotion.firstOrderOnly)) {
      const row = await client
        .from('orders')
        .where('user_id', userId)
        .whereNot('status', 'cancelled')
        .select(client.raw('1 as placed'))
        .first()
      placedOrders = row ? 1 : 0
    }
    const usesByPromotion = new Map<number, number>()
    const perCustomer = promotions.filter((promotion) => promotion.perCustomerLimit !== null)
    if (perCustomer.length) {
      const rows = await client
        .from('promotion_redemptions')
        .where('user_id', userId)
        .whereIn(
          'promotion_id',
          perCustomer.map((promotion) => promotion.id)
        )
        .groupBy('promotion_id')
        .select('promotion_id')
        .count('* as uses')
      for (const row of rows) usesByPromotion.set(Number(row.promotion_id), Number(row.uses))
    }
    return { placedOrders, usesByPromotion }
  }

  /**
   * In the checkout's transaction, after the order row exists: counts the
   * applied promotions' uses (a guarded increment for those with a total
   * limit: the lock taken by `price` makes it hold, and the table's CHECK
   * backs it up) and records one redemption per promotion and order.
   */
  async redeem(
    trx: TransactionClientContract,
    userId: number,
    orderId: number,
    priced: PricedLines
  ) {
    const amounts = new Map<number, number>()
    for (const discount of priced.quote.discounts) {
      amounts.set(discount.promotionId, (amounts.get(discount.promotionId) ?? 0) + discount.amount)
    }
    if (!amounts.size) return
    const ids = [...amounts.keys()].sort((a, b) => a - b)
    for (const id of ids) {
      const promotion = priced.promotions.get(id)
      if (promotion?.usageLimit === null || promotion?.usageLimit === undefined) continue
      const updated = await trx
        .from('promotions')
        .where('id', id)
        .whereRaw('times_used < usage_limit')
        .increment('times_used', 1)
      const count = Array.isArray(updated) ? updated.length : Number(updated)
      if (!count) {
        throw new ApiError(
          409,
          'E_PROMOTION_EXHAUSTED',
          'A promotion ran out while the order was placed; try again',
          [
            {
              code: 'E_PROMOTION_EXHAUSTED',
              message: `The promotion "${promotion.name}" has been used as often as it may be; try again`,
              promotion_id: id,
            },
          ]
        )
      }
    }
    const createdAt = dbTimestamp(trx)
    await trx.table('promotion_redemptions').multiInsert(
      ids.map((id) => ({
        promotion_id: id,
        user_id: userId,
        order_id: orderId,
        amount: amounts.get(id)!,
        created_at: createdAt,
      }))
    )
  }

  /**
   * The cart's lines; `lock` (checkout) locks the cart row on PostgreSQL
   * so two checkouts of the same cart cannot both turn it into an order.
   */
  async cartLines(client: Client, userId: number, lock = false): Promise<Line[]> {
    if (lock && client.dialect.name === 'postgres') {
      await client.from('carts').where('user_id', userId).select('id').forUpdate().first()
    }
    // The lines in one statement (the cart row is one per user).
    const rows = await client
      .from('cart_items')
      .join('carts', 'carts.id', 'cart_items.cart_id')
      .where('carts.user_id', userId)
      .select('cart_items.variant_id', 'cart_items.quantity')
    return mergeLines(
      rows.map((row) => ({ variantId: Number(row.variant_id), quantity: Number(row.quantity) }))
    )
  }
}

/**
 * A 422 for a line over the per-line quantity cap.
 */
export function checkQuantities(lines: Line[]) {
  const maxQuantity = app.config.get<OrdersConfig>('orders').maxQuantityPerLine
  for (const line of lines) {
    if (line.quantity > maxQuantity) {
      throw ApiError.unprocessable(
        `At most ${maxQuantity} units of one variant per order (variant ${line.variantId})`,
        'items'
      )
    }
  }
}

/**
 * A 422 naming every line whose variant does not exist or is not for
 * sale.
 */
export function assertForSale(lines: Line[], variants: Map<number, VariantForSale>) {
  const unavailable = lines.filter((line) => {
    const variant = variants.get(line.variantId)
    return !variant || !variant.is_active || !variant.product_active
  })
  if (unavailable.length) {
    throw new ApiError(
      422,
      'E_VALIDATION_ERROR',
      'Some products do not exist or are not for sale',
      unavailable.map((line) => ({
        code: 'E_PRODUCT_UNAVAILABLE',
        message: `Variant ${line.variantId} does not exist or is not for sale`,
        field: 'items',
        variant_id: line.variantId,
        product_id: variants.get(line.variantId)?.product_id ?? null,
      }))
    )
  }
}

/**
 * The 422 of an order that cannot ship as asked.
 */
export function shippingUnavailable(quote: Quote, country: string | null) {
  const reason = quote.shippingRefusal!
  const message = shippingMessage(reason, country)
  return new ApiError(422, 'E_SHIPPING_UNAVAILABLE', message, [
    {
      code: 'E_SHIPPING_UNAVAILABLE',
      message,
      field:
        reason === 'address_required' || reason === 'no_zone'
          ? 'shipping_address'
          : 'shipping_method_id',
      reason,
    },
  ])
}
