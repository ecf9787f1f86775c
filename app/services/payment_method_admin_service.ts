import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { ApiError } from '#exceptions/api_error'
import { isUniqueViolation } from '#exceptions/error_mapper'
import type { PaymentProviderName, PaymentStatus } from '#domain/payment_status'
import PaymentMethod from '#models/payment_method'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import { stripeSettings } from '#services/payments/stripe_provider'
import { serializePaymentMethod } from '#serializers/payment_method_serializer'
import { MAX_EXPIRY_MINUTES, PAYMENT_METHOD_CODE_PATTERN } from '#validators/payment_methods'

/**
 * What staff give for a payment method (the validators' output, for the
 * staff API and the panel).
 */
export interface PaymentMethodInput {
  code: string
  name: string
  provider: PaymentProviderName
  pay_on_delivery?: boolean
  capture?: 'automatic' | 'manual'
  expires_after_minutes?: number | null
  instructions?: string | null
  is_active?: boolean
  position?: number
}

/**
 * A method as customers see it, with Stripe's publishable key for a
 * stripe method (null for the others, or when none is configured).
 */
export interface PublicPaymentMethod {
  method: PaymentMethod
  publishableKey: string | null
}

/**
 * The payment states of an order that still waits for its method: the
 * method cannot be deleted while a pending order is in one of them.
 */
const AWAITING_PAYMENT: PaymentStatus[] = ['unpaid', 'failed', 'authorized']

const NOT_FOUND = 'Payment method not found'

/**
 * Staff management of the payment methods (issue 20), for the staff API
 * and the panel. Every write is one transaction with its audit entry
 * (`admin_actions`, resource `payment_methods`).
 *
 * What a validator cannot see is checked here against the merged state
 * (422 naming the field): the code's form and that no other method has
 * it; pay on delivery only with the manual provider, and then no expiry;
 * manual capture only with stripe; an expiry of 1 minute to a year or
 * none; and a stripe method may only become active when Stripe is
 * configured. A field that only another provider reads is cleared when
 * the provider changes and it was not sent.
 *
 * A method that pending orders still wait to be paid with cannot be
 * deleted (409 `E_METHOD_IN_USE`: deactivate it instead); orders keep a
 * snapshot of the method's code and name.
 */
export class PaymentMethodAdminService {
  async list(): Promise<PaymentMethod[]> {
    return PaymentMethod.query().orderBy('position').orderBy('id')
  }

  /**
   * The active methods, by position then id: what checkout accepts.
   */
  async listPublic(): Promise<PublicPaymentMethod[]> {
    const methods = await PaymentMethod.query()
      .where('is_active', true)
      .orderBy('position')
      .orderBy('id')
    const publishableKey = stripeSettings().publishableKey || null
    return methods.map((method) => ({
      method,
      publishableKey: method.provider === 'stripe' ? publishableKey : null,
    }))
  }

  async find(id: number): Promise<PaymentMethod> {
    const method = await PaymentMethod.find(id)
    if (!method) {
      throw ApiError.notFound(NOT_FOUND)
    }
    return method
  }

  async create(input: PaymentMethodInput, actor: StaffActor): Promise<PaymentMethod> {
    return db.transaction(async (trx) => {
      const method = new PaymentMethod().useTransaction(trx)
      method.code = input.code
      method.name = input.name
      method.provider = input.provider
      method.payOnDelivery = input.pay_on_delivery ?? false
      method.capture = input.capture ?? 'automatic'
      method.expiresAfterMinutes = input.expires_after_minutes ?? null
      method.instructions = blankToNull(input.instructions)
      method.isActive = input.is_active ?? true
      method.position = input.position ?? 0
      this.assertConsistent(method, input, false)
      await this.save(method, trx)
      await this.audit(trx, actor, 'create', method.id, withoutTimestamps(method))
      return method
    })
  }

  async update(
    id: number,
    input: Partial<PaymentMethodInput>,
    actor: StaffActor
  ): Promise<PaymentMethod> {
    return db.transaction(async (trx) => {
      const method = await this.lock(id, trx)
      const before = serializePaymentMethod(method)
      const wasActiveStripe = method.provider === 'stripe' && method.isActive
      if (input.code !== undefined) method.code = input.code
      if (input.name !== undefined) method.name = input.name
      if (input.provider !== undefined && input.provider !== method.provider) {
        method.provider = input.provider
        // What only the other provider reads goes, unless it was sent
        // (then it is checked below).
        if (input.pay_on_delivery === undefined) method.payOnDelivery = false
        if (input.capture === undefined) method.capture = 'automatic'
      }
      if (input.pay_on_delivery !== undefined) method.payOnDelivery = input.pay_on_delivery
      if (input.capture !== undefined) method.capture = input.capture
      if (input.expires_after_minutes !== undefined) {
        method.expiresAfterMinutes = input.expires_after_minutes
      }
      if (input.instructions !== undefined) method.instructions = blankToNull(input.instructions)
      if (input.is_active !== undefined) method.isActive = input.is_active
      if (input.position !== undefined) method.position = input.position
      this.assertConsistent(method, input, wasActiveStripe)
      await this.save(method, trx)
      const changes = changesOf(before, serializePaymentMethod(method))
      await this.audit(trx, actor, 'update', method.id, changes)
      return method
    })
  }

