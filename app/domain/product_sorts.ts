/**
 * The orders a product list can be sorted in (`?sort=`): a field, or
 * `-field` for descending.
 */
export const PRODUCT_SORTS = [
  'price',
  '-price',
  'name',
  '-name',
  'created_at',
  '-created_at',
  'stock',
  '-stock',
] as const
export type ProductSort = (typeof PRODUCT_SORTS)[number]
