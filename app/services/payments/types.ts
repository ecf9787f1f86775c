import type { AttemptStatus, PaymentProviderName } from '#domain/payment_status'

/**
 * A payment attempt as the provider reports it. Amounts in the order's
 * minor units.
 */
export interface ProviderPayment {
  providerRef: string
  status: AttemptStatus
  amount: number
  amountReceived: number
  /**
   * Upper case, as orders keep it.
   */
  currency: string
  clientSecret: string | null
  /**
   * Our payments row id, from the provider object's metadata.
   */
  paymentId: number | null
  failureMessage: string | null
}

export interface ProviderRefund {
  providerRef: string
  status: 'pending' | 'succeeded' | 'failed'
  amount: number
  /**
   * Our refund row id, from the provider object's metadata.
   */
  refundId: number | null
  failureMessage: string | null
}

/**
 * A verified incoming provider event: what it says happened to a payment
 * or a refund (`payment`/`refund` null: an event we do not act on).
 */
export interface ProviderEvent {
  id: string
  type: string
  /**
   * Unix seconds, as the provider stamped it.
   */
  created: number | null
  payment: ProviderPayment | null
  refund: ProviderRefund | null
}

/**
 * What starting a payment needs to know.
 */
export interface InitiateInput {
  paymentId: number
  orderNumber: string
  amount: number
  currency: string
  capture: 'automatic' | 'manual'
}

/**
 * A payment provider (issue 20): one per `payment_methods.provider`. The
 * calls that reach the provider run outside any database transaction, with
 * an idempotency key the caller derives from our row ids, so that a retry
 * is the same request to the provider.
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName
  /**
   * Whether it can take payments now (keys configured).
   */
  configured(): boolean
  initiate(input: InitiateInput, idempotencyKey: string): Promise<ProviderPayment>
  retrieve(providerRef: string): Promise<ProviderPayment>
  capture(providerRef: string, idempotencyKey: string): Promise<ProviderPayment>
  cancel(providerRef: string, idempotencyKey: string): Promise<ProviderPayment>
  refund(
    input: { providerRef: string; amount: number; currency: string; refundId: number },
    idempotencyKey: string
  ): Promise<ProviderRefund>
  /**
   * Verifies and reads an incoming webhook delivery (throws
   * WebhookSignatureError when it is not the provider's).
   */
  parseWebhook(rawBody: string, signature: string | undefined): Promise<ProviderEvent>
}

export class WebhookSignatureError extends Error {}

/**
 * The provider refused or could not be reached. `retryable`: a network
 * error, a timeout, a 5xx or 429 (a job tries again); otherwise the
 * request itself was refused (a 4xx).
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    public retryable: boolean
  ) {
    super(message)
  }
}
