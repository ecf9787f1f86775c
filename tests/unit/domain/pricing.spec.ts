import type { Assert } from '@japa/assert'
import { test } from '@japa/runner'
import fc from 'fast-check'
import {
  COUPON_REFUSALS,
  priceOrder,
  shareOut,
  type PricingInput,
  type PricingLine,
  type PromotionRule,
  type Quote,
  type ShippingMethodRule,
  type ShippingRefusal,
  type TaxRateRule,
  type CouponRefusal,
  type DiscountLevel,
} from '#domain/pricing'

/**
 * The calculator of issue 19 (app/domain/pricing.ts), case by case with
 * every amount written out by hand, then a property test over random
 * orders. Amounts are minor units (cents).
 */

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0)
const HOUR = 3_600_000

/**
 * The rates: Germany 20% standard and 7% reduced, Austria 10% (a test
 * rate), Switzerland 8.1% (no shipping zone holds it), the US none.
 */
const RATES: TaxRateRule[] = [
  { id: 1, country: 'DE', taxClass: 'standard', name: 'DE VAT', rateBp: 2000 },
  { id: 2, country: 'DE', taxClass: 'reduced', name: 'DE VAT reduced', rateBp: 700 },
  { id: 3, country: 'AT', taxClass: 'standard', name: 'AT VAT', rateBp: 1000 },
  { id: 4, country: 'CH', taxClass: 'standard', name: 'CH VAT', rateBp: 810 },
]

function method(
  fields: Partial<ShippingMethodRule> & Pick<ShippingMethodRule, 'id'>
): ShippingMethodRule {
  return {
    zoneId: 1,
    zoneName: 'Domestic',
    countries: ['DE'],
    name: `Method ${fields.id}`,
    deliveryEstimate: '2-3 days',
    rateType: 'flat',
    price: 0,
    freeOver: null,
    weightBands: [],
    isActive: true,
    position: 1,
    ...fields,
  }
}

/**
 * The methods: Germany has "Standard" (4.90, free from 50.00), "Express"
 * (by weight, up to 5 kg) and an inactive courier; Austria and the US
 * share "International" (by weight, any weight) and a flat courier.
 */
const STANDARD = method({
  id: 1,
  name: 'Standard',
  rateType: 'free_over',
  price: 490,
  freeOver: 5000,
})
const EXPRESS = method({
  id: 2,
  name: 'Express',
  rateType: 'weight',
  weightBands: [
    { maxGrams: 5000, price: 990 },
    { maxGrams: 1000, price: 690 },
  ],
  position: 2,
})
const INACTIVE = method({ id: 3, name: 'Old courier', price: 100, isActive: false, position: 3 })
const INTERNATIONAL = method({
  id: 4,
  zoneId: 2,
  zoneName: 'International',
  countries: ['AT', 'US'],
  name: 'International',
  rateType: 'weight',
  weightBands: [
    { maxGrams: 2000, price: 1500 },
    { maxGrams: null, price: 3000 },
  ],
})
const COURIER = method({
  id: 5,
  zoneId: 2,
  zoneName: 'International',
  countries: ['AT', 'US'],
  name: 'Courier',
  price: 2500,
  position: 2,
})
const METHODS = [STANDARD, EXPRESS, INACTIVE, INTERNATIONAL, COURIER]

/**
 * A shop with zones (an order needs a method) and one without any.
 */
const ZONES: Partial<PricingInput> = { shippingMethods: METHODS, shippingZonesExist: true }
const NO_ZONES: Partial<PricingInput> = { shippingMethods: [], shippingZonesExist: false }

/**
 * Line `variantId` of product `variantId + 100`, category 1 unless told.
 */
function line(
  variantId: number,
  unitPrice: number,
  quantity = 1,
  fields: Partial<PricingLine> = {}
): PricingLine {
  return {
    variantId,
    productId: variantId + 100,
    categoryId: 1,
    quantity,
    unitPrice,
    weightGrams: 100,
    taxClass: 'standard',
    ...fields,
  }
}

function promo(
  fields: Partial<PromotionRule> & Pick<PromotionRule, 'id' | 'effect'>
): PromotionRule {
  return {
    name: `Promotion ${fields.id}`,
    code: null,
    isActive: true,
    value: 0,
    target: 'order',
    productIds: [],
    categoryIds: [],
    variantIds: [],
    minSubtotal: null,
    firstOrderOnly: false,
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    perCustomerLimit: null,
    timesUsed: 0,
    ...fields,
  }
}

/**
 * The coupon SAVE10 (id 10: 10% off the order) with `fields` changed.
 */
function save10(fields: Partial<PromotionRule> = {}): PromotionRule {
  return promo({ id: 10, effect: 'percentage', value: 1000, code: 'SAVE10', ...fields })
}

function input(fields: Partial<PricingInput>): PricingInput {
  return {
    lines: [],
    country: 'DE',
    pricesIncludeTax: false,
    taxRates: RATES,
    shippingMethods: [],
    shippingZonesExist: false,
    shippingMethodId: null,
    promotions: [],
    couponCode: null,
    customer: { placedOrders: 0, usesByPromotion: new Map() },
    now: NOW,
    ...fields,
  }
}

interface Case {
  name: string
  input: PricingInput
  subtotal: number
  discount: number
  shipping: number
  tax: number
  total: number
  /**
   * Per line: [discount, tax, tax rate in basis points].
   */
  lines: Array<[number, number, number]>
  /**
   * Per rate, in the quote's order: [rate id, base, amount].
   */
  taxes: Array<[number, number, number]>
  /**
   * [promotion id, level, amount], in the quote's order.
   */
  discounts: Array<[number, DiscountLevel, number]>
  /**
   * [code, applied, reason]; null: no code was sent.
   */
  coupon?: [string, boolean, CouponRefusal | null] | null
  refusal?: ShippingRefusal | null
  /**
   * The methods offered: [id, price]; [] unless told.
   */
  options?: Array<[number, number]>
  /**
   * The chosen method's id, or null.
   */
  method?: number | null
  weight?: number
}

/**
 * A code SAVE10 on a 10.00 line in Germany without zones: refused, or
 * applied (1.00 off, 20% tax on 9.00).
 */
