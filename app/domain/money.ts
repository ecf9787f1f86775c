/**
 * Money: integer minor units (cents) in the database and in every
 * computation, a decimal string ("19.99") in the API and the panel. Never
 * a float in between.
 *
 * The rounding rule (one, for every amount the shop computes):
 * - an amount someone types is never rounded: more than two decimals is
 *   refused ("19.999" is an error, not 20.00);
 * - sums and products of minor units (a line is unit price x quantity, an
 *   order the sum of its lines) are exact integers and need no rounding;
 * - an amount computed as a share of another (a percentage, a rate, a
 *   split) rounds to the nearest minor unit, a half away from zero
 *   (0.5 cent -> 1 cent, -0.5 cent -> -1 cent), done in integers so no
 *   float error decides it: `applyRate`.
 *
 * Pure: no I/O, no framework imports.
 */

/**
 * A decimal amount: 1 to 9 digits, then optionally a dot and 1 or 2
 * digits. No sign, no thousands separator, no comma, no exponent.
 */
export const DECIMAL_AMOUNT = /^\d{1,9}(\.\d{1,2})?$/

/**
 * The documented ceilings (README, API conventions), in minor units: a
 * product's price, one order line (unit price x quantity) and one order
 * (or cart). Far below 2^53 and below PostgreSQL's integer range, on
 * columns that are bigint anyway (issue 14, finding 10).
 */
export const MAX_PRICE = 100_000_000
export const MAX_LINE_TOTAL = 1_000_000_000
export const MAX_ORDER_TOTAL = 1_000_000_000

/**
 * "19.99" -> 1999. Throws a TypeError on anything DECIMAL_AMOUNT refuses;
 * validate first (or use `parsePrice`) where the input comes from a user.
 */
export function toMinorUnits(amount: string): number {
  if (!DECIMAL_AMOUNT.test(amount)) {
    throw new TypeError(`Not a decimal amount: ${amount}`)
  }
  const [units, fraction = ''] = amount.split('.')
  return Number(units) * 100 + Number(fraction.padEnd(2, '0'))
}

/**
 * 1999 -> "19.99", -5 -> "-0.05". A fractional input is truncated toward
 * zero (minor units are integers; nothing should pass one).
 */
export function toDecimalString(minorUnits: number): string {
  const sign = minorUnits < 0 ? '-' : ''
  const absolute = Math.abs(Math.trunc(minorUnits))
  const units = Math.floor(absolute / 100)
  const cents = String(absolute % 100).padStart(2, '0')
  return `${sign}${units}.${cents}`
}

/**
 * `amount x numerator / denominator`, rounded to the nearest minor unit,
 * a half away from zero (the rounding rule above). `applyRate(1999, 2000,
 * 10_000)` is 20% of 19.99 = 399.8 cents -> 400. Exact for any safe
 * integers (computed with BigInt).
 */
export function applyRate(amount: number, numerator: number, denominator: number): number {
  for (const [name, value] of [
    ['amount', amount],
    ['numerator', numerator],
    ['denominator', denominator],
  ] as const) {
    if (!Number.isSafeInteger(value)) {
      throw new TypeError(`applyRate: ${name} must be a safe integer, got ${value}`)
    }
  }
  if (denominator === 0) {
    throw new RangeError('applyRate: the denominator must not be 0')
  }
  const product = BigInt(amount) * BigInt(numerator)
  const divisor = BigInt(denominator)
  const negative = product < 0n !== divisor < 0n
  const absProduct = product < 0n ? -product : product
  const absDivisor = divisor < 0n ? -divisor : divisor
  let quotient = absProduct / absDivisor
  if ((absProduct % absDivisor) * 2n >= absDivisor) {
    quotient += 1n
  }
  const result = Number(negative ? -quotient : quotient)
  return result === 0 ? 0 : result
}

export type PriceRule = 'decimalAmount' | 'positiveAmount' | 'maxPrice'

export type PriceParse =
  { ok: true; minorUnits: number } | { ok: false; rule: PriceRule; message: string }

/**
 * A product's price as a user typed it (API body or panel form): a
 * decimal string, greater than 0, at most MAX_PRICE. Surrounding white
 * space is forgiven; anything else wrong is refused with the message the
 * API's validator gives ("1,50", "abc", "19.999", "-1" and "0" are all
 * refused, never guessed at).
 */
export function parsePrice(value: unknown, field = 'price'): PriceParse {
  const text = typeof value === 'string' ? value.trim() : undefined
  if (text === undefined || !DECIMAL_AMOUNT.test(text)) {
    return {
      ok: false,
      rule: 'decimalAmount',
      message: `The ${field} field must be a decimal amount like "19.99"`,
    }
  }
  const minorUnits = toMinorUnits(text)
  if (minorUnits <= 0) {
    return {
      ok: false,
      rule: 'positiveAmount',
      message: `The ${field} field must be greater than 0`,
    }
  }
  if (minorUnits > MAX_PRICE) {
    return {
      ok: false,
      rule: 'maxPrice',
      message: `The ${field} field must be at most ${toDecimalString(MAX_PRICE)}`,
    }
  }
  return { ok: true, minorUnits }
}
