import type { JobContext, JobHandler } from '#jobs/types'
import { PaymentService } from '#services/payment_service'

declare module '#jobs/types' {
  interface JobsList {
    /**
     * Send a pending refund to its provider (issue 20).
     */
    'payment.refund': { refundId: number }
  }
}

/**
 * Job `payment.refund`: PaymentService.runRefund. A provider that cannot be
 * reached throws, and the queue retries with backoff.
 */
export default class RefundPaymentJob implements JobHandler<{ refundId: number }> {
  async handle(payload: { refundId: number }, _context: JobContext): Promise<void> {
    await new PaymentService().runRefund(payload.refundId)
  }
}
