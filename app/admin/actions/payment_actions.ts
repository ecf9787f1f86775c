import app from '@adonisjs/core/services/app'
import { errors as vineErrors } from '@vinejs/vine'
import {
  flat,
  NotFoundError,
  ValidationError,
  type Action,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type RecordActionResponse,
  type RecordJSON,
} from 'adminjs'
import User from '#models/user'
import { ApiError } from '#exceptions/api_error'
import { toDecimalString, toMinorUnits } from '#domain/money'
import { panelActor } from '#admin/audit'
import type { AdminSessionUser } from '#admin/auth'
import { PaymentService } from '#services/payment_service'
import { PaymentMethodAdminService } from '#services/payment_method_admin_service'
import {
  completeRefundValidator,
  recordPaymentValidator,
  refundValidator,
} from '#validators/payments'
import {
  createPaymentMethodValidator,
  updatePaymentMethodValidator,
} from '#validators/payment_methods'

/**
 * The panel's payment work (issue 20): staff record money received, refund,
 * complete a manual refund, capture an authorization, resolve a provider
 * event, and configure payment methods. Every write is a call into the
 * API's services (PaymentService, PaymentMethodAdminService), so the rules,
 * the order events, the broadcasts and the audit entries are the API's.
 * This file only turns a form into a service call and a refusal into
 * field errors on the form (never a 500).
 */

type Payload = Record<string, unknown>

/**
 * A form field refused before the service is called (an amount of 0, a
 * refund form without its one-time key, no refund chosen).
 */
class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message)
  }
}

const payments = <T>(use: (service: PaymentService) => Promise<T>) =>
  app.container.make(PaymentService).then(use)

const paymentMethods = <T>(use: (service: PaymentMethodAdminService) => Promise<T>) =>
  app.container.make(PaymentMethodAdminService).then(use)

const blank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

const text = (value: unknown) => (blank(value) ? null : String(value).trim())

/**
 * The signed-in staff member as the User the payment service acts for,
 * and the request's IP (set on `currentAdmin` by the panel's router).
 */
async function staffActor(context: ActionContext) {
  const admin = context.currentAdmin as AdminSessionUser | undefined
  const actor = admin ? await User.find(Number(admin.id)) : null
  if (!actor?.isStaff) {
    throw new ApiError(403, 'E_FORBIDDEN', 'Only staff can change payments')
  }
  return { actor, origin: { ip: admin?.ip ?? null } }
}

/**
 * A decimal amount the validator accepted ("12.50") in minor units,
 * greater than 0.
 */
export function minorUnits(amount: string): number {
  const minor = toMinorUnits(amount)
  if (minor <= 0) {
    throw new FieldError('amount', 'The amount must be greater than 0')
  }
  return minor
}

/**
 * Errors the service reports about the amount without naming a field.
 */
const AMOUNT_CODES = new Set(['E_AMOUNT_TOO_LARGE', 'E_REFUND_TOO_LARGE'])

const camel = (field: string) =>
  field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())

type PropertyErrors = Record<string, { type: string; message: string }>

/**
 * The field errors of a refusal: what the panel could not read, the
 * validators' 422 and the services' 4xx (by the field they name, or the
 * amount for an amount refusal). Anything else is thrown on (a 5xx stays
 * one). `fields` maps an API field to the form's.
 */
function fieldErrors(
  error: unknown,
  fields: (apiField: string | undefined, code: string) => string | null
): { errors: PropertyErrors; message: string } {
  const errors: PropertyErrors = {}
  let message: string | undefined
  if (error instanceof FieldError) {
    errors[error.field] = { type: 'invalid', message: error.message }
  } else if (error instanceof vineErrors.E_VALIDATION_ERROR) {
    for (const item of error.messages as Array<{ field: string; message: string }>) {
      const field = fields(item.field, 'E_VALIDATION_ERROR') ?? camel(item.field.split('.')[0])
      errors[field] ??= { type: 'invalid', message: item.message }
    }
  } else if (error instanceof ApiError && error.status === 404) {
    throw new NotFoundError(error.message, 'Action#handler')
  } else if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
    for (const item of error.items) {
      const field = fields(item.field, item.code)
      if (field) {
        errors[field] ??= { type: 'invalid', message: item.message }
      }
    }
    message = error.message
  } else {
    throw error
  }
  return { errors, message: message ?? Object.values(errors)[0]?.message ?? 'Invalid input' }
}

