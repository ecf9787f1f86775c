import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import Order from '#models/order'
import OrderEvent from '#models/order_event'
import Payment from '#models/payment'
import PaymentMethod from '#models/payment_method'
import PaymentProviderEvent from '#models/payment_provider_event'
import PaymentRefund from '#models/payment_refund'
import StockMovement from '#models/stock_movement'
import Product from '#models/product'
import type User from '#models/user'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import jobsConfig from '#config/jobs'
import webhooksConfig from '#config/webhooks'
import { WebhookReceiver } from '#tests/support/webhook_receiver'
import { JobQueue } from '#services/job_queue'
import { SmtpReceiver } from '#tests/support/smtp_receiver'
import { configureStripe } from '#services/payments/stripe_provider'
import {
  StripeStandIn,
  stripeDelivery,
  type StandInPaymentIntent,
  type StripeDelivery,
} from '#tests/support/stripe_stand_in'

/**
 * Payments (issue 20) for the tests: payment methods written with the
 * model, orders placed and paid through the API, Stripe webhooks delivered
 * signed, and the rows a payment leaves behind.
 */

export interface PaymentMethodSeed {
  code?: string
  name?: string
  provider?: 'manual' | 'stripe'
  payOnDelivery?: boolean
  capture?: 'automatic' | 'manual'
  /**
   * null: the order never expires.
   */
  expiresAfterMinutes?: number | null
  instructions?: string | null
  isActive?: boolean
  position?: number
}

/**
 * The method with this code, created with `seed` when there is none yet.
 */
export function createPaymentMethod(seed: PaymentMethodSeed = {}) {
  return PaymentMethod.firstOrCreate(
    { code: seed.code ?? 'card' },
    {
      code: seed.code ?? 'card',
      name: seed.name ?? 'Card',
      provider: seed.provider ?? 'stripe',
      payOnDelivery: seed.payOnDelivery ?? false,
      capture: seed.capture ?? 'automatic',
      expiresAfterMinutes: seed.expiresAfterMinutes === undefined ? 30 : seed.expiresAfterMinutes,
      instructions: seed.instructions ?? null,
      isActive: seed.isActive ?? true,
      position: seed.position ?? 0,
    }
  )
}

/**
 * Cards through Stripe, expiring after 30 minutes (code `card`).
 */
export function cardMethod(seed: PaymentMethodSeed = {}) {
  return createPaymentMethod({ code: 'card', name: 'Card', provider: 'stripe', ...seed })
}

/**
 * A bank transfer (manual, code `transfer`), expiring after 7 days.
 */
export function bankTransferMethod(seed: PaymentMethodSeed = {}) {
  return createPaymentMethod({
    code: 'transfer',
    name: 'Bank transfer',
    provider: 'manual',
    expiresAfterMinutes: 7 * 24 * 60,
    instructions: 'IBAN DE89 3704 0044 0532 0130 00, Example Shop GmbH',
    ...seed,
  })
}

/**
 * Cash on delivery (manual, pay on delivery, code `cod`), never expiring.
 */
export function cashOnDeliveryMethod(seed: PaymentMethodSeed = {}) {
  return createPaymentMethod({
    code: 'cod',
    name: 'Cash on delivery',
    provider: 'manual',
    payOnDelivery: true,
    expiresAfterMinutes: null,
    ...seed,
  })
}

/**
 * A Stripe stand-in with the SDK pointed at it; `stop()` puts the
 * previous Stripe settings back and closes the stand-in.
 */
export async function startStripe() {
  const standIn = await StripeStandIn.start()
  const restore = configureStripe(standIn.settings)
  return {
    standIn,
    async stop() {
      restore()
      await standIn.close()
    },
  }
}

/**
 * Runs the background jobs in this process (the refund, void and capture
 * jobs call the stand-in), polling every 100 ms, with an SMTP receiver
 * taking the mails payment changes send; call in `group.setup` and the
 * returned function in its teardown.
 */
/**
 * What a payment change sends, caught here: the jobs running in this
 * process, a real SMTP receiver and a webhook receiver (private addresses
 * allowed for it). Returns both receivers and what stops everything.
 */
export async function startPaymentOutputs() {
  const saved = { pollMs: jobsConfig.pollMs, allowPrivate: webhooksConfig.allowPrivate }
  const smtp = await SmtpReceiver.start()
  const receiver = await WebhookReceiver.start()
  jobsConfig.pollMs = 100
  webhooksConfig.allowPrivate = true
  await JobQueue.start({ worker: true })
  const stop = async () => {
    await JobQueue.stop()
    await receiver.close()
    await smtp.stop()
    jobsConfig.pollMs = saved.pollMs
    webhooksConfig.allowPrivate = saved.allowPrivate
  }
  return { smtp, receiver, stop }
}

export async function runJobsHere() {
  const saved = jobsConfig.pollMs
  const smtp = await SmtpReceiver.start()
  jobsConfig.pollMs = 100
  await JobQueue.start({ worker: true })
  return async () => {
    await JobQueue.stop()
    await smtp.stop()
    jobsConfig.pollMs = saved
  }
}

/**
 * Checks out these lines as `user` through the API paying with the method
 * `paymentMethod` (its code); 201 expected; returns the order number.
 */
