import type { JobContext, JobHandler } from '#jobs/types'
import { PaymentService } from '#services/payment_service'

declare module '#jobs/types' {
  interface JobsList {
    /**
     * Capture an authorized card payment (issue 20).
     */
    'payment.capture': { paymentId: number }
  }
}

/**
 * Job `payment.capture`: PaymentService.runCapture. A provider that cannot be
 * reached throws, and the queue retries with backoff.
 */
export default class CapturePaymentJob implements JobHandler<{ paymentId: number }> {
  async handle(payload: { paymentId: number }, _context: JobContext): Promise<void> {
    await new PaymentService().runCapture(payload.paymentId)
  }
}
