import type { PaymentProviderName } from '#domain/payment_status'
import type { PaymentProvider } from '#services/payments/types'
import { StripeProvider } from '#services/payments/stripe_provider'
import { ManualProvider } from '#services/payments/manual_provider'

const providers: Record<PaymentProviderName, PaymentProvider> = {
  manual: new ManualProvider(),
  stripe: new StripeProvider(),
}

/**
 * The provider behind a payment method (`payment_methods.provider`).
 */
export function paymentProvider(name: PaymentProviderName): PaymentProvider {
  return providers[name]
}
