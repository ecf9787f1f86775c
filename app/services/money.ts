import '#infrastructure/pg_bigint'

/**
 * Money's rules (parsing, formatting, rounding, the ceilings) are pure
 * code in `#domain/money`; this module keeps the old import path and
 * installs the PostgreSQL bigint parser the money columns need.
 */
export * from '#domain/money'
