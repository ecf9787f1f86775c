import type { DateTime } from 'luxon'

/**
 * Crockford's base 32: no I, L, O or U, so a number read over the phone
 * is not misheard.
 */
export const ORDER_NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * "SO-261122-7KQ3MZ4P": "SO-", the UTC day it was placed (yyMMdd), "-",
 * then 8 characters of the alphabet above.
 */
export const ORDER_NUMBER_PATTERN = /^SO-\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/

export const ORDER_NUMBER_SUFFIX_LENGTH = 8

/**
 * An order number for `at` whose 8 suffix characters are picked by
 * `pick(32)` (an integer from 0 to 31, e.g. node:crypto's `randomInt`):
 * 40 random bits, unique in practice; the unique index has the last word.
 * Pure: the caller brings the clock and the randomness
 * (`#services/order_number` `newOrderNumber`).
 */
export function formatOrderNumber(at: DateTime, pick: (size: number) => number): string {
  let suffix = ''
  for (let index = 0; index < ORDER_NUMBER_SUFFIX_LENGTH; index++) {
    const position = pick(ORDER_NUMBER_ALPHABET.length)
    if (!Number.isInteger(position) || position < 0 || position >= ORDER_NUMBER_ALPHABET.length) {
      throw new RangeError(`An order number character index must be 0 to 31, got ${position}`)
    }
    suffix += ORDER_NUMBER_ALPHABET[position]
  }
  return `SO-${at.toFormat('yyMMdd')}-${suffix}`
}

/**
 * Whether `value` is an order number, as written or typed in lower case
 * with spaces around it (the way the API's path parameter reads it).
 */
export function isOrderNumber(value: unknown): value is string {
  return typeof value === 'string' && ORDER_NUMBER_PATTERN.test(value.trim().toUpperCase())
}
