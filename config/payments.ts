import env from '#start/env'

/**
 * Payments (issue 20). Stripe's keys come from the environment; without a
 * secret key no stripe payment method can be active. STRIPE_API_HOST,
 * STRIPE_API_PORT and STRIPE_API_PROTOCOL point the official SDK at
 * another server (stripe-mock, or the stand-in the tests start).
 */
const paymentsConfig = {
  stripe: {
    secretKey: env.get('STRIPE_SECRET_KEY') ?? '',
    publishableKey: env.get('STRIPE_PUBLISHABLE_KEY') ?? '',
    webhookSecret: env.get('STRIPE_WEBHOOK_SECRET') ?? '',
    host: env.get('STRIPE_API_HOST') ?? null,
    port: env.get('STRIPE_API_PORT') ?? null,
    protocol: env.get('STRIPE_API_PROTOCOL') ?? null,
    /**
     * One call to Stripe waits at most this long (milliseconds).
     */
    timeoutMs: env.get('STRIPE_TIMEOUT_MS') ?? 15_000,
  },
}

export default paymentsConfig
