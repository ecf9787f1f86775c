/**
 * Why stock moved, as a `stock_movements` row says: a sale (an order
 * line), a cancelled order's units put back, a staff adjustment or a
 * return, a CSV import, or the opening balance of a new variant.
 */
export const STOCK_MOVEMENT_REASONS = [
  'initial',
  'sale',
  'cancellation',
  'adjustment',
  'import',
  'return',
] as const
export type StockMovementReason = (typeof STOCK_MOVEMENT_REASONS)[number]
