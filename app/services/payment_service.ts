import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Order from '#models/order'
import type User from '#models/user'
import Payment from '#models/payment'
import PaymentMethod from '#models/payment_method'
import PaymentRefund from '#models/payment_refund'
import PaymentProviderEvent, { type ProviderEventOutcome } from '#models/payment_provider_event'
import { ApiError } from '#exceptions/api_error'
import { OrderEvents } from '#events/order_events'
import { StaffAudit } from '#services/staff_audit'
import { JobQueue } from '#services/job_queue'
import { dbTimestamp } from '#services/db_time'
import { restockOrder } from '#services/order_restock'
import { paymentProvider } from '#services/payments/providers'
import { stripeSettings } from '#services/payments/stripe_provider'
import {
  ProviderError,
  WebhookSignatureError,
  type ProviderPayment,
  type ProviderRefund,
} from '#services/payments/types'
import {
  attemptMayMove,
  isPayable,
  refundable,
  settledStatus,
  type PaymentProviderName,
  type PaymentStatus,
} from '#domain/payment_status'
import { toDecimalString } from '#domain/money'
import type { PaymentSessionData } from '#serializers/payment_serializer'

type Trx = TransactionClientContract

interface Origin {
  ip: string | null
}

interface EventActor {
  actorId: number | null
  actorRole: 'customer' | 'staff' | 'admin' | 'system'
}

const SYSTEM: EventActor = { actorId: null, actorRole: 'system' }

export type WebhookOutcome = ProviderEventOutcome | 'duplicate'

/**
 * An attempt's state that may still turn into money: a customer resumes
 * it rather than starting another.
 */
const OPEN_ATTEMPTS = ['creating', 'requires_action', 'processing', 'failed'] as const

function ref(order: Order) {
  return { orderId: order.id, orderNumber: order.number, userId: order.userId }
}

function staffActor(actor: User): EventActor {
  return { actorId: actor.id, actorRole: actor.role }
}

function notDue(order: Order, message: string) {
  return new ApiError(409, 'E_PAYMENT_NOT_DUE', message, [
    {
      code: 'E_PAYMENT_NOT_DUE',
      message,
      payment_status: order.paymentStatus,
      status: order.status,
    },
  ])
}

function providerFailure(error: unknown): ApiError {
  const message =
    error instanceof ProviderError
      ? `The payment provider could not be reached or refused the request: ${error.message}`
      : 'The payment provider could not be reached: try again shortly'
  return new ApiError(502, 'E_PAYMENT_PROVIDER_ERROR', message)
}

/**
 * Taking the money (issue 20): starting and resuming payments, the
 * provider's webhooks and the browser's confirm call (applied exactly
 * once), staff-recorded payments, refunds, capture, and the expiry of
 * unpaid orders.
 *
 * Every change of an order's payment runs in a transaction that locks
 * the order row first (FOR UPDATE on PostgreSQL; SQLite serializes
 * writers) and re-reads the attempt under that lock, so two deliveries of
 * one event, a delivery and the browser's confirm call, or a payment and
 * the expiry, queue on the order and the second sees what the first did.
 * Calls to a provider run outside any transaction, with idempotency keys
 * derived from our row ids (`payment-<id>`, `refund-<id>`, `capture-<id>`,
 * `void-<id>`); refunds, captures and voids run as jobs.
 */
export class PaymentService {
  // ---------------------------------------------------------------- customer

  /**
   * Starts or resumes paying `orderNumber` (the user's own, pending and
   * not yet paid). Stripe: an open PaymentIntent is handed back as it is;
   * otherwise a new attempt row is written, the intent created (outside
   * the transaction, idempotency key `payment-<id>`) and its client secret
   * stored.
   */
  async startPayment(user: User, orderNumber: string): Promise<PaymentSessionData> {
    const prepared = await db.transaction(async (trx) => {
      const order = await this.ownOrder(trx, user, orderNumber)
      this.assertPayable(order)
      const method = order.paymentMethodId
        ? await PaymentMethod.find(order.paymentMethodId, { client: trx })
        : null
      if (order.paymentProvider !== 'stripe') {
        return { order, method, payment: null, create: false }
      }
      if (!paymentProvider('stripe').configured()) {
        throw new ApiError(
          503,
          'E_PAYMENT_PROVIDER_UNAVAILABLE',
          'Card payments are not available right now: try again later or choose another method'
        )
      }
      const due = order.total - Number(order.amountPaid)
      const open = await Payment.query({ client: trx })
        .where('order_id', order.id)
        .where('provider', 'stripe')
        .whereIn('status', [...OPEN_ATTEMPTS])
        .where('amount', due)
        .orderBy('id', 'desc')
        .first()
      if (open && open.providerRef && open.clientSecret) {
        return { order, method, payment: open, create: false }
      }
      const payment =
        open ??
        (await Payment.create(
          {
            orderId: order.id,
            methodId: order.paymentMethodId,
            provider: 'stripe',
            status: 'creating',
            amount: due,
            currency: order.currency,
            amountReceived: 0,
          },
          { client: trx }
        ))
      return { order, method, payment, create: true }
    })

    const { order, method } = prepared
    let payment = prepared.payment
    if (payment && prepared.create) {
      let intent: ProviderPayment
      try {
        intent = await paymentProvider('stripe').initiate(
          {
            paymentId: payment.id,
            orderNumber: order.number,
            amount: payment.amount,
            currency: payment.currency,
            capture: method?.capture ?? 'automatic',
          },
          `payment-${payment.id}`
        )
      } catch (error) {
        throw providerFailure(error)
      }
      payment = await db.transaction(async (trx) => {
        await this.lockOrder(trx, { id: order.id })
        const fresh = await Payment.query({ client: trx }).where('id', payment!.id).firstOrFail()
        fresh.providerRef = intent.providerRef
        fresh.clientSecret = intent.clientSecret
        if (fresh.status === 'creating') {
          fresh.status = intent.status === 'creating' ? 'requires_action' : intent.status
        }
        await fresh.save()
        return fresh
      })
    }
    return this.session(order, method, payment)
  }