// --- Order payment actions ---------------------------------------------------------------

interface OrderPaymentCall {
  number: string
  payload: Payload
  actor: User
  origin: { ip: string | null }
}

/**
 * The form fields of the order page's payment forms, by the API's name.
 */
const ORDER_FIELDS: Record<string, string> = {
  amount: 'amount',
  reference: 'reference',
  reason: 'reason',
  refund_id: 'refundId',
  request_key: 'requestKey',
}

const orderField = (apiField: string | undefined, code: string) =>
  apiField ? (ORDER_FIELDS[apiField] ?? camel(apiField)) : AMOUNT_CODES.has(code) ? 'amount' : null

/**
 * A payment action on an order, called by the order page with a POST of
 * its form: runs `call` and answers the order (its page data added by the
 * resource's `after` hooks) with a success notice, or with the refusal as
 * field errors and an error notice (nothing changed). A GET changes
 * nothing and answers the order.
 */
function orderPaymentAction(
  icon: string,
  call: (input: OrderPaymentCall) => Promise<string>
): Partial<Action<ActionResponse>> {
  return {
    actionType: 'record',
    icon,
    component: false,
    /**
     * The order page shows these as its own forms (app/admin/order_page.ts
     * says which apply now); the service decides whether one may run.
     */
    isVisible: false,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const record = context.record
      if (!record) {
        throw new NotFoundError(`Record "${request.params.recordId}" not found`, 'Action#handler')
      }
      if (request.method !== 'post') {
        return { record: record.toJSON(context.currentAdmin) }
      }
      const number = String(record.params.number)
      const payload = flat.unflatten((request.payload ?? {}) as Payload) as Payload
      let message: string
      try {
        const { actor, origin } = await staffActor(context)
        message = await call({ number, payload, actor, origin })
      } catch (error) {
        const refusal = fieldErrors(error, orderField)
        const json = record.toJSON(context.currentAdmin)
        return {
          record: { ...json, errors: refusal.errors },
          notice: { message: refusal.message, type: 'error' },
        } as RecordActionResponse
      }
      const fresh = await context.resource.findOne(String(record.id()), context)
      return {
        record: (fresh ?? record).toJSON(context.currentAdmin),
        notice: { message, type: 'success' },
      } as RecordActionResponse
    },
  } as Partial<Action<ActionResponse>>
}

/**
 * The payment actions of an order (see app/admin/resources/sales.ts):
 * - `recordPayment`: money received for a manual method ("12.50" and a
 *   reference such as the transfer's);
 * - `refund`: all that may be refunded (amount left empty) or part of it,
 *   with a reason and, for a manual method, the reference of the money sent
 *   back. The form carries a one-time key made when it was drawn
 *   (`requestKey`), so a double-click or a resent form makes one refund;
 * - `completeRefund`: a pending manual refund marked sent, with its
 *   reference;
 * - `capture`: an authorized card payment captured.
 */
