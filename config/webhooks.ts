import env from '#start/env'

/**
 * Outbound webhooks (issue 18). Retries are the job's
 * (config/jobs.ts: WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BACKOFF_MS).
 */
const webhooksConfig = {
  /**
   * How long a receiver gets to answer, in milliseconds.
   */
  timeoutMs: env.get('WEBHOOK_TIMEOUT_MS') ?? 5_000,
  /**
   * Allows endpoints on private, loopback and link-local addresses, and
   * plain http (local development, tests). Off by default: such URLs are
   * refused at registration and at delivery.
   */
  allowPrivate: env.get('WEBHOOKS_ALLOW_PRIVATE') ?? false,
}

export default webhooksConfig
