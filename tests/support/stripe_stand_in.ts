import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

/**
 * The settings a test gives `configureStripe` so the real `stripe` SDK
 * talks to a stand-in (see `StripeStandIn.settings`).
 */
export const STAND_IN_KEYS = {
  secretKey: 'sk_test_standin',
  publishableKey: 'pk_test_standin',
  webhookSecret: 'whsec_standin',
} as const

export interface StripeRequest {
  method: string
  /**
   * Without the query string (`/v1/payment_intents/pi_1/capture`).
   */
  path: string
  query: Record<string, string>
  idempotencyKey: string | null
  /**
   * The form body as sent, flat: bracket keys stay as they are
   * (`metadata[payment_id]`, `automatic_payment_methods[enabled]`).
   */
  body: Record<string, string>
  headers: IncomingHttpHeaders
  /**
   * The status answered (0 while held unanswered).
   */
  status: number
  /**
   * True when the answer replayed an earlier one with the same
   * Idempotency-Key (Stripe's `Idempotent-Replayed: true`).
   */
  replayed: boolean
}

/**
 * A PaymentIntent as Stripe documents it (the fields our provider reads
 * and the usual others); https://docs.stripe.com/api/payment_intents/object
 */
export interface StandInPaymentIntent {
  id: string
  object: 'payment_intent'
  amount: number
  amount_capturable: number
  amount_received: number
  automatic_payment_methods: { enabled: boolean } | null
  canceled_at: number | null
  cancellation_reason: string | null
  capture_method: string
  client_secret: string
  confirmation_method: string
  created: number
  currency: string
  description: string | null
  last_payment_error: { type: string; code?: string; message: string } | null
  latest_charge: string | null
  livemode: false
  metadata: Record<string, string>
  next_action: null | Record<string, unknown>
  payment_method: string | null
  payment_method_types: string[]
  status:
    | 'requires_payment_method'
    | 'requires_confirmation'
    | 'requires_action'
    | 'processing'
    | 'requires_capture'
    | 'canceled'
    | 'succeeded'
}

/**
 * A Refund as Stripe documents it; https://docs.stripe.com/api/refunds/object
 */
export interface StandInRefund {
  id: string
  object: 'refund'
  amount: number
  balance_transaction: string | null
  charge: string | null
  created: number
  currency: string
  failure_reason: string | null
  metadata: Record<string, string>
  payment_intent: string | null
  reason: string | null
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled'
}

/**
 * An error answer, shaped like Stripe's: `{ error: { type, code, message } }`.
 * `shouldRetry` is sent as `Stripe-Should-Retry` (false by default, so
 * the SDK does not retry it: one answer, one recorded request).
 */
export interface StandInError {
  status?: number
  type?: 'card_error' | 'invalid_request_error' | 'api_error' | 'idempotency_error'
  code?: string
  message?: string
  shouldRetry?: boolean
}

export type RefundOutcome = 'succeeded' | 'pending' | 'failed' | StandInError

interface Answer {
  status: number
  body: unknown
  shouldRetry?: boolean
}

export interface RequestMatch {
  method?: string
  /**
   * An exact path, or a pattern tested against it.
   */
  path?: string | RegExp
}

interface FailureRule extends RequestMatch {
  error: StandInError
  times: number
}

function matches(rule: RequestMatch, entry: StripeRequest) {
  return (
    (rule.method === undefined || rule.method === entry.method) &&
    (rule.path === undefined ||
      (typeof rule.path === 'string' ? rule.path === entry.path : rule.path.test(entry.path)))
  )
}

function now() {
  return Math.floor(Date.now() / 1000)
}

function randomId(prefix: string) {
  return `${prefix}_${randomBytes(12).toString('hex')}`
}

function isError(outcome: RefundOutcome): outcome is StandInError {
  return typeof outcome === 'object'
}