  /**
   * The browser says it confirmed the payment: the intent is read from
   * the provider and applied like a webhook (the two may race: whichever
   * comes second finds the attempt already moved and changes nothing).
   */
  async confirmPayment(user: User, orderNumber: string): Promise<Order> {
    const order = await Order.query().where('number', orderNumber).first()
    if (!order || order.userId !== user.id) {
      throw ApiError.notFound('Order not found')
    }
    const payment = await Payment.query()
      .where('order_id', order.id)
      .where('provider', 'stripe')
      .whereNotNull('provider_ref')
      .orderBy('id', 'desc')
      .first()
    if (!payment) {
      throw notDue(
        order,
        `Order ${order.number} has no card payment to confirm: start one with POST /api/v1/orders/${order.number}/payment`
      )
    }
    let state: ProviderPayment
    try {
      state = await paymentProvider('stripe').retrieve(payment.providerRef!)
    } catch (error) {
      throw providerFailure(error)
    }
    await db.transaction(async (trx) => {
      const locked = (await this.lockOrder(trx, { id: order.id }))!
      const fresh = await Payment.query({ client: trx }).where('id', payment.id).firstOrFail()
      const outcome = await this.applyAttempt(trx, locked, fresh, state, null)
      if (outcome.outcome === 'refused' || outcome.outcome === 'late') {
        await this.insertProviderEvent(trx, {
          provider: 'stripe',
          eventId: `confirm:${state.providerRef}:${state.status}`,
          type: 'confirm',
          orderId: locked.id,
          paymentId: fresh.id,
          outcome: outcome.outcome,
          needsAttention: true,
          message: outcome.message,
          amount: state.amountReceived,
          currency: state.currency,
        })
      }
    })
    return this.orderForReply(order.id)
  }

  // ---------------------------------------------------------------- provider

  /**
   * An incoming provider webhook: verified (400 when the signature does
   * not hold; nothing is written), then processed once by its event id:
   * a redelivery, however many and in whatever order, answers `duplicate`.
   */
  async handleWebhook(
    providerName: PaymentProviderName,
    rawBody: string,
    signature: string | undefined
  ): Promise<{ outcome: WebhookOutcome }> {
    const provider = paymentProvider(providerName)
    if (providerName !== 'stripe' || !provider.configured()) {
      // A 404, not a 5xx: nothing here listens for this provider (Stripe
      // stops after its retries; a probe learns nothing).
      throw new ApiError(
        404,
        'E_PAYMENT_PROVIDER_UNAVAILABLE',
        `No ${providerName} webhook is configured here (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)`
      )
    }
    let event
    try {
      event = await provider.parseWebhook(rawBody, signature)
    } catch (error) {
      if (error instanceof WebhookSignatureError) {
        const message =
          'The Stripe-Signature header does not verify this body with the configured webhook secret: nothing was processed'
        throw new ApiError(400, 'E_WEBHOOK_SIGNATURE', message, [
          { code: 'E_WEBHOOK_SIGNATURE', message, field: 'Stripe-Signature' },
        ])
      }
      throw error
    }
    const verified = event
    return db.transaction(async (trx): Promise<{ outcome: WebhookOutcome }> => {
      const record = (values: {
        orderId: number | null
        paymentId: number | null
        outcome: ProviderEventOutcome
        message?: string
        amount?: number | null
        currency?: string | null
      }) =>
        this.insertProviderEvent(trx, {
          provider: providerName,
          eventId: verified.id,
          type: verified.type,
          ...values,
        })
      /**
       * An event about nothing of ours (stored once, as `ignored`).
       */
      const ignored = async (message: string) => ({
        outcome: (await record({ orderId: null, paymentId: null, outcome: 'ignored', message }))
          ? ('ignored' as const)
          : ('duplicate' as const),
      })
      /**
       * Locks the order, then stores the event: null when it was stored
       * before (a redelivery, which then changes nothing).
       */
      const claim = async (
        orderId: number,
        paymentId: number | null,
        amount: number,
        currency: string
      ) => {
        const order = (await this.lockOrder(trx, { id: orderId }))!
        const rowId = await record({ orderId, paymentId, outcome: 'applied', amount, currency })
        return rowId ? { order, rowId } : null
      }

      if (verified.payment) {
        const state = verified.payment
        const target = await this.findAttempt(trx, providerName, state)
        if (!target) {
          return ignored(`No payment of ours is ${state.providerRef}`)
        }
        const claimed = await claim(
          target.orderId,
          target.id,
          state.amountReceived || state.amount,
          state.currency
        )
        if (!claimed) {
          return { outcome: 'duplicate' }
        }
        const payment = await Payment.query({ client: trx }).where('id', target.id).firstOrFail()
        if (!payment.providerRef) {
          payment.providerRef = state.providerRef
        }
        const result = await this.applyAttempt(trx, claimed.order, payment, state, verified.created)
        await this.updateProviderEvent(trx, claimed.rowId, result)
        return { outcome: result.outcome }
      }

      if (verified.refund) {
        const state = verified.refund
        const target = await this.findRefund(trx, providerName, state)
        if (!target) {
          return ignored(`No refund of ours is ${state.providerRef}`)
        }
        const claimed = await claim(target.orderId, target.paymentId, state.amount, target.currency)
        if (!claimed) {
          return { outcome: 'duplicate' }
        }
        const refund = await PaymentRefund.query({ client: trx })
          .where('id', target.id)
          .firstOrFail()
        const result = await this.applyRefundResult(trx, claimed.order, refund, state)
        await this.updateProviderEvent(trx, claimed.rowId, result)
        return { outcome: result.outcome }
      }

      return ignored(`${verified.type} is not an event this shop acts on`)
    })
  }

