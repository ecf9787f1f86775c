import { applyRate, toDecimalString } from '#domain/money'

/**
 * Pricing an order (issue 19): lines, promotions, shipping and tax, in
 * integer minor units, with no I/O. The quote endpoint and checkout call
 * the same `priceOrder` with the same inputs, so the quote a customer saw
 * is what checkout charges (or checkout says it changed).
 *
 * The rules (the README's "Pricing" section says the same):
 * 1. A line's subtotal is unit price x quantity; the order's subtotal is
 *    their sum (prices as entered: with tax when the shop enters prices
 *    with tax, without otherwise).
 * 2. Promotions: a promotion is eligible when it is active, inside its
 *    date window (`starts_at` <= now < `ends_at`), under its total and
 *    per-customer limits, its minimum subtotal (before discounts) is met,
 *    the order is the customer's first when it asks for that, and (for a
 *    line promotion) a line matches it. They combine "best one per
 *    level, levels stack":
 *    - lines: each line gets at most one line discount, the largest
 *      (percentage of the line, or a fixed amount off each unit, never
 *      more than the unit price);
 *    - order: at most one order discount, the largest, computed on what
 *      the lines cost after their discounts (a percentage of it, or a
 *      fixed amount never larger than it), shared out over the lines in
 *      proportion to what they cost (largest remainder, so the shares add
 *      up to the cent);
 *    - shipping: a free-shipping promotion takes the chosen method's
 *      price off.
 *    On a tie the coupon code wins, then the older promotion. A coupon
 *    code that is eligible but beaten on every level is refused with
 *    `better_promotion_applies`. A level whose best discount comes to 0
 *    lists no discount (nothing is redeemed for it); a coupon code that
 *    is the best of its level is applied even then (a free-shipping code
 *    on an order that ships free anyway, or before a method is chosen).
 * 3. Shipping: the methods of the zones that hold the address's country,
 *    active, whose rate applies: `flat` costs its price; `free_over` its
 *    price below the threshold and 0 at or above it (compared with what
 *    the goods cost after discounts); `weight` the price of the first band
 *    whose `max_grams` is at or above the cart's weight (a band without
 *    `max_grams` takes any weight; above the last band the method does
 *    not apply).
 * 4. Tax: per line, at the rate of the address's country for the
 *    product's tax class (falling back to the country's `standard` rate),
 *    on the line's amount after discounts; shipping at the `standard`
 *    rate, on the price after a free-shipping discount. Each line's tax is
 *    rounded on its own, half up (away from zero) to the minor unit:
 *    without tax in prices `amount x rate`, with tax in prices
 *    `amount x rate / (1 + rate)`. A country without a rate pays no tax.
 * 5. total = subtotal - discounts + shipping + tax when prices are entered
 *    without tax; total = subtotal - discounts + shipping when they hold
 *    it (tax_total is then the part of it that is tax). No amount is ever
 *    negative.
 */

export const RATE_TYPES = ['flat', 'free_over', 'weight'] as const
export type RateType = (typeof RATE_TYPES)[number]

export const PROMOTION_EFFECTS = ['percentage', 'fixed', 'free_shipping'] as const
export type PromotionEffect = (typeof PROMOTION_EFFECTS)[number]

export const PROMOTION_TARGETS = ['order', 'lines'] as const
export type PromotionTarget = (typeof PROMOTION_TARGETS)[number]

export const STANDARD_TAX_CLASS = 'standard'

/**
 * Basis points in a whole: 10,000 (so 2000 is 20%).
 */
export const BASIS = 10_000

export interface WeightBand {
  /**
   * The heaviest cart (grams) the band takes; null: any weight.
   */
  maxGrams: number | null
  price: number
}

export interface ShippingMethodRule {
  id: number
  zoneId: number
  zoneName: string
  countries: readonly string[]
  name: string
  deliveryEstimate: string
  rateType: RateType
  price: number
  freeOver: number | null
  weightBands: readonly WeightBand[]
  isActive: boolean
  position: number
}

