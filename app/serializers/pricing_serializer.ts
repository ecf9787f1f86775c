import type ShippingZone from '#models/shipping_zone'
import type ShippingMethod from '#models/shipping_method'
import type TaxRate from '#models/tax_rate'
import type Promotion from '#models/promotion'
import { toDecimalString } from '#domain/money'
import { PROMOTION_EFFECTS, PROMOTION_TARGETS, RATE_TYPES } from '#domain/pricing'
import {
  arrayOf,
  boolean,
  dateTime,
  integer,
  money,
  nullable,
  object,
  ref,
  string,
} from '#serializers/json_schema'
import { isoTimestamp } from '#serializers/timestamp'

/**
 * The staff API's pricing rules (issue 19). Money is a decimal string,
 * rates and percentages a percent string with two decimals ("20.00",
 * "7.50"): basis points of a percent are hundredths, like cents.
 */
export const toPercentString = (basisPoints: number) => toDecimalString(basisPoints)

export function serializeShippingMethod(method: ShippingMethod) {
  return {
    id: method.id,
    zone_id: method.zoneId,
    name: method.name,
    delivery_estimate: method.deliveryEstimate,
    rate_type: method.rateType,
    price: toDecimalString(Number(method.price)),
    free_over: method.freeOver === null ? null : toDecimalString(Number(method.freeOver)),
    weight_bands: (method.weightBands ?? []).map((band) => ({
      max_grams: band.maxGrams,
      price: toDecimalString(band.price),
    })),
    is_active: Boolean(method.isActive),
    position: method.position,
    created_at: isoTimestamp(method.createdAt),
    updated_at: isoTimestamp(method.updatedAt),
  }
}

/**
 * A zone with its methods (by position, then id).
 */
export function serializeShippingZone(zone: ShippingZone, methods: ShippingMethod[] = []) {
  return {
    id: zone.id,
    name: zone.name,
    countries: zone.countries,
    methods: methods.map(serializeShippingMethod),
    created_at: isoTimestamp(zone.createdAt),
    updated_at: isoTimestamp(zone.updatedAt),
  }
}

export function serializeTaxRate(rate: TaxRate) {
  return {
    id: rate.id,
    country: rate.country,
    tax_class: rate.taxClass,
    name: rate.name,
    rate: toPercentString(rate.rateBp),
    created_at: isoTimestamp(rate.createdAt),
    updated_at: isoTimestamp(rate.updatedAt),
  }
}

/**
 * What a promotion has given so far: its redemptions and their amounts
 * (minor units).
 */
export interface PromotionUsage {
  redemptions: number
  discountGiven: number
}

export function serializePromotion(
  promotion: Promotion,
  usage: PromotionUsage = { redemptions: 0, discountGiven: 0 }
) {
  const value = Number(promotion.value)
  return {
    id: promotion.id,
    name: promotion.name,
    code: promotion.code,
    is_active: Boolean(promotion.isActive),
    effect: promotion.effect,
    percent_off: promotion.effect === 'percentage' ? toPercentString(value) : null,
    amount_off: promotion.effect === 'fixed' ? toDecimalString(value) : null,
    target: promotion.target,
    product_ids: promotion.productIds,
    category_ids: promotion.categoryIds,
    variant_ids: promotion.variantIds,
    min_subtotal:
      promotion.minSubtotal === null ? null : toDecimalString(Number(promotion.minSubtotal)),
    first_order_only: Boolean(promotion.firstOrderOnly),
    starts_at: promotion.startsAt ? isoTimestamp(promotion.startsAt) : null,
    ends_at: promotion.endsAt ? isoTimestamp(promotion.endsAt) : null,
    usage_limit: promotion.usageLimit,
    per_customer_limit: promotion.perCustomerLimit,
    times_used: promotion.timesUsed,
    redemptions: usage.redemptions,
    discount_given: toDecimalString(usage.discountGiven),
    created_at: isoTimestamp(promotion.createdAt),
    updated_at: isoTimestamp(promotion.updatedAt),
  }
}

const percent = {
  type: 'string',
  pattern: '^\\d{1,3}\\.\\d{2}$',
  examples: ['20.00', '7.50'],
}

const shippingMethodProperties = {
  id: integer,
  zone_id: integer,
  name: string,
  delivery_estimate: string,
  rate_type: { type: 'string', enum: [...RATE_TYPES] },
  price: { ...money, description: 'flat and free_over: the price; weight: unused (0.00)' },
  free_over: { ...nullable(money), description: 'free_over: free at or above this subtotal' },
  weight_bands: {
    ...arrayOf(object({ max_grams: nullable(integer), price: money })),
    description: 'weight: ascending bands; max_grams null takes any weight',
  },
  is_active: boolean,
  position: integer,
  created_at: dateTime,
  updated_at: dateTime,
}

export const pricingSchemas = {
  ShippingMethod: object(shippingMethodProperties),
  ShippingZone: object({
    id: integer,
    name: string,
    countries: arrayOf({ type: 'string', pattern: '^[A-Z]{2}$', examples: ['DE'] }),
    methods: { ...arrayOf(ref('ShippingMethod')), description: 'By position, then id' },
    created_at: dateTime,
    updated_at: dateTime,
  }),
  TaxRate: object({
    id: integer,
    country: { type: 'string', pattern: '^[A-Z]{2}$', examples: ['DE'] },
    tax_class: { type: 'string', examples: ['standard', 'reduced'] },
    name: string,
    rate: { ...percent, description: 'Percent, two decimals' },
    created_at: dateTime,
    updated_at: dateTime,
  }),
  Promotion: object({
    id: integer,
    name: string,
    code: { ...nullable(string), description: 'Upper case; null for an automatic promotion' },
    is_active: boolean,
    effect: { type: 'string', enum: [...PROMOTION_EFFECTS] },
    percent_off: { ...nullable(percent), description: 'percentage: the percent off' },
    amount_off: { ...nullable(money), description: 'fixed: the amount off' },
    target: { type: 'string', enum: [...PROMOTION_TARGETS] },
    product_ids: arrayOf(integer),
    category_ids: arrayOf(integer),
    variant_ids: arrayOf(integer),
    min_subtotal: nullable(money),
    first_order_only: boolean,
    starts_at: nullable(dateTime),
    ends_at: nullable(dateTime),
    usage_limit: nullable(integer),
    per_customer_limit: nullable(integer),
    times_used: { ...integer, description: 'Uses counted against usage_limit' },
    redemptions: { ...integer, description: 'Orders that used it' },
    discount_given: { ...money, description: 'The sum of what those orders were given' },
    created_at: dateTime,
    updated_at: dateTime,
  }),
}
