import { toDecimalString } from '#domain/money'
import {
  COUPON_REFUSALS,
  SHIPPING_REFUSALS,
  shippingMessage,
  type AppliedDiscount,
  type Quote,
  type ShippingOption,
  type TaxLine,
} from '#domain/pricing'
import {
  arrayOf,
  boolean,
  integer,
  money,
  nullable,
  object,
  ref,
  string,
} from '#serializers/json_schema'

/**
 * A rate in basis points as a percent string: 2000 -> "20.00".
 */
export const percent = (rateBp: number) => toDecimalString(rateBp)

export function serializeDiscount(discount: AppliedDiscount) {
  return {
    promotion_id: discount.promotionId,
    name: discount.name,
    code: discount.code,
    level: discount.level,
    amount: toDecimalString(discount.amount),
  }
}

export function serializeTaxLine(line: TaxLine) {
  return {
    name: line.name,
    country: line.country,
    tax_class: line.taxClass,
    rate: percent(line.rateBp),
    base: toDecimalString(line.base),
    amount: toDecimalString(line.amount),
  }
}

export function serializeShippingOption(option: ShippingOption) {
  return {
    id: option.id,
    name: option.name,
    zone: option.zoneName,
    delivery_estimate: option.deliveryEstimate,
    price: toDecimalString(option.price),
  }
}

/**
 * What a quote is shown with: the currency, the country priced for, and
 * the lines' variants (SKU, product name, title).
 */
export interface QuoteView {
  quote: Quote
  currency: string
  country: string | null
  variants: ReadonlyMap<number, { sku: string; name: string; title: string }>
}

/**
 * A quote as the API shows it (POST /api/v1/cart/quote, and a checkout's
 * 409 E_QUOTE_CHANGED): every amount as a decimal string.
 */
export function serializeQuote(priced: QuoteView) {
  const { quote } = priced
  return {
    currency: priced.currency,
    prices_include_tax: quote.pricesIncludeTax,
    country: priced.country,
    lines: quote.lines.map((line) => {
      const variant = priced.variants.get(line.variantId)!
      return {
        variant_id: line.variantId,
        product_id: line.productId,
        sku: variant.sku,
        product_name: variant.name,
        variant_title: variant.title,
        quantity: line.quantity,
        unit_price: toDecimalString(line.unitPrice),
        subtotal: toDecimalString(line.subtotal),
        discount: toDecimalString(line.discount),
        tax_rate: percent(line.taxRateBp),
        tax: toDecimalString(line.tax),
        total: toDecimalString(line.total),
      }
    }),
    discounts: quote.discounts.map(serializeDiscount),
    shipping_methods: quote.shippingOptions.map(serializeShippingOption),
    shipping_method: quote.shippingMethod ? serializeShippingOption(quote.shippingMethod) : null,
    shipping_problem: quote.shippingRefusal
      ? {
          reason: quote.shippingRefusal,
          message: shippingMessage(quote.shippingRefusal, priced.country),
        }
      : null,
    coupon: quote.coupon
      ? {
          code: quote.coupon.code,
          applied: quote.coupon.applied,
          reason: quote.coupon.reason,
          message: quote.coupon.message,
        }
      : null,
    weight_grams: quote.weightGrams,
    subtotal: toDecimalString(quote.subtotal),
    discount_total: toDecimalString(quote.discountTotal),
    shipping_total: toDecimalString(quote.shippingTotal),
    tax_total: toDecimalString(quote.taxTotal),
    taxes: quote.taxes.map(serializeTaxLine),
    total: toDecimalString(quote.total),
  }
}

const rate = { type: 'string', pattern: '^\\d+\\.\\d{2}$', examples: ['20.00', '7.50'] }

/**
 * The OpenAPI schemas of the functions above (the order serializer uses
 * the discount, tax and shipping ones too).
 */
export const quoteSchemas = {
  Discount: object({
    promotion_id: integer,
    name: string,
    code: nullable(string),
    level: { type: 'string', enum: ['lines', 'order', 'shipping'] },
    amount: money,
  }),
  TaxLine: object({
    name: string,
    country: string,
    tax_class: string,
    rate,
    base: { ...money, description: 'The amount taxed, without tax.' },
    amount: money,
  }),
  ShippingOption: object({
    id: integer,
    name: string,
    zone: string,
    delivery_estimate: string,
    price: money,
  }),
  Quote: object({
    currency: string,
    prices_include_tax: boolean,
    country: nullable(string),
    lines: arrayOf(
      object({
        variant_id: integer,
        product_id: integer,
        sku: string,
        product_name: string,
        variant_title: string,
        quantity: integer,
        unit_price: money,
        subtotal: money,
        discount: {
          ...money,
          description: "The line's discount plus its share of the order discount.",
        },
        tax_rate: rate,
        tax: money,
        total: money,
      })
    ),
    discounts: arrayOf(ref('Discount')),
    shipping_methods: {
      ...arrayOf(ref('ShippingOption')),
      description: 'The methods that ship this order to this address, with their price.',
    },
    shipping_method: nullable(ref('ShippingOption')),
    shipping_problem: nullable(
      object({ reason: { type: 'string', enum: [...SHIPPING_REFUSALS] }, message: string })
    ),
    coupon: nullable(
      object({
        code: string,
        applied: boolean,
        reason: nullable({ type: 'string', enum: [...COUPON_REFUSALS] }),
        message: nullable(string),
      })
    ),
    weight_grams: integer,
    subtotal: money,
    discount_total: money,
    shipping_total: money,
    tax_total: {
      ...money,
      description: 'All tax; with prices_include_tax, the part of the total that is tax.',
    },
    taxes: arrayOf(ref('TaxLine')),
    total: {
      ...money,
      description:
        'subtotal - discount_total + shipping_total + tax_total (without tax_total when prices include tax).',
    },
  }),
}