  // ---------------------------------------------------------------- staff

  /**
   * Staff record money received for a manual method (a bank transfer,
   * cash): `amount` minor units, at most what is due, with the reference
   * they were given.
   */
  async recordManualPayment(
    actor: User,
    orderNumber: string,
    input: { amount: number; reference: string },
    origin: Origin
  ): Promise<Order> {
    const orderId = await db.transaction(async (trx) => {
      const order = await this.staffOrder(trx, orderNumber)
      if (order.paymentProvider && order.paymentProvider !== 'manual') {
        const message = `Order ${order.number} is paid by ${order.paymentProvider}: its payments are recorded by the provider, not by hand`
        throw new ApiError(409, 'E_WRONG_PROVIDER', message, [
          { code: 'E_WRONG_PROVIDER', message, provider: order.paymentProvider },
        ])
      }
      if (order.status === 'cancelled' || !isPayable(order.paymentStatus)) {
        throw notDue(
          order,
          `Order ${order.number} is ${order.status} and ${order.paymentStatus}: there is nothing to pay`
        )
      }
      const due = order.total - Number(order.amountPaid)
      if (input.amount > due) {
        const message = `At most ${toDecimalString(due)} is due on order ${order.number}: record that amount or less`
        throw new ApiError(422, 'E_AMOUNT_TOO_LARGE', message, [
          { code: 'E_AMOUNT_TOO_LARGE', message, field: 'amount', max: toDecimalString(due) },
        ])
      }
      await this.recordReceived(trx, order, {
        amount: input.amount,
        reference: input.reference,
        actor: staffActor(actor),
        note: `Recorded by staff (${input.reference})`,
      })
      await StaffAudit.record(
        { id: actor.id, email: actor.email, ip: origin.ip },
        {
          action: 'order:payment_recorded',
          resource: 'orders',
          recordId: order.number,
          changes: { amount: toDecimalString(input.amount), reference: input.reference },
        },
        trx
      )
      return order.id
    })
    return this.orderForReply(orderId)
  }

  /**
   * Staff refund all (no `amount`) or part of what was paid. One refund
   * per `requestKey` and order: asking again with the same key (a
   * double-click, a retried request) returns the refund already made.
   * Stripe: the refund is queued (job `payment.refund`); manual: it is
   * recorded as sent, with the `reference` staff give.
   */
  async requestRefund(
    actor: User,
    orderNumber: string,
    input: {
      amount?: number
      reason?: string | null
      reference?: string | null
      requestKey: string
    },
    origin: Origin
  ): Promise<{ refund: PaymentRefund; created: boolean }> {
    return db.transaction(async (trx) => {
      const order = await this.staffOrder(trx, orderNumber)
      const existing = await PaymentRefund.query({ client: trx })
        .where('order_id', order.id)
        .where('request_key', input.requestKey)
        .first()
      if (existing) {
        return { refund: existing, created: false }
      }
      const payment = await this.refundablePayment(trx, order)
      if (payment?.provider === 'manual' && !input.reference) {
        throw ApiError.unprocessable(
          'Give the reference of the transfer (or receipt) that sent the money back',
          'reference'
        )
      }
      const refund = await this.createRefund(trx, order, payment, {
        amount: input.amount,
        reason: input.reason ?? null,
        reference: input.reference ?? null,
        requestKey: input.requestKey,
        actor: staffActor(actor),
      })
      if (refund.provider === 'manual') {
        await this.refundSucceeded(trx, order, refund, staffActor(actor))
      }
      await StaffAudit.record(
        { id: actor.id, email: actor.email, ip: origin.ip },
        {
          action: 'order:refund',
          resource: 'orders',
          recordId: order.number,
          changes: {
            refund_id: refund.id,
            amount: toDecimalString(refund.amount),
            reason: refund.reason,
            reference: refund.reference,
          },
        },
        trx
      )
      return { refund, created: true }
    })
  }

  /**
   * A pending refund of a manual method (queued by a cancellation) was
   * sent by staff: recorded with its reference.
   */
  async completeManualRefund(
    actor: User,
    orderNumber: string,
    refundId: number,
    input: { reference: string },
    origin: Origin
  ): Promise<PaymentRefund> {
    return db.transaction(async (trx) => {
      const order = await this.staffOrder(trx, orderNumber)
      const refund = await PaymentRefund.query({ client: trx })
        .where('id', refundId)
        .where('order_id', order.id)
        .first()
      if (!refund) {
        throw ApiError.notFound('Refund not found')
      }
      if (refund.provider !== 'manual' || refund.status !== 'pending') {
        const message = `Refund ${refund.id} is ${refund.status}${refund.provider === 'manual' ? '' : ` and sent by ${refund.provider}`}: only a pending manual refund is completed by hand`
        throw new ApiError(409, 'E_REFUND_NOT_PENDING', message, [
          { code: 'E_REFUND_NOT_PENDING', message, status: refund.status },
        ])
      }
      refund.reference = input.reference
      await this.refundSucceeded(trx, order, refund, staffActor(actor))
      await StaffAudit.record(
        { id: actor.id, email: actor.email, ip: origin.ip },
        {
          action: 'order:refund_sent',
          resource: 'orders',
          recordId: order.number,
          changes: { refund_id: refund.id, reference: input.reference },
        },
        trx
      )
      return refund
    })
  }

