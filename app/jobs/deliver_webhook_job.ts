import { inject } from '@adonisjs/core'
import type { JobContext, JobHandler, JobsList } from '#jobs/types'
import { WebhookService } from '#services/webhook_service'

/**
 * One attempt of one webhook delivery. A failed attempt is logged and
 * thrown, so the queue retries it with backoff (config/jobs.ts:
 * WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BACKOFF_MS); the last one fails the
 * delivery and marks its endpoint failing instead.
 */
@inject()
export default class DeliverWebhookJob implements JobHandler<JobsList['webhook.deliver']> {
  constructor(protected webhooks: WebhookService) {}

  async handle(payload: JobsList['webhook.deliver'], context: JobContext): Promise<void> {
    const outcome = await this.webhooks.attempt(
      payload.deliveryId,
      context.attempt >= context.maxAttempts
    )
    if (outcome === 'retry') {
      throw new Error(`Webhook delivery ${payload.deliveryId}: attempt ${context.attempt} failed`)
    }
  }
}
