import { DateTime } from 'luxon'

/**
 * Every timestamp the API answers, in one precision on both databases
 * (issue 15, item 8): ISO 8601 in UTC to the second, `2026-11-26T09:42:32Z`.
 * SQLite keeps seconds and PostgreSQL microseconds, so milliseconds would
 * differ between a write's answer (the clock's value) and a later read of
 * the same row on SQLite; cut to the second, they are equal everywhere.
 */
export function isoTimestamp(value: DateTime | Date): string
export function isoTimestamp(value: DateTime | Date | null | undefined): string | null
export function isoTimestamp(value: DateTime | Date | null | undefined): string | null {
  if (!value) {
    return null
  }
  const time = value instanceof Date ? DateTime.fromJSDate(value) : value
  return time.toUTC().startOf('second').toISO({ suppressMilliseconds: true })
}
