import type { JobContext, JobHandler, JobsList } from '#jobs/types'

/**
 * Sends one webhook delivery (work in progress: wired in a later commit).
 */
export default class DeliverWebhookJob implements JobHandler<JobsList['webhook.deliver']> {
  async handle(_payload: JobsList['webhook.deliver'], _context: JobContext): Promise<void> {
    throw new Error('webhook delivery is not implemented yet')
  }
}
