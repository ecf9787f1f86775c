import type Stripe from 'stripe'
import paymentsConfig from '#config/payments'
import type { AttemptStatus } from '#domain/payment_status'
import {
  ProviderError,
  WebhookSignatureError,
  type InitiateInput,
  type PaymentProvider,
  type ProviderEvent,
  type ProviderPayment,
  type ProviderRefund,
} from '#services/payments/types'

export interface StripeSettings {
  secretKey: string
  publishableKey: string
  webhookSecret: string
  host: string | null
  port: number | null
  protocol: 'http' | 'https' | null
  timeoutMs: number
}

let settings: StripeSettings = { ...paymentsConfig.stripe }
let client: Stripe | null = null

/**
 * The Stripe settings in force (config/payments.ts, from the
 * environment).
 */
export function stripeSettings(): Readonly<StripeSettings> {
  return settings
}

/**
 * Replaces some settings (the tests point the SDK at their stand-in with
 * this); returns what puts the previous ones back.
 */
export function configureStripe(overrides: Partial<StripeSettings>): () => void {
  const previous = settings
  settings = { ...settings, ...overrides }
  client = null
  return () => {
    settings = previous
    client = null
  }
}

type StripeSdk = (typeof import('stripe'))['default']

let sdk: Promise<StripeSdk> | null = null

/**
 * The SDK, imported on first use (a payment, a refund, a webhook), not at
 * boot: the first call awaits it, the others find it loaded.
 */
function stripeSdk(): Promise<StripeSdk> {
  sdk ??= import('stripe').then((module) => module.default)
  return sdk
}

async function stripe(): Promise<Stripe> {
  const Stripe = await stripeSdk()
  if (!client) {
    client = new Stripe(settings.secretKey || 'sk_unconfigured', {
      ...(settings.host ? { host: settings.host } : {}),
      ...(settings.port ? { port: settings.port } : {}),
      ...(settings.protocol ? { protocol: settings.protocol } : {}),
      timeout: settings.timeoutMs,
      maxNetworkRetries: 0,
      telemetry: false,
    })
  }
  return client
}

/**
 * Currencies Stripe counts in whole units (our amounts are hundredths of
 * a unit in every currency).
 */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
])

export function toStripeAmount(minor: number, currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? Math.round(minor / 100) : minor
}

export function fromStripeAmount(amount: number, currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? amount * 100 : amount
}

function attemptStatus(intent: Stripe.PaymentIntent): AttemptStatus {
  switch (intent.status) {
    case 'succeeded':
      return 'succeeded'
    case 'processing':
      return 'processing'
    case 'requires_capture':
      return 'authorized'
    case 'canceled':
      return 'cancelled'
    case 'requires_payment_method':
      return intent.last_payment_error ? 'failed' : 'requires_action'
    default:
      return 'requires_action'
  }
}

function paymentOf(intent: Stripe.PaymentIntent, status = attemptStatus(intent)): ProviderPayment {
  const currency = String(intent.currency ?? '').toUpperCase()
  const paymentId = Number(intent.metadata?.payment_id)
  return {
    providerRef: intent.id,
    status,
    amount: fromStripeAmount(Number(intent.amount ?? 0), currency),
    amountReceived: fromStripeAmount(Number(intent.amount_received ?? 0), currency),
    currency,
    clientSecret: intent.client_secret ?? null,
    paymentId: Number.isInteger(paymentId) && paymentId > 0 ? paymentId : null,
    failureMessage: intent.last_payment_error?.message ?? null,
  }
}

function refundOf(refund: Stripe.Refund): ProviderRefund {
  const currency = String(refund.currency ?? '').toUpperCase()
  const refundId = Number(refund.metadata?.refund_id)
  return {
    providerRef: refund.id,
    status:
      refund.status === 'succeeded'
        ? 'succeeded'
        : refund.status === 'failed' || refund.status === 'canceled'
          ? 'failed'
          : 'pending',
    amount: fromStripeAmount(Number(refund.amount ?? 0), currency),
    refundId: Number.isInteger(refundId) && refundId > 0 ? refundId : null,
    failureMessage: refund.failure_reason ?? null,
  }
}