export interface TaxRateRule {
  id: number
  country: string
  taxClass: string
  name: string
  rateBp: number
}

export interface PromotionRule {
  id: number
  name: string
  /**
   * Upper case; null for an automatic promotion.
   */
  code: string | null
  isActive: boolean
  effect: PromotionEffect
  /**
   * percentage: basis points; fixed: minor units; free_shipping: unused.
   */
  value: number
  target: PromotionTarget
  productIds: readonly number[]
  categoryIds: readonly number[]
  variantIds: readonly number[]
  minSubtotal: number | null
  firstOrderOnly: boolean
  /**
   * Epoch milliseconds, or null (no bound).
   */
  startsAt: number | null
  endsAt: number | null
  usageLimit: number | null
  perCustomerLimit: number | null
  timesUsed: number
}

export interface PricingLine {
  variantId: number
  productId: number
  categoryId: number | null
  quantity: number
  unitPrice: number
  weightGrams: number
  taxClass: string
}

export interface CustomerHistory {
  /**
   * The customer's earlier orders that were not cancelled.
   */
  placedOrders: number
  /**
   * How often the customer has used each promotion (by id).
   */
  usesByPromotion: ReadonlyMap<number, number>
}

export interface PricingInput {
  lines: readonly PricingLine[]
  /**
   * The shipping address's country (ISO 3166-1 alpha-2), or null when
   * there is no address yet.
   */
  country: string | null
  pricesIncludeTax: boolean
  taxRates: readonly TaxRateRule[]
  /**
   * Every shipping method (the calculator picks those that apply).
   */
  shippingMethods: readonly ShippingMethodRule[]
  /**
   * Whether the shop has any shipping zone: then an order needs a method.
   */
  shippingZonesExist: boolean
  /**
   * The countries the shop's zones hold, methods or not (optional; without
   * it, those of `shippingMethods`): a country whose zone has no method
   * yet is refused with `no_method`, not `no_zone`.
   */
  zoneCountries?: readonly string[]
  shippingMethodId: number | null
  /**
   * The automatic promotions, and the coupon code's promotion when the
   * code names one (whatever its state, so a refusal can say why).
   */
  promotions: readonly PromotionRule[]
  couponCode: string | null
  customer: CustomerHistory
  now: number
}

export const COUPON_REFUSALS = [
  'unknown',
  'inactive',
  'not_started',
  'expired',
  'limit_reached',
  'customer_limit_reached',
  'minimum_not_met',
  'first_order_only',
  'not_applicable',
  'better_promotion_applies',
] as const
export type CouponRefusal = (typeof COUPON_REFUSALS)[number]

export const SHIPPING_REFUSALS = [
  'address_required',
  'no_zone',
  'no_method',
  'method_required',
  'method_not_available',
] as const
export type ShippingRefusal = (typeof SHIPPING_REFUSALS)[number]

export interface QuotedLine {
  variantId: number
  productId: number
  quantity: number
  unitPrice: number
  subtotal: number
  /**
   * Line discount plus the line's share of the order discount.
   */
  discount: number
  taxRateBp: number
  tax: number
  /**
   * subtotal - discount (+ tax when prices are entered without tax).
   */
  total: number
}

export type DiscountLevel = 'lines' | 'order' | 'shipping'

export interface AppliedDiscount {
  promotionId: number
  name: string
  code: string | null
  level: DiscountLevel
  amount: number
}

export interface TaxLine {
  rateId: number
  name: string
  country: string
  taxClass: string
  rateBp: number
  /**
   * The amount taxed, without tax.
   */
  base: number
  amount: number
}

export interface ShippingOption {
  id: number
  name: string
  zoneName: string
  deliveryEstimate: string
  price: number
}