export async function placeOrderPaying(
  client: ApiClient,
  user: User,
  lines: Array<[Product, number]>,
  paymentMethod: string
) {
  const response = await client
    .post('/api/v1/orders')
    .loginAs(user)
    .json({
      items: lines.map(([product, quantity]) => ({ product_id: product.id, quantity })),
      payment_method: paymentMethod,
    })
  response.assertStatus(201)
  return response.body().data.number as string
}

/**
 * `POST /orders/:number/payment` as `user` (the response, unchecked).
 */
export function startPayment(client: ApiClient, user: User, number: string) {
  return client.post(`/api/v1/orders/${number}/payment`).loginAs(user)
}

/**
 * `POST /orders/:number/payment/confirm` as `user` (the response,
 * unchecked).
 */
export function confirmPayment(client: ApiClient, user: User, number: string) {
  return client.post(`/api/v1/orders/${number}/payment/confirm`).loginAs(user)
}

/**
 * Starts a card payment (200 expected) and returns the session and the
 * stand-in's PaymentIntent it created.
 */
export async function startCardPayment(
  client: ApiClient,
  standIn: StripeStandIn,
  user: User,
  number: string
) {
  const response = await startPayment(client, user, number)
  response.assertStatus(200)
  const session = response.body().data
  const intent = standIn.intent(session.payment_intent)
  return { session, intent }
}

/**
 * POSTs a Stripe webhook delivery to our webhook route (the response,
 * unchecked). The body goes as the exact JSON that was signed.
 */
export function deliverWebhook(client: ApiClient, delivery: StripeDelivery) {
  return client
    .post('/api/v1/payments/stripe/webhook')
    .header('stripe-signature', delivery.signature)
    .type('json')
    .json(delivery.payload as never)
}

/**
 * Sets the stand-in's PaymentIntent to `changes` (as Stripe would once the
 * customer paid) and builds the signed `type` event carrying it.
 */
export function intentEvent(
  standIn: StripeStandIn,
  intentId: string,
  type: string,
  changes: Partial<Omit<StandInPaymentIntent, 'id' | 'object'>> = {},
  options: { id?: string; created?: number } = {}
) {
  const intent = standIn.setIntent(intentId, changes)
  return stripeDelivery(type, intent, options)
}

/**
 * A `payment_intent.succeeded` delivery for the whole amount (the
 * stand-in's PaymentIntent moves to succeeded too).
 */
export function succeededEvent(
  standIn: StripeStandIn,
  intentId: string,
  options: { id?: string; created?: number } = {}
) {
  return intentEvent(
    standIn,
    intentId,
    'payment_intent.succeeded',
    { status: 'succeeded' },
    options
  )
}

export interface CardOrderOptions {
  price?: number
  stock?: number
  quantity?: number
  /**
   * A second line (another product) when given: its quantity.
   */
  secondLine?: number
}

/**
 * A customer's card order, placed through the API, its payment started
 * (the stand-in made the PaymentIntent): the customer, the products, the
 * order row, the session the API answered and the PaymentIntent.
 */
export async function cardOrder(
  client: ApiClient,
  standIn: StripeStandIn,
  options: CardOrderOptions = {}
) {
  await cardMethod()
  const customer = await UserFactory.create()
  const stock = options.stock ?? 10
  const product = await ProductFactory.merge({ price: options.price ?? 2500, stock }).create()
  const lines: Array<[Product, number]> = [[product, options.quantity ?? 2]]
  const products = [product]
  if (options.secondLine !== undefined) {
    const other = await ProductFactory.merge({ price: 1250, stock }).create()
    lines.push([other, options.secondLine])
    products.push(other)
  }
  const number = await placeOrderPaying(client, customer, lines, 'card')
  const { session, intent } = await startCardPayment(client, standIn, customer, number)
  const order = await orderRow(number)
  return { customer, product, products, lines, number, order, session, intent }
}

/**
 * The products' stock now, in the order given.
 */
export async function stockOf(products: Product[]) {
  return Promise.all(products.map(async (product) => (await Product.findOrFail(product.id)).stock))
}

/**
 * The order as stored now.
 */
export function orderRow(number: string) {
  return Order.findByOrFail('number', number)
}

/**
 * The order's `payment` order_events rows, oldest first.
 */
export async function paymentEvents(orderId: number) {
  return OrderEvent.query().where('order_id', orderId).where('type', 'payment').orderBy('id')
}

export async function paymentsOf(orderId: number) {
  return Payment.query().where('order_id', orderId).orderBy('id')
}

export async function refundsOf(orderId: number) {
  return PaymentRefund.query().where('order_id', orderId).orderBy('id')
}

export async function providerEvents() {
  return PaymentProviderEvent.query().orderBy('id')
}

export async function stockMovementsOf(orderId: number) {
  return StockMovement.query().where('order_id', orderId).orderBy('id')
}

/**
 * Moves the order's payment window into the past (as if it had been
 * waiting `minutes` too long).
 */
export async function makeOverdue(number: string, minutes = 1) {
  const order = await orderRow(number)
  order.paymentExpiresAt = DateTime.now().minus({ minutes })
  await order.save()
  return order
}
