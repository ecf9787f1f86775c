import pg from 'pg'

/**
 * node-postgres hands bigint (int8) values back as strings, since they may
 * exceed 2^53. Ours are money in minor units under documented ceilings
 * (app/domain/money.ts) and counts: numbers, as on SQLite (issue 14,
 * finding 10: the money columns are bigint on PostgreSQL). A value beyond
 * the safe integer range stays a string rather than being rounded.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const parsed = Number(value)
  return Number.isSafeInteger(parsed) ? parsed : value
})
