import type { JobContext, JobHandler } from '#jobs/types'
import { PaymentService } from '#services/payment_service'

declare module '#jobs/types' {
  interface JobsList {
    /**
     * Cancel a card attempt of an order that will not be paid (issue 20).
     */
    'payment.void': { paymentId: number }
  }
}

/**
 * Job `payment.void`: PaymentService.runVoid. A provider that cannot be
 * reached throws, and the queue retries with backoff.
 */
export default class VoidPaymentJob implements JobHandler<{ paymentId: number }> {
  async handle(payload: { paymentId: number }, _context: JobContext): Promise<void> {
    await new PaymentService().runVoid(payload.paymentId)
  }
}
