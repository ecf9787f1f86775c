import '#services/pg_bigint'

/**
 * Money is integer minor units (cents) in the database and a decimal
 * string ("19.99") in the API. Never a float in between.
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

export function toMinorUnits(amount: string): number {
  if (!DECIMAL_AMOUNT.test(amount)) {
    throw new TypeError(`Not a decimal amount: ${amount}`)
  }
  const [units, fraction = ''] = amount.split('.')
  return Number(units) * 100 + Number(fraction.padEnd(2, '0'))
}

export function toDecimalString(minorUnits: number): string {
  const sign = minorUnits < 0 ? '-' : ''
  const absolute = Math.abs(Math.trunc(minorUnits))
  const units = Math.floor(absolute / 100)
  const cents = String(absolute % 100).padStart(2, '0')
  return `${sign}${units}.${cents}`
}