export const orderPaymentActions = {
  recordPayment: orderPaymentAction('DollarSign', async ({ number, payload, actor, origin }) => {
    const valid = await recordPaymentValidator.validate({
      amount: payload.amount,
      reference: payload.reference,
    })
    const amount = minorUnits(valid.amount)
    const order = await payments((service) =>
      service.recordManualPayment(actor, number, { amount, reference: valid.reference }, origin)
    )
    return `Order ${number}: ${toDecimalString(amount)} recorded (${order.paymentStatus.replace('_', ' ')})`
  }),

  refund: orderPaymentAction('RotateCcw', async ({ number, payload, actor, origin }) => {
    const requestKey = text(payload.requestKey)
    if (requestKey === null || requestKey.length > 90) {
      throw new FieldError('requestKey', 'This form has expired: reload the page and refund again')
    }
    const valid = await refundValidator.validate({
      amount: blank(payload.amount) ? undefined : payload.amount,
      reason: text(payload.reason),
      reference: text(payload.reference),
    })
    const amount = valid.amount === undefined ? undefined : minorUnits(valid.amount)
    const { refund, created } = await payments((service) =>
      service.requestRefund(
        actor,
        number,
        {
          ...(amount === undefined ? {} : { amount }),
          reason: valid.reason ?? null,
          reference: valid.reference ?? null,
          requestKey: `panel:${requestKey}`,
        },
        origin
      )
    )
    const what = `refund #${refund.id} of ${toDecimalString(Number(refund.amount))}`
    if (!created) {
      return `Order ${number}: ${what} was already requested with this form (${refund.status})`
    }
    return `Order ${number}: ${what} ${refund.status === 'succeeded' ? 'recorded' : refund.status}`
  }),

  completeRefund: orderPaymentAction('CheckSquare', async ({ number, payload, actor, origin }) => {
    const refundId = Number(payload.refundId)
    if (!Number.isSafeInteger(refundId) || refundId <= 0) {
      throw new FieldError('refundId', 'Choose the refund that was sent')
    }
    const valid = await completeRefundValidator.validate({ reference: payload.reference })
    const refund = await payments((service) =>
      service.completeManualRefund(actor, number, refundId, valid, origin)
    )
    return `Order ${number}: refund #${refund.id} ${refund.status === 'succeeded' ? 'sent' : refund.status}`
  }),

  capture: orderPaymentAction('CreditCard', async ({ number, actor, origin }) => {
    await payments((service) => service.capture(actor, number, origin))
    return `Order ${number}: capture requested`
  }),
}

// --- Payment events ----------------------------------------------------------------------

/**
 * "Resolve" on a provider event that needs attention: staff looked at it
 * (a refused amount, money that reached an expired order) and dealt with
 * it. Through PaymentService.resolveProviderEvent (audited there).
 */
export const resolveEventAction = {
  actionType: 'record',
  icon: 'Check',
  component: false,
  guard: 'Mark this event as dealt with?',
  isAccessible: ({ record }: ActionContext) =>
    isTrue(record?.params.needsAttention) && !record?.params.resolvedAt,
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record
    if (!record) {
      throw new NotFoundError(`Record "${request.params.recordId}" not found`, 'Action#handler')
    }
    const id = Number(record.id())
    try {
      const { actor, origin } = await staffActor(context)
      await payments((service) => service.resolveProviderEvent(actor, id, origin))
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error
      return {
        record: record.toJSON(context.currentAdmin),
        notice: { message: error.message, type: 'error' },
      }
    }
    const fresh = await context.resource.findOne(String(id), context)
    return {
      record: (fresh ?? record).toJSON(context.currentAdmin),
      notice: { message: `Event ${id} resolved`, type: 'success' },
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: String(id),
        actionName: 'show',
      }),
    }
  },
} as Partial<Action<ActionResponse>>

function isTrue(value: unknown) {
  return value === true || value === 'true' || value === 1 || value === '1'
}

// --- Payment methods ---------------------------------------------------------------------

type FieldKind = 'text' | 'nullableText' | 'integer' | 'nullableInteger' | 'boolean'

/**
 * The panel's property of each PaymentMethodAdminService input key.
 */
const METHOD_FIELDS: Record<string, { api: string; kind: FieldKind }> = {
  code: { api: 'code', kind: 'text' },
  name: { api: 'name', kind: 'text' },
  provider: { api: 'provider', kind: 'text' },
  payOnDelivery: { api: 'pay_on_delivery', kind: 'boolean' },
  capture: { api: 'capture', kind: 'text' },
  expiresAfterMinutes: { api: 'expires_after_minutes', kind: 'nullableInteger' },
  instructions: { api: 'instructions', kind: 'nullableText' },
  isActive: { api: 'is_active', kind: 'boolean' },
  position: { api: 'position', kind: 'integer' },
}

/**
 * Fields a blank leaves out rather than sends empty (the service's
 * default applies: capture automatic, position 0).
 */
const METHOD_OMIT_WHEN_BLANK = new Set(['capture', 'position', 'provider'])

/**
 * The service's input of a payment method form: only the fields the form
 * sent (an edit form sends them all). A whole number is sent as a number,
 * anything else as typed (the service refuses it by field).
 */
