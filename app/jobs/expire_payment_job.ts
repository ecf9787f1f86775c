import type { JobContext, JobHandler } from '#jobs/types'
import { PaymentService } from '#services/payment_service'

declare module '#jobs/types' {
  interface JobsList {
    /**
     * An unpaid order's payment window closed: expire it (if still unpaid) (issue 20).
     */
    'payment.expire': { orderId: number }
  }
}

/**
 * Job `payment.expire`: PaymentService.expireOrder. A provider that cannot be
 * reached throws, and the queue retries with backoff.
 */
export default class ExpirePaymentJob implements JobHandler<{ orderId: number }> {
  async handle(payload: { orderId: number }, _context: JobContext): Promise<void> {
    await new PaymentService().expireOrder(payload.orderId)
  }
}