  /**
   * Captures an authorized card payment (manual capture): queued as job
   * `payment.capture`; the order becomes paid when the provider answers.
   */
  async capture(actor: User, orderNumber: string, origin: Origin): Promise<Order> {
    const orderId = await db.transaction(async (trx) => {
      const order = await this.staffOrder(trx, orderNumber)
      const payment =
        order.paymentStatus === 'authorized' && order.status !== 'cancelled'
          ? await Payment.query({ client: trx })
              .where('order_id', order.id)
              .where('status', 'authorized')
              .orderBy('id', 'desc')
              .first()
          : null
      if (!payment) {
        const message = `Order ${order.number} is ${order.paymentStatus}: only an authorized payment can be captured`
        throw new ApiError(409, 'E_NOT_AUTHORIZED', message, [
          { code: 'E_NOT_AUTHORIZED', message, payment_status: order.paymentStatus },
        ])
      }
      await JobQueue.enqueue(
        'payment.capture',
        { paymentId: payment.id },
        {
          trx,
          key: `payment.capture:${payment.id}`,
        }
      )
      await StaffAudit.record(
        { id: actor.id, email: actor.email, ip: origin.ip },
        {
          action: 'order:capture',
          resource: 'orders',
          recordId: order.number,
          changes: { payment_id: payment.id, amount: toDecimalString(payment.amount) },
        },
        trx
      )
      return order.id
    })
    return this.orderForReply(orderId)
  }

