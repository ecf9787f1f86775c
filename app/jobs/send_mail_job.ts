import type { JobContext, JobHandler } from '#jobs/types'
import { prepareShopMail, sendShopMail, type MailJob } from '#services/shop_mail'

declare module '#jobs/types' {
  interface JobsList {
    /**
     * One shop e-mail (app/services/shop_mail.ts): what happened and the
     * ids to build it from.
     */
    'mail.send': MailJob
  }
}

/**
 * Sends one shop e-mail through SMTP. The only place mail is sent from:
 * requests enqueue `mail.send` in their transaction (JobQueue.enqueue).
 * A failure throws, so the queue retries the job with backoff.
 */
export default class SendMailJob implements JobHandler<MailJob> {
  async handle(payload: MailJob, _context: JobContext): Promise<void> {
    await sendShopMail(payload)
  }

  async prepare(): Promise<void> {
    prepareShopMail()
  }
}