/**
 * The SDK's error as ours: retryable when Stripe could not be reached,
 * answered 5xx or 429 (a job tries again); a refusal otherwise.
 */
function providerError(error: unknown, Stripe: StripeSdk): ProviderError {
  if (error instanceof Stripe.errors.StripeError) {
    const status = error.statusCode ?? 0
    const retryable =
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      error instanceof Stripe.errors.StripeRateLimitError ||
      status >= 500 ||
      status === 429 ||
      status === 0
    return new ProviderError(`Stripe: ${error.message}`, retryable)
  }
  return new ProviderError(`Stripe: ${(error as Error)?.message ?? String(error)}`, true)
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw providerError(error, await stripeSdk())
  }
}

/**
 * Cards through Stripe PaymentIntents, with the official SDK: the client
 * confirms in the browser with the client secret; webhooks (verified with
 * the SDK's signature check) and the browser's confirm call report the
 * outcome.
 */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const

  configured() {
    return Boolean(settings.secretKey && settings.webhookSecret)
  }

  initiate(input: InitiateInput, idempotencyKey: string) {
    return call(async () => {
      const api = await stripe()
      return paymentOf(
        await api.paymentIntents.create(
          {
            amount: toStripeAmount(input.amount, input.currency),
            currency: input.currency.toLowerCase(),
            capture_method: input.capture === 'manual' ? 'manual' : 'automatic',
            automatic_payment_methods: { enabled: true },
            metadata: { order_number: input.orderNumber, payment_id: String(input.paymentId) },
          },
          { idempotencyKey }
        )
      )
    })
  }

  retrieve(providerRef: string) {
    return call(async () => {
      const api = await stripe()
      return paymentOf(await api.paymentIntents.retrieve(providerRef))
    })
  }

  capture(providerRef: string, idempotencyKey: string) {
    return call(async () => {
      const api = await stripe()
      return paymentOf(await api.paymentIntents.capture(providerRef, {}, { idempotencyKey }))
    })
  }

  cancel(providerRef: string, idempotencyKey: string) {
    return call(async () => {
      const api = await stripe()
      return paymentOf(await api.paymentIntents.cancel(providerRef, {}, { idempotencyKey }))
    })
  }

  refund(
    input: { providerRef: string; amount: number; currency: string; refundId: number },
    idempotencyKey: string
  ) {
    return call(async () => {
      const api = await stripe()
      return refundOf(
        await api.refunds.create(
          {
            payment_intent: input.providerRef,
            amount: toStripeAmount(input.amount, input.currency),
            metadata: { refund_id: String(input.refundId) },
          },
          { idempotencyKey }
        )
      )
    })
  }

  async parseWebhook(rawBody: string, signature: string | undefined): Promise<ProviderEvent> {
    const api = await stripe()
    let event: Stripe.Event
    try {
      event = api.webhooks.constructEvent(rawBody, signature ?? '', settings.webhookSecret)
    } catch (error) {
      throw new WebhookSignatureError((error as Error).message)
    }
    const object = (event.data as { object?: unknown })?.object as Record<string, unknown> | null
    const created = typeof event.created === 'number' ? event.created : null
    if (event.type.startsWith('payment_intent.') && object?.object === 'payment_intent') {
      const intent = object as unknown as Stripe.PaymentIntent
      const status: AttemptStatus | undefined = (
        {
          'payment_intent.succeeded': 'succeeded',
          'payment_intent.processing': 'processing',
          'payment_intent.payment_failed': 'failed',
          'payment_intent.canceled': 'cancelled',
          'payment_intent.amount_capturable_updated': 'authorized',
          'payment_intent.requires_action': 'requires_action',
        } as Record<string, AttemptStatus>
      )[event.type]
      if (status) {
        return {
          id: event.id,
          type: event.type,
          created,
          payment: paymentOf(intent, status),
          refund: null,
        }
      }
    }
    if (
      (event.type === 'refund.updated' || event.type === 'refund.failed') &&
      object?.object === 'refund'
    ) {
      return {
        id: event.id,
        type: event.type,
        created,
        payment: null,
        refund: refundOf(object as unknown as Stripe.Refund),
      }
    }
    return { id: event.id, type: event.type, created, payment: null, refund: null }
  }
}
