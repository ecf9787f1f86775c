import { createHash } from 'node:crypto'

/**
 * The value with every object's keys in sorted order, at every depth;
 * arrays keep their order (it means something), dates and other values
 * are left as JSON writes them.
 */
function canonical(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(canonical)
  if (input && typeof input === 'object' && !(input instanceof Date)) {
    return Object.fromEntries(
      Object.keys(input)
        .sort()
        .map((key) => [key, canonical((input as Record<string, unknown>)[key])])
    )
  }
  return input
}

/**
 * The fingerprint an Idempotency-Key is stored with: the SHA-256 (hex) of
 * the validated request body written as canonical JSON, so the same
 * fields in another order hash the same and any other value does not.
 */
export function hashRequest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(value) ?? null))
    .digest('hex')
}
