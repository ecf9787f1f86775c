/**
 * One order (or cart) line: a variant and how many units of it.
 */
export interface Line {
  variantId: number
  quantity: number
}

/**
 * Lines for the same variant are one line: their quantities add up before
 * anything is checked. The result is in variant id order.
 */
export function mergeLines(lines: readonly Line[]): Line[] {
  const merged = new Map<number, number>()
  for (const line of lines) {
    merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantity)
  }
  return [...merged]
    .map(([variantId, quantity]) => ({ variantId, quantity }))
    .sort((a, b) => a.variantId - b.variantId)
}
