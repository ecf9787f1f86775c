import { LucidResource } from '@adminjs/adonis'
import type { Before, ResourceWithOptions } from 'adminjs'
import PaymentMethod from '#models/payment_method'
import PaymentProviderEvent from '#models/payment_provider_event'
import { PAYMENT_PROVIDERS } from '#domain/payment_status'
import { paymentMethodActions, resolveEventAction } from '#admin/actions/payment_actions'
import { Components } from '#admin/component_loader'
import { moneyFields } from '#admin/money'
import { dbConnection } from '#start/runtime'

const navigation = { name: 'Payments', icon: 'CreditCard' }
const showOnly = { isVisible: { list: false, filter: false, show: true, edit: false } }
const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }))
const optional = { isRequired: false }
const readOnly = {
  new: { isAccessible: false },
  edit: { isAccessible: false },
  delete: { isAccessible: false },
  bulkDelete: { isAccessible: false },
}

const OUTCOMES = ['applied', 'ignored', 'refused', 'late'] as const

/**
 * A boolean filter as the database compares it: AdminJS sends "true" or
 * "false", which SQLite (booleans stored as 0 and 1) never equals; "1"
 * and "0" are a boolean on PostgreSQL and a number on SQLite.
 */
const booleanFilter =
  (property: string): Before =>
  async (request) => {
    const query = { ...(request.query ?? {}) } as Record<string, any>
    const key = `filters.${property}`
    const bit = (value: unknown) => (value === 'true' ? '1' : value === 'false' ? '0' : value)
    if (key in query) {
      query[key] = bit(query[key])
    }
    if (query.filters && typeof query.filters === 'object' && property in query.filters) {
      query.filters = { ...query.filters, [property]: bit(query.filters[property]) }
    }
    return { ...request, query }
  }

const eventMoney = moneyFields('amount')

/**
 * Payments (issue 20): the payment methods customers choose at checkout,
 * written through PaymentMethodAdminService as in the staff API, and the
 * provider events as received, newest first, with the ones staff must
 * look at (a refused amount, a late payment) marked and resolvable. The
 * order's own payment work (record a payment, refund, capture) is on the
 * order's page (#admin/order_page, #admin/actions/payment_actions).
 */
export const paymentResources: ResourceWithOptions[] = [
  {
    resource: new LucidResource(PaymentMethod, dbConnection),
    options: {
      id: 'payment_methods',
      navigation,
      titleProperty: 'name',
      listProperties: ['id', 'code', 'name', 'provider', 'payOnDelivery', 'isActive', 'position'],
      showProperties: [
        'id',
        'code',
        'name',
        'provider',
        'payOnDelivery',
        'capture',
        'expiresAfterMinutes',
        'instructions',
        'isActive',
        'position',
        'createdAt',
        'updatedAt',
      ],
      editProperties: [
        'code',
        'name',
        'provider',
        'payOnDelivery',
        'capture',
        'expiresAfterMinutes',
        'instructions',
        'isActive',
        'position',
      ],
      filterProperties: ['code', 'name', 'provider', 'isActive'],
      sort: { sortBy: 'position', direction: 'asc' },
      properties: {
        code: {
          isRequired: true,
          description:
            'What checkout names the method by (payment_method): lower-case letters, digits, _ and -, such as bank-transfer',
        },
        name: { isRequired: true, description: 'Shown to customers, such as "Bank transfer"' },
        provider: {
          availableValues: options(PAYMENT_PROVIDERS),
          isRequired: true,
          description:
            'manual: staff record the money (bank transfer, cash on delivery); stripe: card payments through Stripe',
        },
        payOnDelivery: {
          ...optional,
          description: 'manual only: the order ships unpaid and is paid when delivered',
        },
        capture: {
          ...optional,
          availableValues: options(['automatic', 'manual']),
          description:
            'stripe only: automatic (charged at once) or manual (authorized, captured by staff from the order page)',
        },
        expiresAfterMinutes: {
          ...optional,
          type: 'number',
          description:
            'An unpaid order is cancelled (and restocked) this many minutes after checkout, such as 30 for cards or 10080 (7 days) for bank transfer; empty: never',
        },
        instructions: {
          ...optional,
          type: 'textarea',
          description: 'Shown to the customer after checkout, such as the bank details',
        },
        isActive: {
          ...optional,
          components: { edit: Components.ActiveCheckbox },
          description:
            'A new one is active unless this is unticked. As soon as one method is active, checkout requires one',
        },
        position: {
          ...optional,
          type: 'number',
          description: 'Methods are listed by position, then id',
        },
        createdAt: showOnly,
        updatedAt: showOnly,
      },
      actions: paymentMethodActions,
    },
  },
  {
    resource: new LucidResource(PaymentProviderEvent, dbConnection),
    options: {
      id: 'payment_provider_events',
      navigation,
      titleProperty: 'eventId',
      listProperties: [
        'id',
        'receivedAt',
        'provider',
        'type',
        'orderId',
        'outcome',
        'needsAttention',
        'amount',
        'resolvedAt',
      ],
      showProperties: [
        'id',
        'provider',
        'eventId',
        'type',
        'orderId',
        'paymentId',
        'outcome',
        'needsAttention',
        'message',
        'amount',
        'currency',
        'receivedAt',
        'resolvedAt',
        'resolvedBy',
      ],
      filterProperties: ['needsAttention', 'outcome', 'provider', 'type', 'orderId', 'receivedAt'],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        orderId: { reference: 'orders' },
        resolvedBy: { reference: 'users' },
        outcome: {
          availableValues: options(OUTCOMES),
          description:
            'applied: acted on; ignored: not an event we act on; refused: its amount or currency did not match (nothing applied); late: money for an expired or cancelled order (refunded automatically)',
        },
        needsAttention: { type: 'boolean' },
        message: { type: 'textarea' },
        amount: { components: { list: Components.MoneyCell, show: Components.MoneyCell } },
      },
      actions: {
        ...readOnly,
        list: {
          before: [booleanFilter('needsAttention')],
          after: [eventMoney.after],
        },
        show: { after: [eventMoney.after] },
        resolve: resolveEventAction,
      },
    },
  },
]