/**
 * Stripe's API for the tests (issue 20): an HTTP server on 127.0.0.1 at a
 * random port that the real `stripe` SDK is pointed at (`host`, `port`,
 * `protocol: 'http'`). It records every request and answers the calls our
 * provider makes with bodies shaped like Stripe's documented objects:
 *
 * - `POST /v1/payment_intents` creates a PaymentIntent
 *   (`requires_payment_method`, client secret `<id>_secret_<random>`);
 * - `GET /v1/payment_intents/:id` answers its current state (which a test
 *   sets with `setIntent`, as if the customer had paid in the browser);
 * - `POST /v1/payment_intents/:id/capture` and `/cancel`;
 * - `POST /v1/refunds` (succeeded, unless `refundOutcome` says otherwise).
 *
 * As Stripe does, a POST whose `Idempotency-Key` was seen before gets the
 * first answer again (the same object, `Idempotent-Replayed: true`),
 * without doing anything. Anything else is a 404 `resource_missing`.
 *
 * What this does not exercise: Stripe's own validation of parameters, the
 * browser's confirmation (Stripe.js), 3-D Secure, real networking to
 * api.stripe.com.
 */
export class StripeStandIn {
  readonly requests: StripeRequest[] = []
  readonly intents = new Map<string, StandInPaymentIntent>()
  readonly refunds = new Map<string, StandInRefund>()
  /**
   * How the next refunds are answered (`succeeded` by default): `pending`,
   * `failed`, or an error answer.
   */
  refundOutcome: RefundOutcome = 'succeeded'
  #replays = new Map<string, { method: string; path: string; answer: Answer }>()
  #failures: FailureRule[] = []
  #holds: RequestMatch[] = []
  #held: Array<() => void> = []

  private constructor(private server: Server) {}