export interface CouponResult {
  code: string
  applied: boolean
  reason: CouponRefusal | null
  message: string | null
  promotionId: number | null
}

export interface Quote {
  pricesIncludeTax: boolean
  lines: QuotedLine[]
  discounts: AppliedDiscount[]
  taxes: TaxLine[]
  shippingOptions: ShippingOption[]
  shippingMethod: ShippingOption | null
  /**
   * Why the order cannot ship as asked (checkout refuses it), or null.
   */
  shippingRefusal: ShippingRefusal | null
  coupon: CouponResult | null
  weightGrams: number
  subtotal: number
  discountTotal: number
  shippingTotal: number
  taxTotal: number
  total: number
}

/**
 * A coupon code as stored and compared: trimmed, upper case.
 */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase()
}

/**
 * Why `promotion` does not apply to these lines (or null when it does).
 */
export function promotionRefusal(
  promotion: PromotionRule,
  lines: readonly PricingLine[],
  subtotal: number,
  customer: CustomerHistory,
  now: number
): Exclude<CouponRefusal, 'unknown' | 'better_promotion_applies'> | null {
  if (!promotion.isActive) return 'inactive'
  if (promotion.startsAt !== null && now < promotion.startsAt) return 'not_started'
  if (promotion.endsAt !== null && now >= promotion.endsAt) return 'expired'
  if (promotion.usageLimit !== null && promotion.timesUsed >= promotion.usageLimit) {
    return 'limit_reached'
  }
  if (
    promotion.perCustomerLimit !== null &&
    (customer.usesByPromotion.get(promotion.id) ?? 0) >= promotion.perCustomerLimit
  ) {
    return 'customer_limit_reached'
  }
  if (promotion.firstOrderOnly && customer.placedOrders > 0) return 'first_order_only'
  if (promotion.minSubtotal !== null && subtotal < promotion.minSubtotal) return 'minimum_not_met'
  if (promotion.target === 'lines' && !lines.some((line) => matchesLine(promotion, line))) {
    return 'not_applicable'
  }
  return null
}

export function matchesLine(promotion: PromotionRule, line: PricingLine): boolean {
  return (
    promotion.variantIds.includes(line.variantId) ||
    promotion.productIds.includes(line.productId) ||
    (line.categoryId !== null && promotion.categoryIds.includes(line.categoryId))
  )
}

/**
 * What a refused code's message says, for the customer.
 */
export function couponMessage(reason: CouponRefusal, promotion: PromotionRule | null): string {
  switch (reason) {
    case 'unknown':
      return 'No promotion has this code'
    case 'inactive':
      return 'This code is not active'
    case 'not_started':
      return 'This code is not valid yet'
    case 'expired':
      return 'This code has expired'
    case 'limit_reached':
      return 'This code has been used as often as it may be'
    case 'customer_limit_reached':
      return 'You have already used this code as often as it may be used'
    case 'minimum_not_met':
      return `This code needs a subtotal of at least ${toDecimalString(promotion?.minSubtotal ?? 0)}`
    case 'first_order_only':
      return 'This code is for a first order only'
    case 'not_applicable':
      return 'This code applies to none of the items in the order'
    case 'better_promotion_applies':
      return 'A better promotion already applies to this order; codes do not add to it'
  }
}

export function shippingMessage(reason: ShippingRefusal, country: string | null): string {
  switch (reason) {
    case 'address_required':
      return 'A shipping address is needed to price shipping'
    case 'no_zone':
      return `The shop does not ship to ${country}: no shipping zone holds this country`
    case 'no_method':
      return `No shipping method to ${country} takes this order (too heavy for every weight band, or none active)`
    case 'method_required':
      return 'Choose a shipping method (shipping_method_id) from the methods listed for this address'
    case 'method_not_available':
      return 'This shipping method does not ship this order to this address; choose one of those listed'
  }
}

/**
 * The price of `method` for an order of `weightGrams` worth `goods`
 * (after discounts), or null when the method does not take it.
 */
