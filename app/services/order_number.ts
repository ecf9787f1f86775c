import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import { formatOrderNumber } from '#domain/order_number'

export { ORDER_NUMBER_ALPHABET, ORDER_NUMBER_PATTERN, isOrderNumber } from '#domain/order_number'

/**
 * "SO-261122-7KQ3MZ4P": the day it was placed and 40 random bits. Unique
 * in practice; the unique index has the last word.
 */
export function newOrderNumber(at: DateTime = DateTime.utc()): string {
  return formatOrderNumber(at, randomInt)
}