function refusedSave10(name: string, reason: CouponRefusal, fields: Partial<PricingInput>): Case {
  const code = (fields.couponCode ?? 'SAVE10').trim().toUpperCase()
  return {
    name,
    input: input({ lines: [line(1, 1000)], couponCode: 'SAVE10', ...fields }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    coupon: [code, false, reason],
  }
}

function appliedSave10(name: string, fields: Partial<PricingInput>): Case {
  return {
    name,
    input: input({ lines: [line(1, 1000)], couponCode: 'SAVE10', ...fields }),
    subtotal: 1000,
    discount: 100,
    shipping: 0,
    tax: 180,
    total: 1080,
    lines: [[100, 180, 2000]],
    taxes: [[1, 900, 180]],
    discounts: [[10, 'order', 100]],
    coupon: ['SAVE10', true, null],
  }
}

const CASES: Case[] = [
  // Tax: rounding, modes, classes, countries.
  {
    name: '3 x 0.33 at 20%, prices without tax: 19.8 cents of tax round to 20',
    input: input({ lines: [line(1, 33, 3)] }),
    subtotal: 99,
    discount: 0,
    shipping: 0,
    tax: 20,
    total: 119,
    lines: [[0, 20, 2000]],
    taxes: [[1, 99, 20]],
    discounts: [],
  },
  {
    name: '3 x 0.33 at 20%, prices with tax: 16.5 cents of tax round half up to 17',
    input: input({ lines: [line(1, 33, 3)], pricesIncludeTax: true }),
    subtotal: 99,
    discount: 0,
    shipping: 0,
    tax: 17,
    total: 99,
    lines: [[0, 17, 2000]],
    taxes: [[1, 82, 17]],
    discounts: [],
  },
  {
    name: 'tax is rounded per line: two 0.50 lines at 7% pay 4 + 4 cents (3.5 each), not 7',
    input: input({
      lines: [line(1, 50, 1, { taxClass: 'reduced' }), line(2, 50, 1, { taxClass: 'reduced' })],
    }),
    subtotal: 100,
    discount: 0,
    shipping: 0,
    tax: 8,
    total: 108,
    lines: [
      [0, 4, 700],
      [0, 4, 700],
    ],
    taxes: [[2, 100, 8]],
    discounts: [],
  },
  {
    name: 'one cent at 20% pays no tax (0.2 rounds down), the rate still lists its base',
    input: input({ lines: [line(1, 1)] }),
    subtotal: 1,
    discount: 0,
    shipping: 0,
    tax: 0,
    total: 1,
    lines: [[0, 0, 2000]],
    taxes: [[1, 1, 0]],
    discounts: [],
  },
  {
    name: 'a tax class without its own rate falls back to the standard rate',
    input: input({ lines: [line(1, 1000, 1, { taxClass: 'books' })] }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
  },
  {
    name: 'reduced in a country with only a standard rate (AT) is taxed at the standard rate',
    input: input({ lines: [line(1, 1000, 1, { taxClass: 'reduced' })], country: 'AT' }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 100,
    total: 1100,
    lines: [[0, 100, 1000]],
    taxes: [[3, 1000, 100]],
    discounts: [],
  },
  {
    name: 'two classes with tax in prices: one tax line per rate, the higher rate first',
    input: input({
      lines: [line(1, 1070, 1, { taxClass: 'reduced' }), line(2, 1200)],
      pricesIncludeTax: true,
    }),
    subtotal: 2270,
    discount: 0,
    shipping: 0,
    tax: 270,
    total: 2270,
    lines: [
      [0, 70, 700],
      [0, 200, 2000],
    ],
    taxes: [
      [1, 1000, 200],
      [2, 1000, 70],
    ],
    discounts: [],
  },
  {
    name: 'a country without a rate (US) pays no tax',
    input: input({ lines: [line(1, 1000)], country: 'US' }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 0,
    total: 1000,
    lines: [[0, 0, 0]],
    taxes: [],
    discounts: [],
  },
  {
    name: 'no address yet: no tax (and no shop zones: no refusal)',
    input: input({ lines: [line(1, 1000)], country: null }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 0,
    total: 1000,
    lines: [[0, 0, 0]],
    taxes: [],
    discounts: [],
  },
  {
    name: 'CH at 8.1%: 99.954 cents round to 100',
    input: input({ lines: [line(1, 1234)], country: 'CH' }),
    subtotal: 1234,
    discount: 0,
    shipping: 0,
    tax: 100,
    total: 1334,
    lines: [[0, 100, 810]],
    taxes: [[4, 1234, 100]],
    discounts: [],
  },

  // Shipping: free over, weight bands, zones, refusals.
  {
    name: 'free_over: goods exactly at the threshold (50.00) ship free',
    input: input({ ...ZONES, lines: [line(1, 5000)], shippingMethodId: 1 }),
    subtotal: 5000,
    discount: 0,
    shipping: 0,
    tax: 1000,
    total: 6000,
    lines: [[0, 1000, 2000]],
    taxes: [[1, 5000, 1000]],
    discounts: [],
    options: [
      [1, 0],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: 'free_over: one cent below the threshold pays 4.90, taxed at 20%',
    input: input({ ...ZONES, lines: [line(1, 4999)], shippingMethodId: 1 }),
    subtotal: 4999,
    discount: 0,
    shipping: 490,
    tax: 1098,
    total: 6587,
    lines: [[0, 1000, 2000]],
    taxes: [[1, 5489, 1098]],
    discounts: [],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: 'free_over compares the goods after discounts: 50.00 - 10% pays shipping',
    input: input({
      ...ZONES,
      lines: [line(1, 5000)],
      shippingMethodId: 1,
      promotions: [promo({ id: 1, effect: 'percentage', value: 1000 })],
    }),
    subtotal: 5000,
    discount: 500,
    shipping: 490,
    tax: 998,
    total: 5988,
    lines: [[500, 900, 2000]],
    taxes: [[1, 4990, 998]],
    discounts: [[1, 'order', 500]],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: 'weight exactly at a band max_grams (1000 g) takes that band',
    input: input({
      ...ZONES,
      lines: [line(1, 1000, 1, { weightGrams: 1000 })],
      shippingMethodId: 2,
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 690,
    tax: 338,
    total: 2028,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1690, 338]],
    discounts: [],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 2,
    weight: 1000,
  },
  {
    name: 'one gram over a band takes the next band',
    input: input({
      ...ZONES,
      lines: [line(1, 1000, 1, { weightGrams: 1001 })],
      shippingMethodId: 2,
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 990,
    tax: 398,
    total: 2388,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1990, 398]],
    discounts: [],
    options: [
      [1, 490],
      [2, 990],
    ],
    method: 2,
    weight: 1001,
  },
  {
    name: 'the weight is unit weight x quantity over every line (3 x 300 g + 100 g = 1000 g)',
    input: input({
      ...ZONES,
      lines: [line(1, 500, 3, { weightGrams: 300 }), line(2, 500)],
      shippingMethodId: 2,
    }),
    subtotal: 2000,
    discount: 0,
    shipping: 690,
    tax: 538,
    total: 3228,
    lines: [
      [0, 300, 2000],
      [0, 100, 2000],
    ],
    taxes: [[1, 2690, 538]],
    discounts: [],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 2,
    weight: 1000,
  },
  {
    name: 'above the last band the method is not offered, and asking for it is refused',
    input: input({
      ...ZONES,
      lines: [line(1, 1000, 1, { weightGrams: 5001 })],
      shippingMethodId: 2,
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    refusal: 'method_not_available',
    options: [[1, 490]],
    weight: 5001,
  },
  {
    name: 'a band without max_grams takes any weight (50 kg to AT)',
    input: input({
      ...ZONES,
      country: 'AT',
      lines: [line(1, 1000, 1, { weightGrams: 50_000 })],
      shippingMethodId: 4,
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 3000,
    tax: 400,
    total: 4400,
    lines: [[0, 100, 1000]],
    taxes: [[3, 4000, 400]],
    discounts: [],
    options: [
      [4, 3000],
      [5, 2500],
    ],
    method: 4,
    weight: 50_000,
  },
  {
    name: 'international, exactly 2000 g to the US (no tax rate): first band',
    input: input({
      ...ZONES,
      country: 'US',
      lines: [line(1, 1000, 2, { weightGrams: 1000 })],
      shippingMethodId: 4,
    }),
    subtotal: 2000,
    discount: 0,
    shipping: 1500,
    tax: 0,
    total: 3500,
    lines: [[0, 0, 0]],
    taxes: [],
    discounts: [],
    options: [
      [4, 1500],
      [5, 2500],
    ],
    method: 4,
    weight: 2000,
  },
  {
    name: 'a country no zone holds (CH): no_zone, nothing offered, tax still computed',
    input: input({ ...ZONES, country: 'CH', lines: [line(1, 1000)] }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 81,
    total: 1081,
    lines: [[0, 81, 810]],
    taxes: [[4, 1000, 81]],
    discounts: [],
    refusal: 'no_zone',
  },
  {
    name: "a country no zone holds, with another country's method: still no_zone",
    input: input({ ...ZONES, country: 'CH', lines: [line(1, 1000)], shippingMethodId: 1 }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 81,
    total: 1081,
    lines: [[0, 81, 810]],
    taxes: [[4, 1000, 81]],
    discounts: [],
    refusal: 'no_zone',
  },
  {
    name: 'zones exist, no address yet: address_required',
    input: input({ ...ZONES, country: null, lines: [line(1, 1000)] }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 0,
    total: 1000,
    lines: [[0, 0, 0]],
    taxes: [],
    discounts: [],
    refusal: 'address_required',
  },
  {
    name: 'zones exist, no method chosen: method_required, the methods listed by position',
    input: input({ ...ZONES, lines: [line(1, 1000)] }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    refusal: 'method_required',
    options: [
      [1, 490],
      [2, 690],
    ],
  },
  {
    name: 'an inactive method is not offered: method_not_available',
    input: input({ ...ZONES, lines: [line(1, 1000)], shippingMethodId: 3 }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    refusal: 'method_not_available',
    options: [
      [1, 490],
      [2, 690],
    ],
  },
  {
    name: "another zone's method: method_not_available",
    input: input({ ...ZONES, lines: [line(1, 1000)], shippingMethodId: 4 }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    refusal: 'method_not_available',
    options: [
      [1, 490],
      [2, 690],
    ],
  },
  {
    name: 'a zone whose every method refuses the order (too heavy): no_method',
    input: input({
      shippingMethods: [EXPRESS, INACTIVE],
      shippingZonesExist: true,
      lines: [line(1, 1000, 1, { weightGrams: 6000 })],
      shippingMethodId: 2,
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    refusal: 'no_method',
    weight: 6000,
  },
  {
    name: 'a zone holds the country but has no method yet: no_method, not no_zone',
    input: input({
      ...ZONES,
      zoneCountries: ['DE', 'AT', 'US', 'CH'],
      country: 'CH',
      lines: [line(1, 1000)],
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 81,
    total: 1081,
    lines: [[0, 81, 810]],
    taxes: [[4, 1000, 81]],
    discounts: [],
    refusal: 'no_method',
  },
  {
    name: 'no zones at all: no refusal, shipping 0',
    input: input({ lines: [line(1, 1000, 1, { weightGrams: 99_000 })] }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    weight: 99_000,
  },
  {
    name: 'shipping is taxed at the standard rate even when every line is reduced',
    input: input({
      ...ZONES,
      lines: [line(1, 1000, 1, { taxClass: 'reduced' })],
      shippingMethodId: 1,
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 490,
    tax: 168,
    total: 1658,
    lines: [[0, 70, 700]],
    taxes: [
      [1, 490, 98],
      [2, 1000, 70],
    ],
    discounts: [],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: 'shipping with tax in prices: 4.90 holds 81.67 -> 82 cents of tax',
    input: input({
      ...ZONES,
      lines: [line(1, 1200)],
      shippingMethodId: 1,
      pricesIncludeTax: true,
    }),
    subtotal: 1200,
    discount: 0,
    shipping: 490,
    tax: 282,
    total: 1690,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1408, 282]],
    discounts: [],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },

  // Promotions: effects, targets, caps.
  {
    name: 'an automatic 10% off the order, shared over the lines in proportion',
    input: input({
      lines: [line(1, 1000, 2), line(2, 500)],
      promotions: [promo({ id: 1, effect: 'percentage', value: 1000 })],
    }),
    subtotal: 2500,
    discount: 250,
    shipping: 0,
    tax: 450,
    total: 2700,
    lines: [
      [200, 360, 2000],
      [50, 90, 2000],
    ],
    taxes: [[1, 2250, 450]],
    discounts: [[1, 'order', 250]],
  },
  {
    name: 'a fixed order discount larger than the subtotal: total is shipping + tax',
    input: input({
      ...ZONES,
      lines: [line(1, 600), line(2, 400)],
      shippingMethodId: 1,
      promotions: [promo({ id: 1, effect: 'fixed', value: 5000 })],
    }),
    subtotal: 1000,
    discount: 1000,
    shipping: 490,
    tax: 98,
    total: 588,
    lines: [
      [600, 0, 2000],
      [400, 0, 2000],
    ],
    taxes: [[1, 490, 98]],
    discounts: [[1, 'order', 1000]],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: 'a fixed order discount larger than the subtotal, tax in prices: total is shipping',
    input: input({
      ...ZONES,
      lines: [line(1, 1000)],
      shippingMethodId: 1,
      pricesIncludeTax: true,
      promotions: [promo({ id: 1, effect: 'fixed', value: 5000 })],
    }),
    subtotal: 1000,
    discount: 1000,
    shipping: 490,
    tax: 82,
    total: 490,
    lines: [[1000, 0, 2000]],
    taxes: [[1, 408, 82]],
    discounts: [[1, 'order', 1000]],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: "a percentage off one category's lines only",
    input: input({
      lines: [line(1, 1000), line(2, 2000, 1, { categoryId: 2 })],
      promotions: [
        promo({ id: 1, effect: 'percentage', value: 2500, target: 'lines', categoryIds: [2] }),
      ],
    }),
    subtotal: 3000,
    discount: 500,
    shipping: 0,
    tax: 500,
    total: 3000,
    lines: [
      [0, 200, 2000],
      [500, 300, 2000],
    ],
    taxes: [[1, 2500, 500]],
    discounts: [[1, 'lines', 500]],
  },
  {
    name: 'a percentage line discount rounds per line, half up (15% of 0.25 x 1 = 3.75 -> 4)',
    input: input({
      lines: [line(1, 25), line(2, 25)],
      promotions: [
        promo({
          id: 1,
          effect: 'percentage',
          value: 1500,
          target: 'lines',
          productIds: [101, 102],
        }),
      ],
    }),
    subtotal: 50,
    discount: 8,
    shipping: 0,
    tax: 8,
    total: 50,
    lines: [
      [4, 4, 2000],
      [4, 4, 2000],
    ],
    taxes: [[1, 42, 8]],
    discounts: [[1, 'lines', 8]],
  },
  {
    name: 'a fixed line discount per unit is capped at the unit price (5.00 off a 3.00 unit)',
    input: input({
      lines: [line(1, 300, 3), line(2, 1000)],
      promotions: [promo({ id: 1, effect: 'fixed', value: 500, target: 'lines', variantIds: [1] })],
    }),
    subtotal: 1900,
    discount: 900,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [
      [900, 0, 2000],
      [0, 200, 2000],
    ],
    taxes: [[1, 1000, 200]],
    discounts: [[1, 'lines', 900]],
  },
  {
    name: 'a fixed line discount below the unit price comes off each unit',
    input: input({
      lines: [line(1, 300, 3)],
      promotions: [promo({ id: 1, effect: 'fixed', value: 100, target: 'lines', variantIds: [1] })],
    }),
    subtotal: 900,
    discount: 300,
    shipping: 0,
    tax: 120,
    total: 720,
    lines: [[300, 120, 2000]],
    taxes: [[1, 600, 120]],
    discounts: [[1, 'lines', 300]],
  },
  {
    name: 'a percentage above 100% takes the order to 0, never below',
    input: input({
      lines: [line(1, 1000)],
      promotions: [promo({ id: 1, effect: 'percentage', value: 15_000 })],
    }),
    subtotal: 1000,
    discount: 1000,
    shipping: 0,
    tax: 0,
    total: 0,
    lines: [[1000, 0, 2000]],
    taxes: [],
    discounts: [[1, 'order', 1000]],
  },
  {
    name: 'with tax in prices, an order discount lowers the tax the price holds',
    input: input({
      lines: [line(1, 1200)],
      pricesIncludeTax: true,
      promotions: [promo({ id: 1, effect: 'percentage', value: 1000 })],
    }),
    subtotal: 1200,
    discount: 120,
    shipping: 0,
    tax: 180,
    total: 1080,
    lines: [[120, 180, 2000]],
    taxes: [[1, 900, 180]],
    discounts: [[1, 'order', 120]],
  },
  {
    name: 'an order discount shares out to the cent: 1.00 over three 0.10 lines -> 34, 33, 33',
    input: input({
      lines: [line(1, 10, 10), line(2, 10, 10), line(3, 10, 10)],
      promotions: [promo({ id: 1, effect: 'fixed', value: 100 })],
    }),
    subtotal: 300,
    discount: 100,
    shipping: 0,
    tax: 39,
    total: 239,
    lines: [
      [34, 13, 2000],
      [33, 13, 2000],
      [33, 13, 2000],
    ],
    taxes: [[1, 200, 39]],
    discounts: [[1, 'order', 100]],
  },

  // Combination: best one per level, levels stack.
  {
    name: 'two order promotions: only the larger applies (3.00 fixed beats 10% of 25.00)',
    input: input({
      lines: [line(1, 1000, 2), line(2, 500)],
      promotions: [
        promo({ id: 1, effect: 'percentage', value: 1000 }),
        promo({ id: 2, effect: 'fixed', value: 300 }),
      ],
    }),
    subtotal: 2500,
    discount: 300,
    shipping: 0,
    tax: 440,
    total: 2640,
    lines: [
      [240, 352, 2000],
      [60, 88, 2000],
    ],
    taxes: [[1, 2200, 440]],
    discounts: [[2, 'order', 300]],
  },
  {
    name: 'a line and an order promotion stack: 10% off what the lines cost after theirs',
    input: input({
      lines: [line(1, 1000), line(2, 2000, 1, { categoryId: 2 })],
      promotions: [
        promo({ id: 1, effect: 'percentage', value: 2500, target: 'lines', categoryIds: [2] }),
        promo({ id: 2, effect: 'percentage', value: 1000 }),
      ],
    }),
    subtotal: 3000,
    discount: 750,
    shipping: 0,
    tax: 450,
    total: 2700,
    lines: [
      [100, 180, 2000],
      [650, 270, 2000],
    ],
    taxes: [[1, 2250, 450]],
    discounts: [
      [1, 'lines', 500],
      [2, 'order', 250],
    ],
  },
  {
    name: 'two line promotions: each line takes the larger for it',
    input: input({
      lines: [line(1, 1000, 2), line(2, 1000, 1, { categoryId: 2 })],
      promotions: [
        promo({ id: 1, effect: 'percentage', value: 1000, target: 'lines', variantIds: [1, 2] }),
        promo({ id: 2, effect: 'fixed', value: 150, target: 'lines', categoryIds: [1] }),
      ],
    }),
    subtotal: 3000,
    discount: 400,
    shipping: 0,
    tax: 520,
    total: 3120,
    lines: [
      [300, 340, 2000],
      [100, 180, 2000],
    ],
    taxes: [[1, 2600, 520]],
    discounts: [
      [1, 'lines', 100],
      [2, 'lines', 300],
    ],
  },
  {
    name: 'line, order and shipping promotions all stack',
    input: input({
      ...ZONES,
      lines: [line(1, 1000), line(2, 2000, 1, { categoryId: 2 })],
      shippingMethodId: 1,
      promotions: [
        promo({ id: 1, effect: 'percentage', value: 2500, target: 'lines', categoryIds: [2] }),
        promo({ id: 2, effect: 'percentage', value: 1000 }),
        promo({ id: 3, effect: 'free_shipping' }),
      ],
    }),
    subtotal: 3000,
    discount: 1240,
    shipping: 490,
    tax: 450,
    total: 2700,
    lines: [
      [100, 180, 2000],
      [650, 270, 2000],
    ],
    taxes: [[1, 2250, 450]],
    discounts: [
      [1, 'lines', 500],
      [2, 'order', 250],
      [3, 'shipping', 490],
    ],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: 'a coupon beaten by an automatic order promotion: better_promotion_applies',
    input: input({
      lines: [line(1, 1000)],
      couponCode: 'SAVE10',
      promotions: [promo({ id: 1, effect: 'percentage', value: 2000 }), save10()],
    }),
    subtotal: 1000,
    discount: 200,
    shipping: 0,
    tax: 160,
    total: 960,
    lines: [[200, 160, 2000]],
    taxes: [[1, 800, 160]],
    discounts: [[1, 'order', 200]],
    coupon: ['SAVE10', false, 'better_promotion_applies'],
  },
  {
    name: 'a line coupon beaten on its only line: better_promotion_applies',
    input: input({
      lines: [line(1, 1000)],
      couponCode: 'SAVE10',
      promotions: [
        promo({ id: 1, effect: 'percentage', value: 3000, target: 'lines', categoryIds: [1] }),
        save10({ target: 'lines', categoryIds: [1], value: 2000 }),
      ],
    }),
    subtotal: 1000,
    discount: 300,
    shipping: 0,
    tax: 140,
    total: 840,
    lines: [[300, 140, 2000]],
    taxes: [[1, 700, 140]],
    discounts: [[1, 'lines', 300]],
    coupon: ['SAVE10', false, 'better_promotion_applies'],
  },
  {
    name: 'a line coupon that wins one line of two is applied',
    input: input({
      lines: [line(1, 1000), line(2, 1000)],
      couponCode: 'SAVE10',
      promotions: [
        promo({ id: 1, effect: 'percentage', value: 1000, target: 'lines', categoryIds: [1] }),
        save10({ target: 'lines', variantIds: [2], value: 2000 }),
      ],
    }),
    subtotal: 2000,
    discount: 300,
    shipping: 0,
    tax: 340,
    total: 2040,
    lines: [
      [100, 180, 2000],
      [200, 160, 2000],
    ],
    taxes: [[1, 1700, 340]],
    discounts: [
      [1, 'lines', 100],
      [10, 'lines', 200],
    ],
    coupon: ['SAVE10', true, null],
  },
  {
    name: 'a tie between a coupon and an automatic promotion: the coupon wins',
    input: input({
      lines: [line(1, 1000)],
      couponCode: 'SAVE10',
      promotions: [
        promo({ id: 1, effect: 'fixed', value: 100 }),
        save10({ effect: 'fixed', value: 100 }),
      ],
    }),
    subtotal: 1000,
    discount: 100,
    shipping: 0,
    tax: 180,
    total: 1080,
    lines: [[100, 180, 2000]],
    taxes: [[1, 900, 180]],
    discounts: [[10, 'order', 100]],
    coupon: ['SAVE10', true, null],
  },
  {
    name: 'a tie between two automatic promotions: the older (lower id) wins',
    input: input({
      lines: [line(1, 1000)],
      promotions: [
        promo({ id: 5, effect: 'percentage', value: 1000 }),
        promo({ id: 3, effect: 'fixed', value: 100 }),
      ],
    }),
    subtotal: 1000,
    discount: 100,
    shipping: 0,
    tax: 180,
    total: 1080,
    lines: [[100, 180, 2000]],
    taxes: [[1, 900, 180]],
    discounts: [[3, 'order', 100]],
  },
  {
    name: 'a code promotion is not applied without its code',
    input: input({ lines: [line(1, 1000)], promotions: [save10()] }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
  },
  {
    name: 'an automatic promotion for first orders only skips a returning customer',
    input: input({
      lines: [line(1, 1000)],
      promotions: [promo({ id: 1, effect: 'percentage', value: 1000, firstOrderOnly: true })],
      customer: { placedOrders: 2, usesByPromotion: new Map() },
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
  },

  // Coupon codes: applied, and every refusal.
  appliedSave10('a coupon is applied; the code is trimmed and upper-cased', {
    couponCode: '  save10 ',
    promotions: [save10()],
  }),
  refusedSave10('an unknown code: unknown', 'unknown', {
    couponCode: 'NOPE',
    promotions: [save10()],
  }),
  refusedSave10('an inactive code: inactive', 'inactive', {
    promotions: [save10({ isActive: false })],
  }),
  refusedSave10('a code before starts_at: not_started', 'not_started', {
    promotions: [save10({ startsAt: NOW + 1 })],
  }),
  appliedSave10('a code whose starts_at is now applies', {
    promotions: [save10({ startsAt: NOW })],
  }),
  refusedSave10('a code whose ends_at is now: expired', 'expired', {
    promotions: [save10({ startsAt: NOW - HOUR, endsAt: NOW })],
  }),
  appliedSave10('a code one millisecond before its ends_at applies', {
    promotions: [save10({ startsAt: NOW - HOUR, endsAt: NOW + 1 })],
  }),
  refusedSave10('a code used as often as its usage_limit: limit_reached', 'limit_reached', {
    promotions: [save10({ usageLimit: 10, timesUsed: 10 })],
  }),
  appliedSave10('a code one use under its usage_limit applies', {
    promotions: [save10({ usageLimit: 10, timesUsed: 9 })],
  }),
  refusedSave10(
    'a code the customer used per_customer_limit times: customer_limit_reached',
    'customer_limit_reached',
    {
      promotions: [save10({ perCustomerLimit: 1 })],
      customer: { placedOrders: 0, usesByPromotion: new Map([[10, 1]]) },
    }
  ),
  refusedSave10('a subtotal one cent under min_subtotal: minimum_not_met', 'minimum_not_met', {
    promotions: [save10({ minSubtotal: 1001 })],
  }),
  appliedSave10('a subtotal exactly at min_subtotal applies', {
    promotions: [save10({ minSubtotal: 1000 })],
  }),
  refusedSave10('a first-order code on a second order: first_order_only', 'first_order_only', {
    promotions: [save10({ firstOrderOnly: true })],
    customer: { placedOrders: 1, usesByPromotion: new Map() },
  }),
  refusedSave10('a line code that matches no line: not_applicable', 'not_applicable', {
    promotions: [save10({ target: 'lines', categoryIds: [9], productIds: [9], variantIds: [9] })],
  }),
  {
    name: 'a free-shipping code takes the method price off; shipping pays no tax',
    input: input({
      ...ZONES,
      lines: [line(1, 1000)],
      shippingMethodId: 1,
      couponCode: 'FREESHIP',
      promotions: [promo({ id: 7, effect: 'free_shipping', code: 'FREESHIP' })],
    }),
    subtotal: 1000,
    discount: 490,
    shipping: 490,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [[7, 'shipping', 490]],
    coupon: ['FREESHIP', true, null],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: 'a free-shipping code stacks with an automatic order discount',
    input: input({
      ...ZONES,
      lines: [line(1, 1000, 1, { weightGrams: 1500 })],
      shippingMethodId: 2,
      couponCode: 'FREESHIP',
      promotions: [
        promo({ id: 1, effect: 'fixed', value: 250 }),
        promo({ id: 7, effect: 'free_shipping', code: 'FREESHIP' }),
      ],
    }),
    subtotal: 1000,
    discount: 1240,
    shipping: 990,
    tax: 150,
    total: 900,
    lines: [[250, 150, 2000]],
    taxes: [[1, 750, 150]],
    discounts: [
      [1, 'order', 250],
      [7, 'shipping', 990],
    ],
    coupon: ['FREESHIP', true, null],
    options: [
      [1, 490],
      [2, 990],
    ],
    method: 2,
    weight: 1500,
  },
  {
    name: 'a free-shipping code when shipping is already free: applied, no discount listed',
    input: input({
      ...ZONES,
      lines: [line(1, 5000)],
      shippingMethodId: 1,
      couponCode: 'FREESHIP',
      promotions: [promo({ id: 7, effect: 'free_shipping', code: 'FREESHIP' })],
    }),
    subtotal: 5000,
    discount: 0,
    shipping: 0,
    tax: 1000,
    total: 6000,
    lines: [[0, 1000, 2000]],
    taxes: [[1, 5000, 1000]],
    discounts: [],
    coupon: ['FREESHIP', true, null],
    options: [
      [1, 0],
      [2, 690],
    ],
    method: 1,
  },

  {
    name: 'an automatic free shipping and a free-shipping code tie: the code wins',
    input: input({
      ...ZONES,
      lines: [line(1, 1000)],
      shippingMethodId: 1,
      couponCode: 'FREESHIP',
      promotions: [
        promo({ id: 6, effect: 'free_shipping' }),
        promo({ id: 7, effect: 'free_shipping', code: 'FREESHIP' }),
      ],
    }),
    subtotal: 1000,
    discount: 490,
    shipping: 490,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [[7, 'shipping', 490]],
    coupon: ['FREESHIP', true, null],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: 'a line coupon tying an automatic line promotion wins the line',
    input: input({
      lines: [line(1, 1000)],
      couponCode: 'SAVE10',
      promotions: [
        promo({ id: 1, effect: 'fixed', value: 100, target: 'lines', categoryIds: [1] }),
        save10({ target: 'lines', variantIds: [1] }),
      ],
    }),
    subtotal: 1000,
    discount: 100,
    shipping: 0,
    tax: 180,
    total: 1080,
    lines: [[100, 180, 2000]],
    taxes: [[1, 900, 180]],
    discounts: [[10, 'lines', 100]],
    coupon: ['SAVE10', true, null],
  },
  {
    name: '100% off the order and free shipping: the order costs nothing',
    input: input({
      ...ZONES,
      lines: [line(1, 1000)],
      shippingMethodId: 1,
      couponCode: 'FREESHIP',
      promotions: [
        promo({ id: 1, effect: 'percentage', value: 10_000 }),
        promo({ id: 7, effect: 'free_shipping', code: 'FREESHIP' }),
      ],
    }),
    subtotal: 1000,
    discount: 1490,
    shipping: 490,
    tax: 0,
    total: 0,
    lines: [[1000, 0, 2000]],
    taxes: [],
    discounts: [
      [1, 'order', 1000],
      [7, 'shipping', 490],
    ],
    coupon: ['FREESHIP', true, null],
    options: [
      [1, 490],
      [2, 690],
    ],
    method: 1,
  },
  {
    name: 'prices with tax: a line and an order discount over reduced and standard lines',
    input: input({
      lines: [line(1, 1070, 1, { taxClass: 'reduced' }), line(2, 1200, 1, { categoryId: 2 })],
      pricesIncludeTax: true,
      promotions: [
        promo({ id: 1, effect: 'percentage', value: 5000, target: 'lines', categoryIds: [2] }),
        promo({ id: 2, effect: 'fixed', value: 167 }),
      ],
    }),
    subtotal: 2270,
    discount: 767,
    shipping: 0,
    tax: 153,
    total: 1503,
    lines: [
      [107, 63, 700],
      [660, 90, 2000],
    ],
    taxes: [
      [1, 450, 90],
      [2, 900, 63],
    ],
    discounts: [
      [1, 'lines', 600],
      [2, 'order', 167],
    ],
  },
  {
    name: 'a weight method without bands is never offered',
    input: input({
      shippingMethods: [method({ id: 6, rateType: 'weight', weightBands: [] }), STANDARD],
      shippingZonesExist: true,
      lines: [line(1, 1000)],
      shippingMethodId: 6,
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    refusal: 'method_not_available',
    options: [[1, 490]],
  },
  {
    name: 'a method id sent to a shop without zones: no_zone, shipping 0',
    input: input({ lines: [line(1, 1000)], shippingMethodId: 1 }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    refusal: 'no_zone',
  },
  refusedSave10('an empty code: unknown', 'unknown', {
    couponCode: '  ',
    promotions: [save10()],
  }),

  {
    name: 'a free-shipping code before a method is chosen: applied, nothing off yet',
    input: input({
      ...ZONES,
      lines: [line(1, 1000)],
      couponCode: 'FREESHIP',
      promotions: [promo({ id: 7, effect: 'free_shipping', code: 'FREESHIP' })],
    }),
    subtotal: 1000,
    discount: 0,
    shipping: 0,
    tax: 200,
    total: 1200,
    lines: [[0, 200, 2000]],
    taxes: [[1, 1000, 200]],
    discounts: [],
    coupon: ['FREESHIP', true, null],
    refusal: 'method_required',
    options: [
      [1, 490],
      [2, 690],
    ],
  },
  {
    name: 'a code worth 0 (10% of one cent) is applied, not refused as beaten',
    input: input({ lines: [line(1, 1)], couponCode: 'SAVE10', promotions: [save10()] }),
    subtotal: 1,
    discount: 0,
    shipping: 0,
    tax: 0,
    total: 1,
    lines: [[0, 0, 2000]],
    taxes: [[1, 1, 0]],
    discounts: [],
    coupon: ['SAVE10', true, null],
  },
  {
    name: 'an automatic free shipping on an order that ships free lists nothing',
    input: input({
      ...ZONES,
      lines: [line(1, 5000)],
      shippingMethodId: 1,
      promotions: [promo({ id: 6, effect: 'free_shipping', usageLimit: 100 })],
    }),
    subtotal: 5000,
    discount: 0,
    shipping: 0,
    tax: 1000,
    total: 6000,
    lines: [[0, 1000, 2000]],
    taxes: [[1, 5000, 1000]],
    discounts: [],
    options: [
      [1, 0],
      [2, 690],
    ],
    method: 1,
  },

  // Large amounts stay exact.
  {
    name: '10 x 999,999.99 = 9,999,999.90 at 20% without tax in prices, 10% off',
    input: input({
      lines: [line(1, 99_999_999, 10)],
      promotions: [promo({ id: 1, effect: 'percentage', value: 1000 })],
    }),
    subtotal: 999_999_990,
    discount: 99_999_999,
    shipping: 0,
    tax: 179_999_998,
    total: 1_079_999_989,
    lines: [[99_999_999, 179_999_998, 2000]],
    taxes: [[1, 899_999_991, 179_999_998]],
    discounts: [[1, 'order', 99_999_999]],
  },
  {
    name: '9,999,999.90 with 20% tax in prices holds exactly 1,666,666.65 of tax',
    input: input({
      ...ZONES,
      lines: [line(1, 99_999_999, 10)],
      pricesIncludeTax: true,
      shippingMethodId: 1,
    }),
    subtotal: 999_999_990,
    discount: 0,
    shipping: 0,
    tax: 166_666_665,
    total: 999_999_990,
    lines: [[0, 166_666_665, 2000]],
    taxes: [[1, 833_333_325, 166_666_665]],
    discounts: [],
    options: [
      [1, 0],
      [2, 690],
    ],
    method: 1,
    weight: 1000,
  },
]

/**
 * What holds for every quote: the total adds up, no amount is negative,
 * the discounts and taxes add up to their totals.
 */
function assertInvariants(assert: Assert, quote: Quote) {
  assert.equal(
    quote.total,
    quote.subtotal -
      quote.discountTotal +
      quote.shippingTotal +
      (quote.pricesIncludeTax ? 0 : quote.taxTotal),
    'total = subtotal - discounts + shipping (+ tax)'
  )
  for (const amount of [
    quote.subtotal,
    quote.discountTotal,
    quote.shippingTotal,
    quote.taxTotal,
    quote.total,
    ...quote.lines.flatMap((item) => [item.subtotal, item.discount, item.tax, item.total]),
    ...quote.discounts.map((discount) => discount.amount),
    ...quote.taxes.flatMap((tax) => [tax.base, tax.amount]),
    ...quote.shippingOptions.map((option) => option.price),
  ]) {
    assert.isAtLeast(amount, 0)
    assert.equal(Number.isSafeInteger(amount), true, `${amount} is a whole number of cents`)
  }
  const shippingDiscount = quote.discounts
    .filter((discount) => discount.level === 'shipping')
    .reduce((sum, discount) => sum + discount.amount, 0)
  assert.equal(
    quote.lines.reduce((sum, item) => sum + item.discount, 0) + shippingDiscount,
    quote.discountTotal,
    'line discounts + shipping discount = discount_total'
  )
  assert.equal(
    quote.taxes.reduce((sum, tax) => sum + tax.amount, 0),
    quote.taxTotal,
    'tax lines add up to tax_total'
  )
  assert.equal(
    quote.lines.reduce((sum, item) => sum + item.subtotal, 0),
    quote.subtotal,
    'lines add up to the subtotal'
  )
  for (const item of quote.lines) {
    assert.equal(item.subtotal, item.unitPrice * item.quantity)
    assert.isAtLeast(item.subtotal - item.discount, 0)
    assert.equal(
      item.total,
      item.subtotal - item.discount + (quote.pricesIncludeTax ? 0 : item.tax),
      'a line total is its subtotal - discount (+ tax)'
    )
  }
  assert.isAtLeast(quote.shippingTotal - shippingDiscount, 0)
  assert.equal(quote.shippingTotal, quote.shippingMethod?.price ?? 0)
}

test.group('pricing: priceOrder, case by case', () => {
  test('there are at least 45 cases', ({ assert }) => {
    assert.isAtLeast(CASES.length, 45)
  })

  test('{name}')
    .with(CASES)
    .run(({ assert }, expected) => {
      const quote = priceOrder(expected.input)
      assert.deepEqual(
        {
          subtotal: quote.subtotal,
          discount: quote.discountTotal,
          shipping: quote.shippingTotal,
          tax: quote.taxTotal,
          total: quote.total,
        },
        {
          subtotal: expected.subtotal,
          discount: expected.discount,
          shipping: expected.shipping,
          tax: expected.tax,
          total: expected.total,
        }
      )
      assert.deepEqual(
        quote.lines.map((item) => [item.discount, item.tax, item.taxRateBp]),
        expected.lines,
        'per line: [discount, tax, rate]'
      )
      assert.deepEqual(
        quote.taxes.map((tax) => [tax.rateId, tax.base, tax.amount]),
        expected.taxes,
        'per rate: [id, base, amount]'
      )
      for (const tax of quote.taxes) {
        const rate = RATES.find((candidate) => candidate.id === tax.rateId)!
        assert.deepEqual(
          [tax.name, tax.country, tax.taxClass, tax.rateBp],
          [rate.name, rate.country, rate.taxClass, rate.rateBp]
        )
      }
      assert.deepEqual(
        quote.discounts.map((discount) => [discount.promotionId, discount.level, discount.amount]),
        expected.discounts,
        'discounts: [promotion, level, amount]'
      )
      const promotions = expected.input.promotions
      for (const discount of quote.discounts) {
        const promotion = promotions.find((candidate) => candidate.id === discount.promotionId)!
        assert.deepEqual([discount.name, discount.code], [promotion.name, promotion.code])
      }
      assert.deepEqual(
        quote.coupon && [quote.coupon.code, quote.coupon.applied, quote.coupon.reason],
        expected.coupon ?? null,
        'coupon: [code, applied, reason]'
      )
      if (quote.coupon) {
        assert.equal(quote.coupon.message === null, quote.coupon.applied)
        assert.equal(
          quote.coupon.promotionId,
          promotions.find((candidate) => candidate.code === quote.coupon!.code)?.id ?? null
        )
      }
      assert.equal(quote.shippingRefusal, expected.refusal ?? null, 'shipping refusal')
      assert.deepEqual(
        quote.shippingOptions.map((option) => [option.id, option.price]),
        expected.options ?? [],
        'shipping options: [id, price]'
      )
      assert.equal(quote.shippingMethod?.id ?? null, expected.method ?? null, 'chosen method')
      if (expected.weight !== undefined) assert.equal(quote.weightGrams, expected.weight)
      assert.equal(quote.pricesIncludeTax, expected.input.pricesIncludeTax)
      assertInvariants(assert, quote)
    })
})

test.group('pricing: shareOut', () => {
  test('{0} over {1} is {2}')
    .with<[number, number[], number[]][]>([
      [100, [1, 1, 1], [34, 33, 33]],
      [2, [1, 1, 1], [1, 1, 0]],
      [3, [1, 1, 1], [1, 1, 1]],
      [100, [50, 30, 20], [50, 30, 20]],
      [10, [3, 3, 4], [3, 3, 4]],
      [7, [2000, 500], [6, 1]],
      [1, [1, 2], [0, 1]],
      [5, [0, 10, 0], [0, 5, 0]],
      [0, [5, 5], [0, 0]],
      [5, [0, 0], [0, 0]],
      [100, [], []],
      [999_999_999, [999_999_990, 9], [999_999_990, 9]],
    ])
    .run(({ assert }, [amount, weights, shares]) => {
      assert.deepEqual(shareOut(amount, weights), shares)
    })

  test('shares add up to the amount and never exceed a weight when the amount fits', ({
    assert,
  }) => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, fraction) => {
          const whole = weights.reduce((sum, weight) => sum + weight, 0)
          const amount = Math.floor(whole * fraction)
          const shares = shareOut(amount, weights)
          assert.equal(
            shares.reduce((sum, share) => sum + share, 0),
            whole > 0 ? amount : 0
          )
          shares.forEach((share, index) => {
            assert.isAtLeast(share, 0)
            assert.isAtMost(share, weights[index])
          })
        }
      ),
      { seed: 42, numRuns: 300 }
    )
  })
})

/**
 * Random orders: lines, promotions (automatic and coded, in and out of
 * their windows and limits), tax modes, countries with and without zones
 * and rates, methods of every rate type (and ids no method has).
 */
/**
 * Mostly null (3 in 4), so that most random promotions are eligible.
 */
function rarely<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: arbitrary, weight: 1 })
}

/**
 * True 9 times in 10.
 */
const mostly = fc.integer({ min: 0, max: 9 }).map((n) => n > 0)

const lineArbitrary = fc.record({
  variantId: fc.integer({ min: 1, max: 8 }),
  productId: fc.integer({ min: 101, max: 105 }),
  categoryId: fc.constantFrom(null, 1, 2, 3),
  quantity: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 20 })),
  // Small and large prices, so free_over thresholds fall either side.
  unitPrice: fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 100_000 })),
  weightGrams: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 5000 })),
  taxClass: fc.constantFrom('standard', 'reduced'),
})

const promotionArbitrary = fc.record({
  coded: fc.integer({ min: 0, max: 2 }).map((n) => n > 0),
  isActive: mostly,
  effect: fc.constantFrom('percentage' as const, 'fixed' as const, 'free_shipping' as const),
  percent: fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 12_000 })),
  fixed: fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 300_000 })),
  target: fc.constantFrom('order' as const, 'lines' as const),
  productIds: fc.subarray([101, 102, 103, 104, 105], { maxLength: 2 }),
  categoryIds: fc.subarray([1, 2, 3], { maxLength: 2 }),
  variantIds: fc.subarray([1, 2, 3, 4, 5, 6, 7, 8], { maxLength: 3 }),
  minSubtotal: rarely(fc.integer({ min: 0, max: 200_000 })),
  firstOrderOnly: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  startsAt: rarely(fc.integer({ min: -2, max: 2 }).map((hours) => NOW + hours * HOUR)),
  endsAt: rarely(fc.integer({ min: -2, max: 3 }).map((hours) => NOW + hours * HOUR)),
  usageLimit: rarely(fc.integer({ min: 0, max: 5 })),
  perCustomerLimit: rarely(fc.integer({ min: 0, max: 2 })),
  timesUsed: fc.integer({ min: 0, max: 6 }),
  customerUses: fc.integer({ min: 0, max: 2 }),
})

function methodFor(pick: number, country: string | null): number | null {
  if (pick === 0) return null
  if (pick === 1) return 99
  if (pick === 2) return INACTIVE.id
  const ids =
    country === 'DE' ? [1, 2] : country === 'AT' || country === 'US' ? [4, 5] : [1, 2, 4, 5]
  return ids[pick % ids.length]
}

function couponFor(pick: number, promotions: readonly PromotionRule[]): string | null {
  const codes = promotions.flatMap((p) => (p.code === null ? [] : [p.code]))
  if (pick === 0) return null
  if (pick === 6) return 'NOPE'
  if (pick === 7) return ''
  if (!codes.length) return null
  const code = codes[pick % codes.length]
  return pick >= 4 ? ` ${code.toLowerCase()} ` : code
}

const inputArbitrary = fc
  .record({
    lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 6 }),
    promotions: fc.array(promotionArbitrary, { minLength: 0, maxLength: 4 }),
    // 0: no code; 1-5: a coded promotion's code (none when no promotion
    // has one), as typed (lower case, spaces) on 4 and 5; 6: unknown;
    // 7: empty.
    coupon: fc.integer({ min: 0, max: 7 }),
    country: fc.constantFrom(null, 'DE', 'DE', 'DE', 'AT', 'US', 'CH', 'FR'),
    pricesIncludeTax: fc.boolean(),
    zones: mostly,
    // Whether the shop also has a zone for CH without any method.
    emptyZone: fc.boolean(),
    // 0: none, 1: no such method, 2: the inactive one, 3-9: one of the
    // address's zone (or of any zone when it has none).
    method: fc.integer({ min: 0, max: 9 }),
    placedOrders: fc.constantFrom(0, 0, 1, 2),
  })
  .map((drawn): PricingInput => {
    const promotions = drawn.promotions.map((p, index) =>
      promo({
        id: index + 1,
        code: p.coded ? `CODE${index + 1}` : null,
        isActive: p.isActive,
        effect: p.effect,
        value: p.effect === 'percentage' ? p.percent : p.effect === 'fixed' ? p.fixed : 0,
        target: p.target,
        productIds: p.productIds,
        categoryIds: p.categoryIds,
        variantIds: p.variantIds,
        minSubtotal: p.minSubtotal,
        firstOrderOnly: p.firstOrderOnly,
        startsAt: p.startsAt,
        endsAt: p.endsAt,
        usageLimit: p.usageLimit,
        perCustomerLimit: p.perCustomerLimit,
        timesUsed: p.timesUsed,
      })
    )
    return input({
      lines: drawn.lines,
      promotions,
      couponCode: couponFor(drawn.coupon, promotions),
      country: drawn.country,
      pricesIncludeTax: drawn.pricesIncludeTax,
      ...(drawn.zones ? ZONES : NO_ZONES),
      ...(drawn.zones && drawn.emptyZone ? { zoneCountries: ['DE', 'AT', 'US', 'CH'] } : {}),
      shippingMethodId: methodFor(drawn.method, drawn.country),
      customer: {
        placedOrders: drawn.placedOrders,
        usesByPromotion: new Map(
          drawn.promotions.map((p, index) => [index + 1, p.customerUses] as [number, number])
        ),
      },
    })
  })

/**
 * The header's rules again, written separately and plainly (no shared
 * helpers): what the calculator must agree with on every random order.
 */
function halfUp(amount: number, numerator: number, denominator: number): number {
  // floor((2an + d) / 2d): a half rounds up; every value here is >= 0.
  const a = BigInt(amount) * BigInt(numerator)
  const d = BigInt(denominator)
  return Number((2n * a + d) / (2n * d))
}

function addUp(values: readonly number[]): number {
  return values.reduce((soFar, value) => soFar + value, 0)
}

function reference(order: PricingInput) {
  const subs = order.lines.map((item) => item.unitPrice * item.quantity)
  const subtotal = addUp(subs)
  const weight = addUp(order.lines.map((item) => item.weightGrams * item.quantity))
  const code = order.couponCode === null ? null : order.couponCode.trim().toUpperCase()
  const coupon = code === null ? undefined : order.promotions.find((p) => p.code === code)
  const matches = (p: PromotionRule, item: PricingLine) =>
    p.variantIds.includes(item.variantId) ||
    p.productIds.includes(item.productId) ||
    (item.categoryId !== null && p.categoryIds.includes(item.categoryId))
  const why = (p: PromotionRule): CouponRefusal | null => {
    if (!p.isActive) return 'inactive'
    if (p.startsAt !== null && order.now < p.startsAt) return 'not_started'
    if (p.endsAt !== null && order.now >= p.endsAt) return 'expired'
    if (p.usageLimit !== null && p.timesUsed >= p.usageLimit) return 'limit_reached'
    const used = order.customer.usesByPromotion.get(p.id) ?? 0
    if (p.perCustomerLimit !== null && used >= p.perCustomerLimit) return 'customer_limit_reached'
    if (p.firstOrderOnly && order.customer.placedOrders > 0) return 'first_order_only'
    if (p.minSubtotal !== null && subtotal < p.minSubtotal) return 'minimum_not_met'
    if (p.target === 'lines' && !order.lines.some((item) => matches(p, item))) {
      return 'not_applicable'
    }
    return null
  }
  const eligible = order.promotions.filter(
    (p) => (p.code === null || p === coupon) && why(p) === null
  )
  // Best: larger amount, then the coupon, then the lower id.
  const pick = (candidates: Array<{ p: PromotionRule; amount: number }>) =>
    [...candidates].sort(
      (a, b) =>
        b.amount - a.amount ||
        Number(b.p.code !== null) - Number(a.p.code !== null) ||
        a.p.id - b.p.id
    )[0]
  const won: Array<[number, DiscountLevel, number]> = []
  let couponBest = false

  const lineOff = order.lines.map((item, index) => {
    const best = pick(
      eligible
        .filter((p) => p.target === 'lines' && p.effect !== 'free_shipping' && matches(p, item))
        .map((p) => ({
          p,
          amount:
            p.effect === 'percentage'
              ? halfUp(subs[index], Math.min(p.value, 10_000), 10_000)
              : Math.min(p.value, item.unitPrice) * item.quantity,
        }))
    )
    if (best?.p === coupon) couponBest = true
    if (!best || best.amount <= 0) return 0
    const entry = won.find(([id]) => id === best.p.id)
    if (entry) entry[2] += best.amount
    else won.push([best.p.id, 'lines', best.amount])
    return best.amount
  })
  won.sort((a, b) => a[0] - b[0])
  const after = subs.map((amount, index) => amount - lineOff[index])
  const rest = addUp(after)
  const orderBest = pick(
    eligible
      .filter((p) => p.target === 'order' && p.effect !== 'free_shipping')
      .map((p) => ({
        p,
        amount:
          p.effect === 'percentage'
            ? halfUp(rest, Math.min(p.value, 10_000), 10_000)
            : Math.min(p.value, rest),
      }))
  )
  const orderOff = orderBest && orderBest.amount > 0 ? orderBest.amount : 0
  if (orderOff > 0) won.push([orderBest.p.id, 'order', orderOff])
  if (orderBest?.p === coupon) couponBest = true
  // Largest remainder, by hand.
  const shares = after.map((amount) => (rest > 0 ? Math.floor((orderOff * amount) / rest) : 0))
  const remainders = after
    .map((amount, index) => ({ index, r: rest > 0 ? (orderOff * amount) % rest : 0 }))
    .sort((a, b) => b.r - a.r || a.index - b.index)
  const left = orderOff - addUp(shares)
  for (let k = 0; k < left; k++) shares[remainders[k].index] += 1
  const goods = rest - orderOff

  const here = order.shippingMethods.filter(
    (m) => order.country !== null && m.countries.includes(order.country)
  )
  const priceOf = (m: ShippingMethodRule): number | null => {
    if (m.rateType === 'flat') return m.price
    if (m.rateType === 'free_over') return m.freeOver !== null && goods >= m.freeOver ? 0 : m.price
    const bands = [...m.weightBands].sort(
      (a, b) => (a.maxGrams ?? Number.MAX_SAFE_INTEGER) - (b.maxGrams ?? Number.MAX_SAFE_INTEGER)
    )
    return bands.find((band) => band.maxGrams === null || weight <= band.maxGrams)?.price ?? null
  }
  const options = here
    .filter((m) => m.isActive && priceOf(m) !== null)
    .map((m) => ({ m, price: priceOf(m)! }))
    .sort((a, b) => a.m.position - b.m.position || a.price - b.price || a.m.id - b.m.id)
  const chosen = options.find((option) => option.m.id === order.shippingMethodId)
  let refusal: ShippingRefusal | null = null
  if (!chosen && (order.shippingZonesExist || order.shippingMethodId !== null)) {
    refusal =
      order.country === null
        ? 'address_required'
        : here.length === 0 && !(order.zoneCountries ?? []).includes(order.country)
          ? 'no_zone'
          : options.length === 0
            ? 'no_method'
            : order.shippingMethodId === null
              ? 'method_required'
              : 'method_not_available'
  }
  const shipping = chosen?.price ?? 0
  const shipBest = pick(
    eligible.filter((p) => p.effect === 'free_shipping').map((p) => ({ p, amount: shipping }))
  )
  const shipOff = shipBest ? shipping : 0
  if (shipBest && shipOff > 0) won.push([shipBest.p.id, 'shipping', shipOff])
  if (shipBest?.p === coupon) couponBest = true

  const rateOf = (taxClass: string) =>
    order.taxRates.find((r) => r.country === order.country && r.taxClass === taxClass) ??
    order.taxRates.find((r) => r.country === order.country && r.taxClass === 'standard')
  const taxOf = (amount: number, rateBp: number) =>
    order.pricesIncludeTax
      ? halfUp(amount, rateBp, 10_000 + rateBp)
      : halfUp(amount, rateBp, 10_000)
  const lines = order.lines.map((item, index) => {
    const discount = lineOff[index] + shares[index]
    const rate = order.country === null ? undefined : rateOf(item.taxClass)
    return [discount, rate ? taxOf(subs[index] - discount, rate.rateBp) : 0]
  })
  const shippingRate = order.country === null ? undefined : rateOf('standard')
  const shippingTax = shippingRate ? taxOf(shipping - shipOff, shippingRate.rateBp) : 0
  const tax = addUp(lines.map(([, lineTax]) => lineTax)) + shippingTax
  const discount = addUp(won.map(([, , amount]) => amount))

  let couponResult: [boolean, CouponRefusal | null] | null = null
  if (code !== null) {
    const reason = !coupon
      ? 'unknown'
      : (why(coupon) ?? (couponBest ? null : 'better_promotion_applies'))
    couponResult = [reason === null, reason]
  }
  return {
    subtotal,
    discount,
    shipping,
    tax,
    total: subtotal - discount + shipping + (order.pricesIncludeTax ? 0 : tax),
    lines,
    discounts: won,
    coupon: couponResult,
    refusal,
    options: options.map((option) => [option.m.id, option.price]),
    weight,
  }
}

test.group('pricing: priceOrder on random orders', () => {
  test('the invariants hold and the same input prices the same', ({ assert }) => {
    fc.assert(
      fc.property(inputArbitrary, (order) => {
        const quote = priceOrder(order)
        assertInvariants(assert, quote)
        assert.deepEqual(priceOrder(structuredClone(order)), quote, 'deterministic')
        assert.deepEqual(
          {
            subtotal: quote.subtotal,
            discount: quote.discountTotal,
            shipping: quote.shippingTotal,
            tax: quote.taxTotal,
            total: quote.total,
            lines: quote.lines.map((item) => [item.discount, item.tax]),
            discounts: quote.discounts.map((d) => [d.promotionId, d.level, d.amount]),
            coupon: quote.coupon && [quote.coupon.applied, quote.coupon.reason],
            refusal: quote.shippingRefusal,
            options: quote.shippingOptions.map((option) => [option.id, option.price]),
            weight: quote.weightGrams,
          },
          reference(order),
          'the rules, written again separately'
        )

        // At most one discount per level outside lines, every line discount
        // at most the line, the coupon answered exactly when one was sent.
        assert.isAtMost(quote.discounts.filter((d) => d.level === 'order').length, 1)
        assert.isAtMost(quote.discounts.filter((d) => d.level === 'shipping').length, 1)
        assert.equal(quote.coupon === null, order.couponCode === null)
        if (quote.coupon) {
          const listed = quote.discounts.some(
            (discount) => discount.promotionId === quote.coupon!.promotionId
          )
          if (listed) assert.isTrue(quote.coupon.applied)
          assert.equal(quote.coupon.reason === null, quote.coupon.applied)
        }
        for (const discount of quote.discounts) assert.isAbove(discount.amount, 0)
        for (const discount of quote.discounts) {
          const promotion = order.promotions.find((p) => p.id === discount.promotionId)!
          assert.isTrue(promotion.code === null || promotion.code === quote.coupon?.code)
        }
        if (!order.shippingZonesExist && order.shippingMethodId === null) {
          assert.isNull(quote.shippingRefusal)
          assert.equal(quote.shippingTotal, 0)
        }
        assert.equal(
          quote.shippingRefusal === null,
          quote.shippingMethod !== null ||
            (!order.shippingZonesExist && order.shippingMethodId === null),
          'refused exactly when no method ships an order that needs one'
        )
        if (quote.coupon && !quote.coupon.applied) {
          assert.isTrue(
            quote.coupon.reason !== null && COUPON_REFUSALS.includes(quote.coupon.reason)
          )
        }
        if (order.country === null || !['DE', 'AT', 'CH'].includes(order.country)) {
          assert.equal(quote.taxTotal, 0)
        }
      }),
      { seed: 42, numRuns: 300 }
    )
  })
})