export function methodPrice(
  method: ShippingMethodRule,
  goods: number,
  weightGrams: number
): number | null {
  switch (method.rateType) {
    case 'flat':
      return method.price
    case 'free_over':
      return method.freeOver !== null && goods >= method.freeOver ? 0 : method.price
    case 'weight': {
      const band = [...method.weightBands]
        .sort((a, b) => (a.maxGrams ?? Infinity) - (b.maxGrams ?? Infinity))
        .find((candidate) => candidate.maxGrams === null || weightGrams <= candidate.maxGrams)
      return band ? band.price : null
    }
  }
}

/**
 * Tax on `amount` at `rateBp`, rounded half up to the minor unit (rule 4).
 */
export function taxOn(amount: number, rateBp: number, pricesIncludeTax: boolean): number {
  if (amount <= 0 || rateBp <= 0) return 0
  return pricesIncludeTax
    ? applyRate(amount, rateBp, BASIS + rateBp)
    : applyRate(amount, rateBp, BASIS)
}

/**
 * `amount` shared out over `weights` in proportion (largest remainder):
 * the shares always add up to `amount` exactly (100 over 1, 1, 1 is 34,
 * 33, 33), and none exceeds its weight when `amount` does not exceed
 * their sum. All zeros when `amount` or the weights' sum is not positive.
 */
