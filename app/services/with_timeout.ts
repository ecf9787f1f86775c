/**
 * The operation's result, or a rejection once `ms` have passed without
 * one: for calls to a store that may stall (a paused or partitioned
 * Redis answers nothing, not even an error), whose callers fall back
 * rather than wait. The operation itself is not cancelled; its late
 * outcome is ignored.
 */
export function withTimeout<T>(operation: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
  })
  operation.catch(() => {})
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer))
}
