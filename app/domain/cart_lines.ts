/**
 * One order (or cart) line: a product and how many units of it.
 */
export interface Line {
  productId: number
  quantity: number
}

/**
 * Lines for the same product are one line: their quantities add up before
 * anything is checked. The result is in product id order, the order in
 * which checkout locks the rows (so two checkouts never deadlock).
 */
export function mergeLines(lines: readonly Line[]): Line[] {
  const merged = new Map<number, number>()
  for (const line of lines) {
    merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity)
  }
  return [...merged]
    .map(([productId, quantity]) => ({ productId, quantity }))
    .sort((a, b) => a.productId - b.productId)
}
