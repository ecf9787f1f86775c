import {
  ProviderError,
  WebhookSignatureError,
  type PaymentProvider,
  type ProviderPayment,
  type ProviderRefund,
} from '#services/payments/types'

/**
 * Bank transfer and cash on delivery: nothing to call. The customer is
 * shown the method's instructions and the order number as reference;
 * staff record the money when it arrives (or on delivery) and record the
 * refunds they send back, with a reference.
 */
export class ManualProvider implements PaymentProvider {
  readonly name = 'manual' as const

  configured() {
    return true
  }

  private refuse(): never {
    throw new ProviderError('A manual payment method has no provider to call', false)
  }

  initiate(): Promise<ProviderPayment> {
    return this.refuse()
  }

  retrieve(): Promise<ProviderPayment> {
    return this.refuse()
  }

  capture(): Promise<ProviderPayment> {
    return this.refuse()
  }

  cancel(): Promise<ProviderPayment> {
    return this.refuse()
  }

  refund(): Promise<ProviderRefund> {
    return this.refuse()
  }

  parseWebhook(): never {
    throw new WebhookSignatureError('A manual payment method receives no webhooks')
  }
}
