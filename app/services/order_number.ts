import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'

/**
 * Crockford's base 32: no I, L, O or U, so a number read over the phone
 * is not misheard.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * "SO-261122-7KQ3MZ4P": the day it was placed and 40 random bits. Unique
 * in practice; the unique index has the last word.
 */
export function newOrderNumber(at: DateTime = DateTime.utc()): string {
  let suffix = ''
  for (let index = 0; index < 8; index++) {
    suffix += ALPHABET[randomInt(ALPHABET.length)]
  }
  return `SO-${at.toFormat('yyMMdd')}-${suffix}`
}

export const ORDER_NUMBER_PATTERN = /^SO-\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/