  /**
   * Staff looked at a provider event that needed attention.
   */
  async resolveProviderEvent(actor: User, id: number, origin: Origin) {
    return db.transaction(async (trx) => {
      const event = await PaymentProviderEvent.query({ client: trx }).where('id', id).first()
      if (!event) {
        throw ApiError.notFound('Payment event not found')
      }
      if (!event.resolvedAt) {
        event.resolvedAt = DateTime.now()
        event.resolvedBy = actor.id
        event.needsAttention = false
        await event.save()
        await StaffAudit.record(
          { id: actor.id, email: actor.email, ip: origin.ip },
          { action: 'resolve', resource: 'payment_events', recordId: event.id },
          trx
        )
      }
      return event
    })
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * In the cancellation's transaction (OrderLifecycleService): what was
   * paid goes back (a refund of everything refundable, request key
   * `cancel:<orderId>`; Stripe through a job, manual ones wait for staff
   * to send them), an authorization is released and an open card attempt
   * cancelled (job `payment.void`), so that it cannot be paid later.
   */
  async onOrderCancelled(trx: Trx, order: Order, actor: EventActor, reason = 'Order cancelled') {
    const payment = await this.refundablePayment(trx, order)
    const pending = await this.pendingRefunds(trx, order.id)
    if (refundable(Number(order.amountPaid), Number(order.amountRefunded), pending) > 0) {
      await this.createRefund(trx, order, payment, {
        reason,
        reference: null,
        requestKey: `cancel:${order.id}`,
        actor,
      })
    }
    await this.voidOpenAttempts(trx, order)
  }

  /**
   * In the move to `delivered`: a pay-on-delivery order is paid now (the
   * courier collected what was due).
   */
  async onOrderDelivered(trx: Trx, order: Order, actor: EventActor) {
    const due = order.total - Number(order.amountPaid)
    if (!order.payOnDelivery || due <= 0 || !isPayable(order.paymentStatus)) {
      return
    }
    await this.recordReceived(trx, order, {
      amount: due,
      reference: 'Collected on delivery',
      actor,
      note: 'Collected on delivery',
    })
  }

  /**
   * Expires `orderId` if it is still pending, unpaid and past its window:
   * payment `expired`, order `cancelled`, its stock back through the
   * ledger, a part payment refunded, an open card attempt cancelled.
   * False when there was nothing to do (paid meanwhile, expired already,
   * not due yet).
   */
  async expireOrder(orderId: number): Promise<boolean> {
    return db.transaction(async (trx) => {
      const order = await this.lockOrder(trx, { id: orderId })
      if (
        !order ||
        order.status !== 'pending' ||
        !isPayable(order.paymentStatus) ||
        !order.paymentExpiresAt ||
        order.paymentExpiresAt > DateTime.now()
      ) {
        return false
      }
      const from = order.paymentStatus
      order.paymentStatus = 'expired'
      order.status = 'cancelled'
      order.cancelledAt = DateTime.now()
      await order.save()
      await restockOrder(order, trx)
      await OrderEvents.paymentChanged(
        trx,
        ref(order),
        {
          from,
          to: 'expired',
          amount: null,
          note: `Not paid by ${order.paymentExpiresAt.toUTC().toISO()}`,
        },
        SYSTEM
      )
      await OrderEvents.statusChanged(trx, ref(order), { from: 'pending', to: 'cancelled' }, SYSTEM)
      // A part payment (a short transfer) goes back; an open card attempt
      // is cancelled so that it cannot be paid later.
      await this.onOrderCancelled(trx, order, SYSTEM, 'Order expired unpaid')
      return true
    })
  }

  /**
   * Expires every order past its window (at most `limit` per call): what
   * `node ace payments:expire` runs, behind the delayed `payment.expire`
   * job each checkout queues.
   */
  async expireOverdue(limit = 500): Promise<number> {
    const rows: Array<{ id: number }> = await db
      .from('orders')
      .where('status', 'pending')
      .whereIn('payment_status', ['unpaid', 'failed'])
      .whereNotNull('payment_expires_at')
      .where('payment_expires_at', '<=', dbTimestamp())
      .orderBy('id')
      .limit(limit)
      .select('id')
    let expired = 0
    for (const row of rows) {
      if (await this.expireOrder(row.id)) {
        expired++
      }
    }
    return expired
  }

  // ---------------------------------------------------------------- jobs

  /**
   * Job `payment.refund`: sends a pending refund to its provider (key
   * `refund-<id>`: a retried job is the same refund), then records the
   * answer. A refusal fails the refund (the money is refundable again)
   * and flags it for staff; an unreachable provider throws, and the job
   * is retried.
   */
  async runRefund(refundId: number) {
    const refund = await PaymentRefund.find(refundId)
    if (!refund || refund.status !== 'pending' || refund.provider === 'manual') {
      return
    }
    const payment = refund.paymentId ? await Payment.find(refund.paymentId) : null
    let result: ProviderRefund
    try {
      if (!payment?.providerRef) {
        throw new ProviderError('The refunded payment has no provider reference', false)
      }
      result = await paymentProvider(refund.provider).refund(
        {
          providerRef: payment.providerRef,
          amount: refund.amount,
          currency: refund.currency,
          refundId: refund.id,
        },
        `refund-${refund.id}`
      )
    } catch (error) {
      if (error instanceof ProviderError && !error.retryable) {
        result = {
          providerRef: '',
          status: 'failed',
          amount: refund.amount,
          refundId: refund.id,
          failureMessage: error.message,
        }
      } else {
        throw error
      }
    }
    await db.transaction(async (trx) => {
      const order = (await this.lockOrder(trx, { id: refund.orderId }))!
      const fresh = await PaymentRefund.query({ client: trx }).where('id', refund.id).firstOrFail()
      const outcome = await this.applyRefundResult(trx, order, fresh, result)
      if (result.status === 'failed') {
        await this.insertProviderEvent(trx, {
          provider: refund.provider,
          eventId: `refund-failed:${refund.id}`,
          type: 'refund.failed',
          orderId: order.id,
          paymentId: refund.paymentId,
          outcome: 'refused',
          needsAttention: true,
          message: `Refund ${refund.id} of ${toDecimalString(refund.amount)} failed: ${result.failureMessage ?? 'refused'} (${outcome.message})`,
          amount: refund.amount,
          currency: refund.currency,
        })
      }
    })
  }

  /**
   * Job `payment.capture`.
   */
  async runCapture(paymentId: number) {
    const payment = await Payment.find(paymentId)
    if (!payment || payment.status !== 'authorized' || !payment.providerRef) {
      return
    }
    const state = await paymentProvider(payment.provider).capture(
      payment.providerRef,
      `capture-${payment.id}`
    )
    await this.applyProviderState(payment.id, state)
  }

  /**
   * Job `payment.void`: cancels an attempt of an order that will not be
   * paid (expired, cancelled). When the provider refuses because the
   * money came through meanwhile, its state is read and applied: the late
   * payment rule refunds it.
   */
  async runVoid(paymentId: number) {
    const payment = await Payment.find(paymentId)
    if (!payment || payment.status === 'succeeded' || payment.status === 'cancelled') {
      return
    }
    if (!payment.providerRef) {
      await db.transaction(async (trx) => {
        await this.lockOrder(trx, { id: payment.orderId })
        await trx
          .from('payments')
          .where('id', payment.id)
          .where('status', 'creating')
          .update({ status: 'cancelled', updated_at: dbTimestamp(trx) })
      })
      return
    }
    const provider = paymentProvider(payment.provider)
    let state: ProviderPayment
    try {
      state = await provider.cancel(payment.providerRef, `void-${payment.id}`)
    } catch (error) {
      if (error instanceof ProviderError && !error.retryable) {
        state = await provider.retrieve(payment.providerRef)
      } else {
        throw error
      }
    }
    await this.applyProviderState(payment.id, state)
  }

  // ---------------------------------------------------------------- internals

  private async applyProviderState(paymentId: number, state: ProviderPayment) {
    await db.transaction(async (trx) => {
      const payment = await Payment.query({ client: trx }).where('id', paymentId).firstOrFail()
      const order = (await this.lockOrder(trx, { id: payment.orderId }))!
      const fresh = await Payment.query({ client: trx }).where('id', paymentId).firstOrFail()
      const result = await this.applyAttempt(trx, order, fresh, state, null)
      if (result.outcome === 'refused' || result.outcome === 'late') {
        await this.insertProviderEvent(trx, {
          provider: fresh.provider,
          eventId: `state:${state.providerRef}:${state.status}`,
          type: 'state',
          orderId: order.id,
          paymentId: fresh.id,
          outcome: result.outcome,
          needsAttention: true,
          message: result.message,
          amount: state.amountReceived,
          currency: state.currency,
        })
      }
    })
  }

  /**
   * Moves an attempt to the provider's state (only forward: see
   * attemptMayMove) and the order with it. The caller holds the order's
   * lock and read `payment` under it.
   */
  private async applyAttempt(
    trx: Trx,
    order: Order,
    payment: Payment,
    state: ProviderPayment,
    created: number | null
  ): Promise<{ outcome: ProviderEventOutcome; message: string; needsAttention: boolean }> {
    if (!attemptMayMove(payment.status, state.status, payment.lastEventCreated, created)) {
      if (payment.$isDirty) {
        await payment.save()
      }
      return {
        outcome: 'ignored',
        message: `The payment is already ${payment.status}; ${state.status} changes nothing`,
        needsAttention: false,
      }
    }
    if (
      state.status === 'succeeded' &&
      (state.amountReceived !== payment.amount || state.currency !== payment.currency)
    ) {
      return {
        outcome: 'refused',
        message: `Received ${toDecimalString(state.amountReceived)} ${state.currency} for a payment of ${toDecimalString(payment.amount)} ${payment.currency} (order ${order.number}): not applied, check it with the provider`,
        needsAttention: true,
      }
    }
    payment.status = state.status
    payment.lastEventCreated = created ?? payment.lastEventCreated
    if (state.status === 'succeeded') {
      payment.amountReceived = state.amountReceived
    }
    if (state.status === 'failed') {
      payment.failureMessage = state.failureMessage?.slice(0, 500) ?? 'The payment failed'
    }
    await payment.save()

    const closed = order.status === 'cancelled' || order.paymentStatus === 'expired'
    switch (state.status) {
      case 'succeeded': {
        if (closed) {
          return this.latePayment(trx, order, payment)
        }
        await this.recordReceived(trx, order, {
          amount: payment.amountReceived,
          reference: null,
          actor: SYSTEM,
          note: `Paid by ${payment.provider} (${payment.providerRef})`,
          payment,
        })
        break
      }
      case 'authorized': {
        if (closed) {
          await this.queueVoid(trx, payment)
          return {
            outcome: 'late',
            message: `An authorization reached order ${order.number}, which is ${order.status} (${order.paymentStatus}): it is released`,
            needsAttention: true,
          }
        }
        if (isPayable(order.paymentStatus)) {
          await this.movePayment(trx, order, 'authorized', payment.amount, 'Authorized', SYSTEM)
        }
        break
      }
      case 'failed': {
        if (order.paymentStatus === 'unpaid') {
          await this.movePayment(trx, order, 'failed', null, payment.failureMessage, SYSTEM)
        }
        break
      }
      case 'cancelled': {
        if (order.paymentStatus === 'authorized') {
          await this.movePayment(trx, order, 'unpaid', null, 'Authorization released', SYSTEM)
        }
        break
      }
      default:
        break
    }
    return { outcome: 'applied', message: `Payment ${state.status}`, needsAttention: false }
  }

  /**
   * The documented rule for money that reaches an order which will not be
   * fulfilled (expired, or cancelled): the order stays cancelled and its
   * stock is not taken again; the money is recorded and refunded in full
   * (job), and the event is flagged for staff. The payment state stays
   * `expired` (or what the cancellation left) until the refund succeeds.
   */
  private async latePayment(trx: Trx, order: Order, payment: Payment) {
    order.amountPaid = Number(order.amountPaid) + payment.amountReceived
    await order.save()
    await OrderEvents.paymentChanged(
      trx,
      ref(order),
      {
        from: order.paymentStatus,
        to: order.paymentStatus,
        amount: payment.amountReceived,
        note: `Paid after the order was ${order.paymentStatus === 'expired' ? 'expired' : 'cancelled'}: refunded in full`,
      },
      SYSTEM
    )
    await this.createRefund(trx, order, payment, {
      amount: payment.amountReceived,
      reason: 'Paid after the order expired or was cancelled',
      reference: null,
      requestKey: `late:${payment.id}`,
      actor: SYSTEM,
    })
    return {
      outcome: 'late' as const,
      message: `${toDecimalString(payment.amountReceived)} ${payment.currency} reached order ${order.number} after it was ${order.paymentStatus === 'expired' ? 'expired' : 'cancelled'}: refunded in full`,
      needsAttention: true,
    }
  }

  /**
   * Money received: a manual payment row when none is given, the order's
   * amount paid, and its state (paid once the total is covered).
   */
  private async recordReceived(
    trx: Trx,
    order: Order,
    input: {
      amount: number
      reference: string | null
      actor: EventActor
      note: string
      payment?: Payment
    }
  ) {
    if (!input.payment) {
      await Payment.create(
        {
          orderId: order.id,
          methodId: order.paymentMethodId,
          provider: 'manual',
          status: 'succeeded',
          amount: input.amount,
          currency: order.currency,
          amountReceived: input.amount,
          reference: input.reference,
          actorId: input.actor.actorId,
        },
        { client: trx }
      )
    }
    order.amountPaid = Number(order.amountPaid) + input.amount
    const to =
      settledStatus({
        total: order.total,
        amountPaid: order.amountPaid,
        amountRefunded: Number(order.amountRefunded),
      }) ?? order.paymentStatus
    if (to === 'paid' && !order.paidAt) {
      order.paidAt = DateTime.now()
    }
    await this.movePayment(trx, order, to, input.amount, input.note, input.actor, true)
  }

  /**
   * Saves the order's payment state and writes its `payment` order event
   * (with `always`, also when only the amounts moved).
   */
  private async movePayment(
    trx: Trx,
    order: Order,
    to: PaymentStatus,
    amount: number | null,
    note: string | null,
    actor: EventActor,
    always = false
  ) {
    const from = order.paymentStatus
    order.paymentStatus = to
    await order.save()
    if (from !== to || always) {
      await OrderEvents.paymentChanged(
        trx,
        ref(order),
        { from, to, amount, note: note?.slice(0, 200) ?? null },
        actor
      )
    }
  }

  /**
   * The payment refunds are made against: the last one that received
   * money (null for an order paid outside the system).
   */
  private refundablePayment(trx: Trx, order: Order) {
    return Payment.query({ client: trx })
      .where('order_id', order.id)
      .where('status', 'succeeded')
      .orderBy('id', 'desc')
      .first()
  }

  private async pendingRefunds(trx: Trx, orderId: number): Promise<number> {
    const row = await trx
      .from('payment_refunds')
      .where('order_id', orderId)
      .where('status', 'pending')
      .sum('amount as total')
      .first()
    return Number(row?.total ?? 0)
  }

  /**
   * A refund row for `amount` (all that is refundable when omitted),
   * checked against what was paid, refunded and under way; a provider
   * refund is queued as job `payment.refund`.
   */
  private async createRefund(
    trx: Trx,
    order: Order,
    payment: Payment | null,
    input: {
      amount?: number
      reason: string | null
      reference: string | null
      requestKey: string
      actor: EventActor
    }
  ) {
    const paid = Number(order.amountPaid)
    const refunded = Number(order.amountRefunded)
    const available = refundable(paid, refunded, await this.pendingRefunds(trx, order.id))
    if (available <= 0) {
      const message =
        paid - refunded <= 0
          ? `Order ${order.number} has nothing to refund: ${toDecimalString(paid)} paid, ${toDecimalString(refunded)} refunded`
          : `Order ${order.number} has nothing left to refund: the refunds under way cover what was paid`
      throw new ApiError(409, 'E_NOTHING_TO_REFUND', message, [
        { code: 'E_NOTHING_TO_REFUND', message, refundable: '0.00' },
      ])
    }
    const amount = input.amount ?? available
    if (amount > available) {
      const message = `At most ${toDecimalString(available)} can be refunded on order ${order.number} (paid ${toDecimalString(paid)}, refunded or under way ${toDecimalString(paid - available)})`
      throw new ApiError(422, 'E_REFUND_TOO_LARGE', message, [
        {
          code: 'E_REFUND_TOO_LARGE',
          message,
          field: 'amount',
          refundable: toDecimalString(available),
        },
      ])
    }
    const provider: PaymentProviderName = payment?.provider ?? 'manual'
    const refund = await PaymentRefund.create(
      {
        orderId: order.id,
        paymentId: payment?.id ?? null,
        provider,
        amount,
        currency: order.currency,
        status: 'pending',
        reason: input.reason?.slice(0, 500) ?? null,
        reference: input.reference,
        requestKey: input.requestKey,
        actorId: input.actor.actorId,
        actorRole: input.actor.actorRole,
      },
      { client: trx }
    )
    if (provider !== 'manual') {
      await JobQueue.enqueue(
        'payment.refund',
        { refundId: refund.id },
        {
          trx,
          key: `payment.refund:${refund.id}`,
        }
      )
    }
    return refund
  }

  /**
   * A refund went through: the order's refunded amount and state move,
   * with a `payment` order event.
   */
  private async refundSucceeded(trx: Trx, order: Order, refund: PaymentRefund, actor: EventActor) {
    refund.status = 'succeeded'
    refund.completedAt = DateTime.now()
    await refund.useTransaction(trx).save()
    order.amountRefunded = Number(order.amountRefunded) + refund.amount
    const to =
      settledStatus({
        total: order.total,
        amountPaid: Number(order.amountPaid),
        amountRefunded: order.amountRefunded,
      }) ?? order.paymentStatus
    await this.movePayment(
      trx,
      order,
      to,
      refund.amount,
      `Refunded${refund.reason ? `: ${refund.reason}` : ''}`,
      actor,
      true
    )
  }

  private async applyRefundResult(
    trx: Trx,
    order: Order,
    refund: PaymentRefund,
    result: ProviderRefund
  ): Promise<{ outcome: ProviderEventOutcome; message: string; needsAttention: boolean }> {
    if (refund.status !== 'pending') {
      return {
        outcome: 'ignored',
        message: `Refund ${refund.id} is already ${refund.status}`,
        needsAttention: false,
      }
    }
    if (result.providerRef) {
      refund.providerRef = result.providerRef
    }
    if (result.status === 'succeeded') {
      await this.refundSucceeded(trx, order, refund, SYSTEM)
      return { outcome: 'applied', message: `Refund ${refund.id} succeeded`, needsAttention: false }
    }
    if (result.status === 'failed') {
      refund.status = 'failed'
      refund.completedAt = DateTime.now()
      refund.failureMessage = result.failureMessage?.slice(0, 500) ?? 'The refund failed'
      await refund.useTransaction(trx).save()
      return {
        outcome: 'applied',
        message: `Refund ${refund.id} failed: ${refund.failureMessage}`,
        needsAttention: true,
      }
    }
    await refund.useTransaction(trx).save()
    return { outcome: 'applied', message: `Refund ${refund.id} is pending`, needsAttention: false }
  }

  private async voidOpenAttempts(trx: Trx, order: Order) {
    const open = await Payment.query({ client: trx })
      .where('order_id', order.id)
      .where('provider', '<>', 'manual')
      .whereIn('status', [...OPEN_ATTEMPTS, 'authorized'])
    for (const payment of open) {
      await this.queueVoid(trx, payment)
    }
  }

  private queueVoid(trx: Trx, payment: Payment) {
    return JobQueue.enqueue(
      'payment.void',
      { paymentId: payment.id },
      {
        trx,
        key: `payment.void:${payment.id}`,
      }
    )
  }

  /**
   * The attempt a provider object is about: by its reference, or by our
   * id in its metadata (an event may arrive before the attempt row has
   * stored the reference).
   */
  private async findAttempt(trx: Trx, provider: PaymentProviderName, state: ProviderPayment) {
    const byRef = await Payment.query({ client: trx })
      .where('provider', provider)
      .where('provider_ref', state.providerRef)
      .first()
    if (byRef || !state.paymentId) {
      return byRef
    }
    const byId = await Payment.query({ client: trx })
      .where('id', state.paymentId)
      .where('provider', provider)
      .first()
    return byId && (!byId.providerRef || byId.providerRef === state.providerRef) ? byId : null
  }

  private async findRefund(trx: Trx, provider: PaymentProviderName, state: ProviderRefund) {
    const byRef = await PaymentRefund.query({ client: trx })
      .where('provider', provider)
      .where('provider_ref', state.providerRef)
      .first()
    if (byRef || !state.refundId) {
      return byRef
    }
    return PaymentRefund.query({ client: trx })
      .where('id', state.refundId)
      .where('provider', provider)
      .first()
  }

  /**
   * Stores a provider event once: the id of the new row, or null when the
   * event was stored before (a redelivery).
   */
  private async insertProviderEvent(
    trx: Trx,
    values: {
      provider: PaymentProviderName
      eventId: string
      type: string
      orderId: number | null
      paymentId: number | null
      outcome: ProviderEventOutcome
      needsAttention?: boolean
      message?: string
      amount?: number | null
      currency?: string | null
    }
  ): Promise<number | null> {
    const rows = await trx
      .insertQuery()
      .table('payment_provider_events')
      .insert({
        provider: values.provider,
        event_id: values.eventId.slice(0, 255),
        type: values.type.slice(0, 80),
        order_id: values.orderId,
        payment_id: values.paymentId,
        outcome: values.outcome,
        needs_attention: values.needsAttention ?? false,
        message: (values.message ?? '').slice(0, 500),
        amount: values.amount ?? null,
        currency: values.currency ?? null,
        received_at: dbTimestamp(trx),
      })
      .knexQuery.onConflict(['provider', 'event_id'])
      .ignore()
      .returning('id')
    const row = (rows as Array<{ id: number } | number>)[0]
    if (row === undefined) {
      return null
    }
    return Number(typeof row === 'object' ? row.id : row)
  }

  private async updateProviderEvent(
    trx: Trx,
    id: number,
    result: { outcome: ProviderEventOutcome; message: string; needsAttention: boolean }
  ) {
    await trx
      .from('payment_provider_events')
      .where('id', id)
      .update({
        outcome: result.outcome,
        needs_attention: result.needsAttention,
        message: result.message.slice(0, 500),
      })
  }

  private async lockOrder(trx: Trx, where: { id?: number; number?: string }) {
    const query = Order.query({ client: trx })
    if (where.id !== undefined) {
      query.where('id', where.id)
    } else {
      query.where('number', where.number!)
    }
    if (trx.dialect.name === 'postgres') {
      query.forUpdate()
    }
    return query.first()
  }

  private async ownOrder(trx: Trx, user: User, orderNumber: string) {
    const order = await this.lockOrder(trx, { number: orderNumber })
    if (!order || order.userId !== user.id) {
      throw ApiError.notFound('Order not found')
    }
    return order
  }

  private async staffOrder(trx: Trx, orderNumber: string) {
    const order = await this.lockOrder(trx, { number: orderNumber })
    if (!order) {
      throw ApiError.notFound('Order not found')
    }
    return order
  }

  private assertPayable(order: Order) {
    if (!order.paymentMethodId && !order.paymentProvider) {
      throw notDue(
        order,
        `Order ${order.number} has no payment method: it is paid outside this shop's checkout`
      )
    }
    if (order.status !== 'pending' || !isPayable(order.paymentStatus)) {
      throw notDue(
        order,
        `Order ${order.number} is ${order.status} and ${order.paymentStatus}: there is nothing to pay`
      )
    }
  }

  private session(
    order: Order,
    method: PaymentMethod | null,
    payment: Payment | null
  ): PaymentSessionData {
    const stripe = order.paymentProvider === 'stripe'
    return {
      orderNumber: order.number,
      paymentStatus: order.paymentStatus,
      provider: order.paymentProvider ?? 'manual',
      method: order.paymentMethodCode,
      amount: payment?.amount ?? order.total - Number(order.amountPaid),
      currency: order.currency,
      expiresAt: order.paymentExpiresAt,
      clientSecret: stripe ? (payment?.clientSecret ?? null) : null,
      publishableKey: stripe ? stripeSettings().publishableKey || null : null,
      paymentIntent: stripe ? (payment?.providerRef ?? null) : null,
      instructions: method?.instructions ?? null,
      reference: stripe ? null : order.number,
      payOnDelivery: Boolean(order.payOnDelivery),
    }
  }

  /**
   * The order as the API returns it after a payment change: lines and
   * refunds loaded.
   */
  async orderForReply(orderId: number): Promise<Order> {
    return Order.query()
      .where('id', orderId)
      .preload('items', (items) => items.orderBy('id'))
      .preload('refunds', (refunds) => refunds.orderBy('id'))
      .firstOrFail()
  }
}