  static async start() {
    let standIn: StripeStandIn
    const server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1')
        const raw = Buffer.concat(chunks).toString('utf8')
        const entry: StripeRequest = {
          method: request.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          idempotencyKey:
            typeof request.headers['idempotency-key'] === 'string'
              ? request.headers['idempotency-key']
              : null,
          body: Object.fromEntries(new URLSearchParams(raw)),
          headers: request.headers,
          status: 0,
          replayed: false,
        }
        standIn.requests.push(entry)
        const answer = () => {
          if (response.destroyed || request.socket.destroyed) {
            return
          }
          const answered = standIn.#answer(entry)
          entry.status = answered.status
          response.statusCode = answered.status
          response.setHeader('content-type', 'application/json')
          response.setHeader('request-id', randomId('req'))
          if (entry.replayed) {
            response.setHeader('idempotent-replayed', 'true')
          }
          if (answered.status >= 400) {
            response.setHeader('stripe-should-retry', answered.shouldRetry ? 'true' : 'false')
          }
          response.end(JSON.stringify(answered.body))
        }
        if (standIn.#holds.some((rule) => matches(rule, entry))) {
          standIn.#held.push(answer)
        } else {
          answer()
        }
      })
    })
    standIn = new StripeStandIn(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return standIn
  }

  get port() {
    return (this.server.address() as AddressInfo).port
  }

  /**
   * What to give `configureStripe(...)` to point the SDK here.
   */
  get settings() {
    return {
      ...STAND_IN_KEYS,
      host: '127.0.0.1',
      port: this.port,
      protocol: 'http' as const,
    }
  }

  /**
   * The recorded requests matching `method` and `path` (a string is an
   * exact path, a RegExp is tested).
   */
  requestsTo(method: string, path: string | RegExp) {
    return this.requests.filter(
      (entry) =>
        entry.method === method &&
        (typeof path === 'string' ? entry.path === path : path.test(entry.path))
    )
  }

  /**
   * The recorded PaymentIntent creations.
   */
  get creates() {
    return this.requestsTo('POST', '/v1/payment_intents')
  }

  /**
   * The recorded refund creations.
   */
  get refundRequests() {
    return this.requestsTo('POST', '/v1/refunds')
  }

  /**
   * The recorded cancellations (voids) of PaymentIntents.
   */
  get cancels() {
    return this.requestsTo('POST', /^\/v1\/payment_intents\/[^/]+\/cancel$/)
  }

  /**
   * The recorded captures.
   */
  get captures() {
    return this.requestsTo('POST', /^\/v1\/payment_intents\/[^/]+\/capture$/)
  }

  /**
   * The recorded retrievals of PaymentIntents.
   */
  get retrieves() {
    return this.requestsTo('GET', /^\/v1\/payment_intents\/[^/]+$/)
  }

  /**
   * The PaymentIntent `id` (throws when the stand-in never made it).
   */
  intent(id: string): StandInPaymentIntent {
    const intent = this.intents.get(id)
    if (!intent) {
      throw new Error(`The Stripe stand-in has no PaymentIntent ${id}`)
    }
    return intent
  }

  /**
   * The PaymentIntent made last (throws when none was).
   */
  get lastIntent(): StandInPaymentIntent {
    const all = [...this.intents.values()]
    if (!all.length) {
      throw new Error('The Stripe stand-in made no PaymentIntent')
    }
    return all[all.length - 1]
  }

  /**
   * Changes a PaymentIntent's state as Stripe would once the customer
   * acted (retrieve answers it from now on); returns a copy of it.
   * `succeeded` without `amount_received` receives the whole amount;
   * `requires_capture` without `amount_capturable` holds the whole amount.
   */
  setIntent(id: string, changes: Partial<Omit<StandInPaymentIntent, 'id' | 'object'>>) {
    const intent = this.intent(id)
    Object.assign(intent, changes)
    if (changes.status === 'succeeded' && changes.amount_received === undefined) {
      intent.amount_received = intent.amount
      intent.amount_capturable = 0
    }
    if (changes.status === 'requires_capture' && changes.amount_capturable === undefined) {
      intent.amount_capturable = intent.amount
    }
    if (
      (changes.status === 'succeeded' || changes.status === 'requires_capture') &&
      changes.latest_charge === undefined &&
      intent.latest_charge === null
    ) {
      intent.latest_charge = randomId('ch')
    }
    return structuredClone(intent)
  }

  /**
   * Answers the next `times` requests matching `method`/`path` (any when
   * omitted) with `error` (a 400 `invalid_request_error` by default).
   */
  failNext(
    error: StandInError = {},
    match: { method?: string; path?: string | RegExp; times?: number } = {}
  ) {
    this.#failures.push({
      method: match.method,
      path: match.path,
      error,
      times: match.times ?? 1,
    })
  }

  /**
   * Keeps requests matching `method`/`path` unanswered (recorded, status
   * 0) until `release()`; they are then answered from the state at that
   * moment (a call that reached Stripe while something else happened).
   */
  hold(match: RequestMatch = {}) {
    this.#holds.push(match)
  }

  /**
   * How many requests are held unanswered.
   */
  get heldCount() {
    return this.#held.length
  }

  /**
   * Stops holding and answers the held requests, in arrival order.
   */
  release() {
    this.#holds = []
    for (const answer of this.#held.splice(0)) {
      answer()
    }
  }

  #answer(entry: StripeRequest): Answer {
    const authorization = entry.headers.authorization ?? ''
    if (authorization !== `Bearer ${STAND_IN_KEYS.secretKey}`) {
      return this.#error({
        status: 401,
        type: 'invalid_request_error',
        message: 'Invalid API Key provided',
      })
    }
    const replayKey = entry.method === 'POST' ? entry.idempotencyKey : null
    if (replayKey !== null) {
      const earlier = this.#replays.get(replayKey)
      if (earlier) {
        if (earlier.method !== entry.method || earlier.path !== entry.path) {
          return this.#error({
            status: 400,
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${earlier.method} ${earlier.path}' vs. '${entry.method} ${entry.path}').`,
          })
        }
        entry.replayed = true
        return earlier.answer
      }
    }
    const answer = this.#failure(entry) ?? this.#route(entry)
    // Stripe saves an idempotent result once the endpoint ran (a 2xx or
    // a card error), not for a 5xx or a request it refused up front.
    if (replayKey !== null && (answer.status < 300 || answer.status === 402)) {
      this.#replays.set(replayKey, {
        method: entry.method,
        path: entry.path,
        answer: { ...answer, body: structuredClone(answer.body) },
      })
    }
    return answer
  }

  #failure(entry: StripeRequest): Answer | null {
    const index = this.#failures.findIndex((rule) => matches(rule, entry))
    if (index === -1) {
      return null
    }
    const rule = this.#failures[index]
    rule.times -= 1
    if (rule.times <= 0) {
      this.#failures.splice(index, 1)
    }
    return this.#error(rule.error)
  }

  #route(entry: StripeRequest): Answer {
    const { method, path } = entry
    if (method === 'POST' && path === '/v1/payment_intents') {
      return this.#createIntent(entry)
    }
    const intentPath = path.match(/^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/)
    if (intentPath) {
      const intent = this.intents.get(intentPath[1])
      if (!intent) {
        return this.#missing('payment_intent', intentPath[1])
      }
      if (method === 'GET' && !intentPath[2]) {
        return { status: 200, body: structuredClone(intent) }
      }
      if (method === 'POST' && intentPath[2] === 'capture') {
        return this.#capture(intent, entry)
      }
      if (method === 'POST' && intentPath[2] === 'cancel') {
        return this.#cancel(intent, entry)
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      return this.#createRefund(entry)
    }
    return this.#error({
      status: 404,
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    })
  }

  #createIntent(entry: StripeRequest): Answer {
    const amount = Number(entry.body.amount)
    if (!Number.isInteger(amount) || amount < 1 || !entry.body.currency) {
      return this.#error({
        status: 400,
        type: 'invalid_request_error',
        code: 'parameter_missing',
        message: 'Missing required param: amount or currency.',
      })
    }
    const id = randomId('pi')
    const intent: StandInPaymentIntent = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      automatic_payment_methods:
        entry.body['automatic_payment_methods[enabled]'] === undefined
          ? null
          : { enabled: entry.body['automatic_payment_methods[enabled]'] === 'true' },
      canceled_at: null,
      cancellation_reason: null,
      capture_method: entry.body.capture_method ?? 'automatic_async',
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      confirmation_method: 'automatic',
      created: now(),
      currency: entry.body.currency.toLowerCase(),
      description: entry.body.description ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: StripeStandIn.metadataOf(entry.body),
      next_action: null,
      payment_method: null,
      payment_method_types: ['card'],
      status: 'requires_payment_method',
    }
    this.intents.set(id, intent)
    return { status: 200, body: structuredClone(intent) }
  }

  #capture(intent: StandInPaymentIntent, entry: StripeRequest): Answer {
    if (intent.status !== 'requires_capture') {
      return this.#unexpectedState(intent, 'capture')
    }
    const amount =
      entry.body.amount_to_capture === undefined
        ? intent.amount_capturable
        : Number(entry.body.amount_to_capture)
    intent.status = 'succeeded'
    intent.amount_received = amount
    intent.amount_capturable = 0
    return { status: 200, body: structuredClone(intent) }
  }

  #cancel(intent: StandInPaymentIntent, entry: StripeRequest): Answer {
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      return this.#unexpectedState(intent, 'cancel')
    }
    intent.status = 'canceled'
    intent.canceled_at = now()
    intent.cancellation_reason = entry.body.cancellation_reason ?? null
    intent.amount_capturable = 0
    return { status: 200, body: structuredClone(intent) }
  }

  #createRefund(entry: StripeRequest): Answer {
    const intentId = entry.body.payment_intent
    const intent = intentId ? this.intents.get(intentId) : undefined
    if (!intent) {
      return this.#missing('payment_intent', intentId ?? '')
    }
    const alreadyRefunded = [...this.refunds.values()]
      .filter((refund) => refund.payment_intent === intent.id && refund.status !== 'failed')
      .reduce((sum, refund) => sum + refund.amount, 0)
    const amount =
      entry.body.amount === undefined
        ? intent.amount_received - alreadyRefunded
        : Number(entry.body.amount)
    if (intent.status !== 'succeeded' || amount < 1) {
      return this.#error({
        status: 400,
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `PaymentIntent ${intent.id} has nothing to refund.`,
      })
    }
    if (alreadyRefunded + amount > intent.amount_received) {
      return this.#error({
        status: 400,
        type: 'invalid_request_error',
        code: 'amount_too_large',
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${intent.amount_received - alreadyRefunded})`,
      })
    }
    const outcome = this.refundOutcome
    if (isError(outcome)) {
      return this.#error(outcome)
    }
    const refund: StandInRefund = {
      id: randomId('re'),
      object: 'refund',
      amount,
      balance_transaction: outcome === 'succeeded' ? randomId('txn') : null,
      charge: intent.latest_charge,
      created: now(),
      currency: intent.currency,
      failure_reason: outcome === 'failed' ? 'unknown' : null,
      metadata: StripeStandIn.metadataOf(entry.body),
      payment_intent: intent.id,
      reason: entry.body.reason ?? null,
      status: outcome,
    }
    this.refunds.set(refund.id, refund)
    return { status: 200, body: structuredClone(refund) }
  }

  /**
   * Changes a refund's state (as Stripe would before sending
   * `refund.updated`); returns a copy.
   */
  setRefund(id: string, changes: Partial<Omit<StandInRefund, 'id' | 'object'>>) {
    const refund = this.refunds.get(id)
    if (!refund) {
      throw new Error(`The Stripe stand-in has no refund ${id}`)
    }
    Object.assign(refund, changes)
    return structuredClone(refund)
  }

  #unexpectedState(intent: StandInPaymentIntent, action: string): Answer {
    return this.#error({
      status: 400,
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `This PaymentIntent's status is ${intent.status}; you cannot ${action} it.`,
    })
  }

  #missing(kind: string, id: string): Answer {
    return this.#error({
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${kind}: '${id}'`,
    })
  }

  #error(error: StandInError): Answer {
    return {
      status: error.status ?? 400,
      shouldRetry: error.shouldRetry ?? false,
      body: {
        error: {
          type: error.type ?? 'invalid_request_error',
          ...(error.code ? { code: error.code } : {}),
          message: error.message ?? 'The stand-in was told to refuse this request.',
        },
      },
    }
  }

  /**
   * `metadata[key]` fields of a form body, as an object.
   */
  static metadataOf(body: Record<string, string>) {
    const metadata: Record<string, string> = {}
    for (const [key, value] of Object.entries(body)) {
      const match = key.match(/^metadata\[(.+)\]$/)
      if (match) {
        metadata[match[1]] = value
      }
    }
    return metadata
  }

  async close() {
    this.release()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

export interface StripeDelivery {
  event: StripeEvent
  /**
   * The raw JSON body to POST.
   */
  payload: string
  /**
   * The `Stripe-Signature` header.
   */
  signature: string
}

export interface StripeEvent {
  id: string
  object: 'event'
  api_version: string
  created: number
  data: { object: unknown }
  livemode: false
  pending_webhooks: number
  request: { id: string | null; idempotency_key: string | null }
  type: string
}

/**
 * A webhook delivery as Stripe sends it: the event JSON
 * (`{ id: 'evt_...', object: 'event', type, created, data: { object } }`)
 * and its `Stripe-Signature`, made by the SDK's own
 * `generateTestHeaderString` with `secret` (the stand-in's webhook secret
 * by default). `options.id` repeats an event (a redelivery); `created`
 * (unix seconds) orders events.
 */
export function stripeDelivery(
  type: string,
  object: unknown,
  options: { id?: string; created?: number; secret?: string } = {}
): StripeDelivery {
  const event: StripeEvent = {
    id: options.id ?? randomId('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: options.created ?? now(),
    data: { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  }
  const payload = JSON.stringify(event)
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? STAND_IN_KEYS.webhookSecret,
  })
  return { event, payload, signature }
}