export function methodInput(request: ActionRequest): Payload {
  const payload = flat.unflatten((request.payload ?? {}) as Payload) as Payload
  const input: Payload = {}
  for (const [field, { api, kind }] of Object.entries(METHOD_FIELDS)) {
    const value = payload[field]
    if (value === undefined) continue
    if (blank(value) && METHOD_OMIT_WHEN_BLANK.has(field)) continue
    switch (kind) {
      case 'text':
        input[api] = typeof value === 'string' ? value.trim() : value
        break
      case 'nullableText':
        input[api] = blank(value) ? null : value
        break
      case 'integer':
      case 'nullableInteger': {
        if (blank(value)) {
          input[api] = null
        } else {
          const typed = String(value).trim()
          input[api] = /^-?\d{1,9}$/.test(typed) ? Number(typed) : value
        }
        break
      }
      case 'boolean':
        input[api] =
          value === true || value === 'true'
            ? true
            : value === false || value === 'false'
              ? false
              : value
        break
    }
  }
  return input
}

const methodField = (apiField: string | undefined) => {
  if (!apiField) return 'code'
  const head = apiField.split('.')[0]
  const known = Object.entries(METHOD_FIELDS).find(([, { api }]) => api === head)
  return known ? known[0] : camel(head)
}

/**
 * A refused method form: the field errors and the values typed.
 */
function refusedMethod(error: unknown, params: Payload, base: RecordJSON | null) {
  const { errors, message } = fieldErrors(error, (field) => methodField(field))
  const refusal = new ValidationError(errors, { message, type: 'invalid' })
  return {
    record: {
      ...(base ?? { id: '', title: '', recordActions: [], bulkActions: [], populated: {} }),
      params: { ...(base?.params ?? {}), ...params },
      baseError: refusal.baseError ?? null,
      errors: refusal.propertyErrors,
    },
    notice: { message, type: 'error' },
  } as RecordActionResponse
}

async function answerMethod(context: ActionContext, id: number, message: string) {
  const record = await context.resource.findOne(String(id), context)
  if (!record) {
    throw new NotFoundError(`Record "${id}" not found`, 'Action#handler')
  }
  return {
    record: record.toJSON(context.currentAdmin),
    redirectUrl: context.h.recordActionUrl({
      resourceId: context.resource.id(),
      recordId: String(id),
      actionName: 'show',
    }),
    notice: { message, type: 'success' },
  }
}

/**
 * new, edit and delete of a payment method, through the staff API's
 * validators and PaymentMethodAdminService (its rules, its audit entry,
 * written under the panel's action names); a refusal (422,
 * or 409 such as a code taken or a method unpaid orders still use) comes
 * back on the form.
 */
export const paymentMethodActions = {
  new: {
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      if (request.method !== 'post') {
        return {}
      }
      let id: number
      try {
        const input = await createPaymentMethodValidator.validate(methodInput(request))
        const method = await paymentMethods((service) => service.create(input, panelActor(context)))
        id = method.id
      } catch (error) {
        return refusedMethod(error, request.payload ?? {}, null)
      }
      return answerMethod(context, id, 'successfullyCreated')
    },
  },
  edit: {
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const record = context.record
      if (!record) {
        throw new NotFoundError(`Record "${request.params.recordId}" not found`, 'Action#handler')
      }
      if (request.method !== 'post') {
        return { record: record.toJSON(context.currentAdmin) }
      }
      const id = Number(record.id())
      try {
        const input = await updatePaymentMethodValidator.validate(methodInput(request))
        await paymentMethods((service) => service.update(id, input, panelActor(context)))
      } catch (error) {
        return refusedMethod(error, request.payload ?? {}, record.toJSON(context.currentAdmin))
      }
      return answerMethod(context, id, 'successfullyUpdated')
    },
  },
  delete: {
    guard: 'Delete this payment method? Orders placed with it keep its name.',
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const record = context.record
      if (!record) {
        throw new NotFoundError(`Record "${request.params.recordId}" not found`, 'Action#handler')
      }
      if (request.method !== 'post') {
        return { record: record.toJSON(context.currentAdmin) }
      }
      try {
        await paymentMethods((service) => service.delete(Number(record.id()), panelActor(context)))
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error
        return {
          record: record.toJSON(context.currentAdmin),
          notice: { message: error.message, type: 'error' },
        }
      }
      return {
        record: record.toJSON(context.currentAdmin),
        redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }),
        notice: { message: 'successfullyDeleted', type: 'success' },
      }
    },
  },
  bulkDelete: { isAccessible: false },
} satisfies Record<string, Partial<Action<ActionResponse>>>
