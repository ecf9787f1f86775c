/**
 * A column holding JSON in text (the same on SQLite and PostgreSQL):
 * written with JSON.stringify, read back whether the driver hands over
 * the text or an already parsed value.
 */
export function jsonColumn<T>(empty: T) {
  return {
    prepare: (value: T | null | undefined) => JSON.stringify(value ?? empty),
    consume: (value: string | T | null): T =>
      value === null || value === undefined
        ? empty
        : typeof value === 'string'
          ? (JSON.parse(value) as T)
          : value,
  }
}
