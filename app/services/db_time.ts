import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/**
 * A timestamp formatted the way Lucid's models write it on this
 * connection's dialect, for raw query-builder updates (which, unlike the
 * models, do not convert DateTime values).
 */
export function dbTimestamp(client?: QueryClientContract, at: DateTime = DateTime.now()): string {
  return at.toFormat((client ?? db.connection()).dialect.dateTimeFormat)
}
