import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Product from '#models/product'
import ProductVariant from '#models/product_variant'
import Promotion from '#models/promotion'
import ShippingMethod from '#models/shipping_method'
import ShippingZone from '#models/shipping_zone'
import TaxRate from '#models/tax_rate'
import type User from '#models/user'
import type { PromotionEffect, PromotionTarget, RateType, WeightBand } from '#domain/pricing'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { clearPricingCache } from '#services/pricing_service'
import { ShopSettingsService, clearShopSettingsCache } from '#services/shop_settings_service'
import { jwtSigner } from '#config/auth'

/**
 * Pricing rules (issue 19) written straight with the models, for tests
 * that exercise the quote and checkout rather than the staff API. The
 * models raise no `pricing:changed`: every helper here clears the pricing
 * cache itself once its row is stored, so the next quote reads it (the
 * in-process server shares this process's cache; on PostgreSQL + Redis
 * the tag clears the L2 as well).
 */

export async function createZone(name: string, countries: string[]) {
  const zone = await ShippingZone.create({ name, countries })
  await clearPricingCache()
  return zone
}

export interface MethodSeed {
  name?: string
  deliveryEstimate?: string
  rateType?: RateType
  price?: number
  freeOver?: number | null
  weightBands?: WeightBand[]
  isActive?: boolean
  position?: number
}

export async function createMethod(zone: ShippingZone | number, seed: MethodSeed = {}) {
  const method = await ShippingMethod.create({
    zoneId: typeof zone === 'number' ? zone : zone.id,
    name: seed.name ?? 'Standard',
    deliveryEstimate: seed.deliveryEstimate ?? '2-4 days',
    rateType: seed.rateType ?? 'flat',
    price: seed.price ?? 490,
    freeOver: seed.freeOver ?? null,
    weightBands: seed.weightBands ?? [],
    isActive: seed.isActive ?? true,
    position: seed.position ?? 0,
  })
  await clearPricingCache()
  return method
}

/**
 * A tax rate; `rateBp` in basis points (2000 is 20%).
 */
export async function createTaxRate(
  country: string,
  rateBp: number,
  options: { taxClass?: string; name?: string } = {}
) {
  const rate = await TaxRate.create({
    country,
    taxClass: options.taxClass ?? 'standard',
    name: options.name ?? `VAT ${rateBp / 100}%`,
    rateBp,
  })
  await clearPricingCache()
  return rate
}

export interface PromotionSeed {
  name?: string
  /**
   * Stored upper case; null (the default) for an automatic promotion.
   */
  code?: string | null
  isActive?: boolean
  effect?: PromotionEffect
  /**
   * percentage: basis points (1000 is 10%); fixed: minor units.
   */
  value?: number
  target?: PromotionTarget
  productIds?: number[]
  categoryIds?: number[]
  variantIds?: number[]
  minSubtotal?: number | null
  firstOrderOnly?: boolean
  startsAt?: DateTime | null
  endsAt?: DateTime | null
  usageLimit?: number | null
  perCustomerLimit?: number | null
  timesUsed?: number
}

export async function createPromotion(seed: PromotionSeed = {}) {
  const promotion = await Promotion.create({
    name: seed.name ?? (seed.code ? `Code ${seed.code}` : 'Automatic promotion'),
    code: seed.code ? seed.code.toUpperCase() : null,
    isActive: seed.isActive ?? true,
    effect: seed.effect ?? 'percentage',
    value: seed.value ?? (seed.effect === 'free_shipping' ? 0 : 1000),
    target: seed.target ?? 'order',
    productIds: seed.productIds ?? [],
    categoryIds: seed.categoryIds ?? [],
    variantIds: seed.variantIds ?? [],
    minSubtotal: seed.minSubtotal ?? null,
    firstOrderOnly: seed.firstOrderOnly ?? false,
    startsAt: seed.startsAt ?? null,
    endsAt: seed.endsAt ?? null,
    usageLimit: seed.usageLimit ?? null,
    perCustomerLimit: seed.perCustomerLimit ?? null,
    timesUsed: seed.timesUsed ?? 0,
  })
  await clearPricingCache()
  return promotion
}

/**
 * The shop's tax mode, changed the way staff change it (the service, so
 * the settings cache is cleared); cleared again here so the next request
 * reads it whatever the after-commit listeners are doing.
 */
export async function setPricesIncludeTax(value: boolean) {
  await new ShopSettingsService().update({ pricesIncludeTax: value }, null)
  await clearShopSettingsCache()
  await clearPricingCache()
}

export interface SellableSeed {
  price: number
  stock?: number
  weightGrams?: number | null
  taxClass?: string
  categoryId?: number | null
}

/**
 * An active product in stock with its default variant, the variant
 * weighing `weightGrams`; returns both.
 */
export async function createSellable(seed: SellableSeed) {
  const product = await ProductFactory.merge({
    price: seed.price,
    stock: seed.stock ?? 100,
    taxClass: seed.taxClass ?? 'standard',
    categoryId: seed.categoryId ?? null,
  }).create()
  const variant = await ProductVariant.query()
    .where('product_id', product.id)
    .orderBy('id')
    .firstOrFail()
  if (seed.weightGrams !== undefined) {
    await db
      .from('product_variants')
      .where('id', variant.id)
      .update({ weight_grams: seed.weightGrams })
    variant.weightGrams = seed.weightGrams
  }
  return { product: product as Product, variant }
}

/**
 * Customers whose profile address is in `country` (so a checkout without
 * `shipping_address` ships there), each with a signed access token.
 */
export async function customersIn(country: string, count: number) {
  const users: User[] = await UserFactory.merge({ addressCountry: country }).createMany(count)
  return Promise.all(
    users.map(async (user) => ({ user, token: (await jwtSigner.sign(user)).value }))
  )
}
