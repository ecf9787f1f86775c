/**
 * A variant's SKU: 1 to 64 letters, digits, ".", "_" or "-", starting
 * with a letter or a digit. SKUs travel in URLs (`GET /variants/{sku}`)
 * and CSV files, so nothing that needs escaping there; case is kept and
 * they are unique as written.
 */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export const SKU_ACCEPTS =
  'a SKU of 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit'