  /**
   * Deletes a method no pending order still waits to be paid with
   * (unpaid, failed or authorized): else 409 `E_METHOD_IN_USE`.
   */
  async delete(id: number, actor: StaffActor): Promise<void> {
    await db.transaction(async (trx) => {
      const method = await this.lock(id, trx)
      const row = await trx
        .from('orders')
        .where('payment_method_id', id)
        .where('status', 'pending')
        .whereIn('payment_status', AWAITING_PAYMENT)
        .count('* as total')
        .first()
      const orders = Number(row?.total ?? 0)
      if (orders > 0) {
        const message = `The payment method ${method.code} is used by ${orders} pending ${
          orders === 1 ? 'order' : 'orders'
        } awaiting payment and cannot be deleted: deactivate it instead (PATCH is_active: false)`
        throw new ApiError(409, 'E_METHOD_IN_USE', message, [
          { code: 'E_METHOD_IN_USE', message, orders },
        ])
      }
      await method.delete()
      await this.audit(trx, actor, 'delete', id, withoutTimestamps(method))
    })
  }

  // --- Rules of the merged state ------------------------------------------------------

  protected assertConsistent(
    method: PaymentMethod,
    input: Partial<PaymentMethodInput>,
    wasActiveStripe: boolean
  ) {
    if (!PAYMENT_METHOD_CODE_PATTERN.test(method.code)) {
      throw ApiError.unprocessable(
        'The code field must be 1 to 40 lower case letters, digits, _ and -, starting with a letter or a digit (such as bank-transfer)',
        'code'
      )
    }
    if (method.payOnDelivery && method.provider !== 'manual') {
      throw ApiError.unprocessable(
        `The pay_on_delivery field is only for the manual provider (this method is ${method.provider})`,
        'pay_on_delivery'
      )
    }
    if (method.capture === 'manual' && method.provider !== 'stripe') {
      throw ApiError.unprocessable(
        `The capture field may only be manual for the stripe provider (this method is ${method.provider}): send capture automatic`,
        'capture'
      )
    }
    const expiry = method.expiresAfterMinutes
    if (expiry !== null) {
      if (!Number.isSafeInteger(expiry) || expiry < 1 || expiry > MAX_EXPIRY_MINUTES) {
        throw ApiError.unprocessable(
          `The expires_after_minutes field must be a whole number of minutes from 1 to ${MAX_EXPIRY_MINUTES}, or null (never)`,
          'expires_after_minutes'
        )
      }
      if (method.payOnDelivery) {
        throw ApiError.unprocessable(
          'The expires_after_minutes field must be null for a pay on delivery method: it is paid when delivered and does not expire',
          'expires_after_minutes'
        )
      }
    }
    const activeStripe = method.provider === 'stripe' && method.isActive
    if (activeStripe && !wasActiveStripe && !stripeSettings().secretKey) {
      throw ApiError.unprocessable(
        'Stripe is not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET before activating a stripe method (or save it with is_active false)',
        input.is_active === true ? 'is_active' : 'provider'
      )
    }
  }

  // --- Helpers -----------------------------------------------------------------------

  /**
   * Saves under the unique code: another method with it (checked first,
   * or a writer that got there first) is a 422 on `code`.
   */
  protected async save(method: PaymentMethod, trx: TransactionClientContract) {
    const taken = PaymentMethod.query({ client: trx }).where('code', method.code)
    if (method.$isPersisted) taken.whereNot('id', method.id)
    if (await taken.first()) {
      throw this.codeTaken(method.code)
    }
    try {
      await method.save()
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw this.codeTaken(method.code)
      }
      throw error
    }
  }

  protected codeTaken(code: string) {
    return ApiError.unprocessable(
      `The code ${code} is taken by another payment method: choose another`,
      'code'
    )
  }

  protected async lock(id: number, trx: TransactionClientContract) {
    const method = await PaymentMethod.query({ client: trx }).where('id', id).forUpdate().first()
    if (!method) {
      throw ApiError.notFound(NOT_FOUND)
    }
    return method
  }

  protected async audit(
    trx: TransactionClientContract,
    actor: StaffActor,
    action: 'create' | 'update' | 'delete',
    id: number,
    changes: Record<string, unknown>
  ) {
    await StaffAudit.record(
      actor,
      { action, resource: 'payment_methods', recordId: id, changes },
      trx
    )
  }
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}

function withoutTimestamps(method: PaymentMethod) {
  return Object.fromEntries(
    Object.entries(serializePaymentMethod(method)).filter(
      ([key]) => key !== 'created_at' && key !== 'updated_at'
    )
  )
}

/**
 * The fields that changed, as { from, to } (in their API form).
 */
function changesOf(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const [key, value] of Object.entries(after)) {
    if (key === 'updated_at' || key === 'created_at') continue
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) {
      changes[key] = { from: before[key], to: value }
    }
  }
  return changes
}