export function shareOut(amount: number, weights: readonly number[]): number[] {
  const whole = weights.reduce((sum, weight) => sum + weight, 0)
  if (amount <= 0 || whole <= 0) return weights.map(() => 0)
  const exact = weights.map((weight) => (BigInt(amount) * BigInt(weight)) / BigInt(whole))
  const shares = exact.map(Number)
  let left = amount - shares.reduce((sum, share) => sum + share, 0)
  const byRemainder = weights
    .map((weight, index) => ({
      index,
      remainder: (BigInt(amount) * BigInt(weight)) % BigInt(whole),
    }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1
    )
  // `left` is less than the number of weights (the remainders' sum over
  // `whole`), so one more cent each to the largest remainders settles it.
  // When `amount` fits in the weights, a share with a remainder is below
  // its weight, so the extra cent never takes it over.
  for (const { index } of byRemainder.slice(0, left)) {
    shares[index] += 1
  }
  return shares
}

interface Candidate {
  promotion: PromotionRule
  amount: number
}

/**
 * The better of two candidates: the larger amount, then the coupon code,
 * then the older promotion.
 */
function better(a: Candidate | null, b: Candidate): Candidate {
  if (!a) return b
  if (b.amount !== a.amount) return b.amount > a.amount ? b : a
  if ((b.promotion.code !== null) !== (a.promotion.code !== null)) {
    return b.promotion.code !== null ? b : a
  }
  return b.promotion.id < a.promotion.id ? b : a
}

function lineDiscount(promotion: PromotionRule, line: PricingLine, subtotal: number): number {
  if (promotion.effect === 'percentage') {
    return Math.min(subtotal, applyRate(subtotal, Math.min(promotion.value, BASIS), BASIS))
  }
  if (promotion.effect === 'fixed') {
    return Math.min(promotion.value, line.unitPrice) * line.quantity
  }
  return 0
}

/**
 * Every amount of an order: see the rules at the top of this file.
 */
export function priceOrder(input: PricingInput): Quote {
  const { lines, customer, now } = input
  const subtotals = lines.map((line) => line.unitPrice * line.quantity)
  const subtotal = subtotals.reduce((sum, amount) => sum + amount, 0)
  const weightGrams = lines.reduce((sum, line) => sum + line.weightGrams * line.quantity, 0)

  const code = input.couponCode === null ? null : normalizeCode(input.couponCode)
  const coded = code === null ? null : (input.promotions.find((p) => p.code === code) ?? null)
  const considered = input.promotions.filter((p) => p.code === null || p === coded)
  const eligible = considered.filter(
    (promotion) => promotionRefusal(promotion, lines, subtotal, customer, now) === null
  )

  // Whether the coupon code is the best of its level somewhere (then it is
  // applied, even when that comes to 0). Only the code's promotion has a
  // code among those considered.
  let couponWon = false

  // Lines: the best line promotion per line.
  const totals = new Map<number, Candidate>()
  const lineDiscounts = lines.map((line, index) => {
    let best: Candidate | null = null
    for (const promotion of eligible) {
      if (promotion.target !== 'lines' || promotion.effect === 'free_shipping') continue
      if (!matchesLine(promotion, line)) continue
      best = better(best, { promotion, amount: lineDiscount(promotion, line, subtotals[index]) })
    }
    if (best && best.promotion.code !== null) couponWon = true
    if (best && best.amount > 0) {
      const sum = totals.get(best.promotion.id)
      totals.set(best.promotion.id, {
        promotion: best.promotion,
        amount: (sum?.amount ?? 0) + best.amount,
      })
      return best.amount
    }
    return 0
  })
  const afterLines = subtotals.map((amount, index) => amount - lineDiscounts[index])
  const remainder = afterLines.reduce((sum, amount) => sum + amount, 0)

  // Order: the best order promotion, shared out over the lines.
  let orderBest: Candidate | null = null
  for (const promotion of eligible) {
    if (promotion.target !== 'order' || promotion.effect === 'free_shipping') continue
    const amount =
      promotion.effect === 'percentage'
        ? applyRate(remainder, Math.min(promotion.value, BASIS), BASIS)
        : Math.min(promotion.value, remainder)
    orderBest = better(orderBest, { promotion, amount })
  }
  const orderDiscount = orderBest && orderBest.amount > 0 ? orderBest.amount : 0
  if (orderBest && orderBest.promotion.code !== null) couponWon = true
  const orderShares = shareOut(orderDiscount, afterLines)
  const goods = remainder - orderDiscount

  // Shipping.
  const zonesHere =
    input.country === null
      ? []
      : input.shippingMethods.filter((method) => method.countries.includes(input.country!))
  const shippingOptions: ShippingOption[] = zonesHere
    .filter((method) => method.isActive)
    .map((method) => ({ method, price: methodPrice(method, goods, weightGrams) }))
    .filter(
      (option): option is { method: ShippingMethodRule; price: number } => option.price !== null
    )
    .sort(
      (a, b) =>
        a.method.position - b.method.position || a.price - b.price || a.method.id - b.method.id
    )
    .map(({ method, price }) => ({
      id: method.id,
      name: method.name,
      zoneName: method.zoneName,
      deliveryEstimate: method.deliveryEstimate,
      price,
    }))
  const shippingMethod =
    input.shippingMethodId === null
      ? null
      : (shippingOptions.find((option) => option.id === input.shippingMethodId) ?? null)
  // The most basic reason first: an address no zone holds is refused as
  // no_zone even when the client still sends a method of another address.
  let shippingRefusal: ShippingRefusal | null = null
  if (!shippingMethod && (input.shippingZonesExist || input.shippingMethodId !== null)) {
    if (input.country === null) shippingRefusal = 'address_required'
    else if (!zonesHere.length && !input.zoneCountries?.includes(input.country)) {
      shippingRefusal = 'no_zone'
    } else if (!shippingOptions.length) shippingRefusal = 'no_method'
    else if (input.shippingMethodId === null) shippingRefusal = 'method_required'
    else shippingRefusal = 'method_not_available'
  }
  const shippingTotal = shippingMethod?.price ?? 0
  let shippingBest: Candidate | null = null
  for (const promotion of eligible) {
    if (promotion.effect !== 'free_shipping') continue
    shippingBest = better(shippingBest, { promotion, amount: shippingTotal })
  }
  const shippingDiscount = shippingBest ? shippingTotal : 0
  if (shippingBest && shippingBest.promotion.code !== null) couponWon = true

  // Tax.
  const rateFor = (taxClass: string) => {
    if (input.country === null) return null
    return (
      input.taxRates.find((rate) => rate.country === input.country && rate.taxClass === taxClass) ??
      input.taxRates.find(
        (rate) => rate.country === input.country && rate.taxClass === STANDARD_TAX_CLASS
      ) ??
      null
    )
  }
  const taxLines = new Map<number, TaxLine>()
  const addTax = (rate: TaxRateRule | null, amount: number) => {
    if (!rate) return 0
    const tax = taxOn(amount, rate.rateBp, input.pricesIncludeTax)
    const line = taxLines.get(rate.id) ?? {
      rateId: rate.id,
      name: rate.name,
      country: rate.country,
      taxClass: rate.taxClass,
      rateBp: rate.rateBp,
      base: 0,
      amount: 0,
    }
    line.base += input.pricesIncludeTax ? amount - tax : amount
    line.amount += tax
    taxLines.set(rate.id, line)
    return tax
  }
  const quotedLines: QuotedLine[] = lines.map((line, index) => {
    const discount = lineDiscounts[index] + orderShares[index]
    const rate = rateFor(line.taxClass)
    const net = subtotals[index] - discount
    const tax = addTax(rate, net)
    return {
      variantId: line.variantId,
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      subtotal: subtotals[index],
      discount,
      taxRateBp: rate?.rateBp ?? 0,
      tax,
      total: net + (input.pricesIncludeTax ? 0 : tax),
    }
  })
  addTax(rateFor(STANDARD_TAX_CLASS), shippingTotal - shippingDiscount)
  const taxes = [...taxLines.values()]
    .filter((line) => line.amount > 0 || line.base > 0)
    .sort((a, b) => b.rateBp - a.rateBp || a.rateId - b.rateId)
  const taxTotal = taxes.reduce((sum, line) => sum + line.amount, 0)

  // Discounts, in level order.
  const discounts: AppliedDiscount[] = []
  for (const { promotion, amount } of [...totals.values()].sort(
    (a, b) => a.promotion.id - b.promotion.id
  )) {
    discounts.push({
      promotionId: promotion.id,
      name: promotion.name,
      code: promotion.code,
      level: 'lines',
      amount,
    })
  }
  if (orderBest && orderDiscount > 0) {
    const { promotion } = orderBest
    discounts.push({
      promotionId: promotion.id,
      name: promotion.name,
      code: promotion.code,
      level: 'order',
      amount: orderDiscount,
    })
  }
  if (shippingBest && shippingDiscount > 0) {
    const { promotion } = shippingBest
    discounts.push({
      promotionId: promotion.id,
      name: promotion.name,
      code: promotion.code,
      level: 'shipping',
      amount: shippingDiscount,
    })
  }
  const discountTotal = discounts.reduce((sum, discount) => sum + discount.amount, 0)

  let coupon: CouponResult | null = null
  if (code !== null) {
    const refusal: CouponRefusal | null = !coded
      ? 'unknown'
      : (promotionRefusal(coded, lines, subtotal, customer, now) ??
        (couponWon ? null : 'better_promotion_applies'))
    coupon = {
      code,
      applied: refusal === null,
      reason: refusal,
      message: refusal === null ? null : couponMessage(refusal, coded),
      promotionId: coded?.id ?? null,
    }
  }

  const total = subtotal - discountTotal + shippingTotal + (input.pricesIncludeTax ? 0 : taxTotal)
  return {
    pricesIncludeTax: input.pricesIncludeTax,
    lines: quotedLines,
    discounts,
    taxes,
    shippingOptions,
    shippingMethod,
    shippingRefusal,
    coupon,
    weightGrams,
    subtotal,
    discountTotal,
    shippingTotal,
    taxTotal,
    total,
  }
}
