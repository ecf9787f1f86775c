import { LucidResource } from '@adminjs/adonis'
import type { ActionContext, Before, ResourceWithOptions } from 'adminjs'
import Order from '#models/order'
import { customerIdForEmail } from '#admin/customer_filter'
import { panelActor } from '#admin/audit'
import OrderItem from '#models/order_item'
import OrderEvent from '#models/order_event'
import AdminAction from '#models/admin_action'
import { moneyFields, withShopCurrency } from '#admin/money'
import { withOrderPage } from '#admin/order_page'
import { Components } from '#admin/component_loader'
import { bulkOrderAction, orderAction } from '#admin/actions/order_actions'
import { orderPaymentActions } from '#admin/actions/payment_actions'
import { paymentResources } from '#admin/resources/payments'
import { PAYMENT_STATUSES } from '#domain/payment_status'
import { exportCsvAction } from '#admin/actions/csv_actions'
import { dbConnection } from '#start/runtime'

const navigation = { name: 'Sales', icon: 'DollarSign' }
const readOnly = {
  new: { isAccessible: false },
  edit: { isAccessible: false },
  delete: { isAccessible: false },
  bulkDelete: { isAccessible: false },
}
const adminsOnly = (context: ActionContext) => context.currentAdmin?.role === 'admin'
const orderMoney = moneyFields('subtotal', 'total', 'amountPaid', 'amountRefunded')

/**
 * The orders list's "Customer e-mail" filter: resolved to the user's id
 * on the server (#admin/customer_filter: whole address only, the same
 * answer for an unknown address and a customer without orders, every
 * lookup audited), so the list is filtered by userId and never shows
 * staff an e-mail (references to users carry only a name; see
 * #admin/api_results).
 */
const customerEmailFilter: Before = async (request, context) => {
  const query = { ...(request.query ?? {}) } as Record<string, any>
  let email: unknown = query['filters.customerEmail']
  delete query['filters.customerEmail']
  if (query.filters && typeof query.filters === 'object') {
    const { customerEmail, ...rest } = query.filters
    email = email ?? customerEmail
    query.filters = rest
  }
  if (typeof email === 'string' && email.trim() !== '') {
    query['filters.userId'] = String(await customerIdForEmail(email, panelActor(context)))
  }
  return { ...request, query }
}
const itemMoney = moneyFields('unitPrice', 'lineTotal')
const moneyColumn = {
  components: { list: Components.MoneyCell, show: Components.MoneyCell },
}

/**
 * Orders change only through the lifecycle actions; nothing here edits a
 * status (or anything else) directly. References to users show staff the
 * user's name only (see #admin/api_results).
 */
export const salesResources: ResourceWithOptions[] = [
  {
    resource: new LucidResource(Order, dbConnection),
    options: {
      id: 'orders',
      navigation,
      titleProperty: 'number',
      listProperties: [
        'number',
        'userId',
        'status',
        'paymentStatus',
        'total',
        'itemCount',
        'createdAt',
      ],
      filterProperties: [
        'number',
        'status',
        'paymentStatus',
        'paymentMethodCode',
        'userId',
        'customerEmail',
        'createdAt',
        'total',
      ],
      sort: { sortBy: 'createdAt', direction: 'desc' },
      properties: {
        userId: { reference: 'users' },
        customerEmail: {
          type: 'string',
          isVisible: { list: false, show: false, edit: false, filter: true },
          description: "The customer's e-mail address (the list shows the name only)",
        },
        status: {
          availableValues: [
            { value: 'pending', label: 'Pending' },
            { value: 'shipped', label: 'Shipped' },
            { value: 'delivered', label: 'Delivered' },
            { value: 'cancelled', label: 'Cancelled' },
          ],
          components: { list: Components.StatusBadge, show: Components.StatusBadge },
        },
        /**
         * Issue 20: the payment state, separate from fulfilment (see
         * #domain/payment_status).
         */
        paymentStatus: {
          availableValues: PAYMENT_STATUSES.map((value) => ({
            value,
            label: value.replace('_', ' '),
          })),
          components: { list: Components.StatusBadge, show: Components.StatusBadge },
        },
        paymentMethodCode: { description: 'The payment method chosen at checkout (its code)' },
        subtotal: moneyColumn,
        total: moneyColumn,
        amountPaid: moneyColumn,
        amountRefunded: moneyColumn,
      },
      actions: {
        ...readOnly,
        list: { before: [customerEmailFilter], after: [orderMoney.after] },
        /**
         * The order page draws its own header: "Order <number>" with the
         * status, under a link back to the list (AdminJS's header would
         * title it "Order" and add its own move buttons).
         */
        show: {
          component: Components.OrderPage,
          hideActionHeader: true,
          after: [orderMoney.after, withOrderPage],
        },
        // Every action answering an order shows its money as list/show do.
        markShipped: {
          ...orderAction('shipped', 'Truck'),
          after: [orderMoney.after, withOrderPage],
        },
        markDelivered: {
          ...orderAction('delivered', 'CheckCircle'),
          after: [orderMoney.after, withOrderPage],
        },
        cancel: {
          ...orderAction('cancelled', 'XCircle'),
          after: [orderMoney.after, withOrderPage],
        },
        /**
         * Issue 20: the payment work on an order, through PaymentService
         * (the order page shows the forms that apply).
         */
        recordPayment: {
          ...orderPaymentActions.recordPayment,
          after: [orderMoney.after, withOrderPage],
        },
        refund: { ...orderPaymentActions.refund, after: [orderMoney.after, withOrderPage] },
        completeRefund: {
          ...orderPaymentActions.completeRefund,
          after: [orderMoney.after, withOrderPage],
        },
        capture: { ...orderPaymentActions.capture, after: [orderMoney.after, withOrderPage] },
        exportCsv: exportCsvAction,
        bulkShip: {
          ...bulkOrderAction('shipped', 'Mark shipped', 'Truck'),
          after: [orderMoney.after],
        },
        bulkDeliver: {
          ...bulkOrderAction('delivered', 'Mark delivered', 'CheckCircle'),
          after: [orderMoney.after],
        },
        bulkCancel: {
          ...bulkOrderAction('cancelled', 'Cancel', 'XCircle'),
          after: [orderMoney.after],
        },
      },
    },
  },
  {
    resource: new LucidResource(OrderItem, dbConnection),
    options: {
      id: 'order_items',
      navigation,
      listProperties: [
        'id',
        'orderId',
        'productId',
        'productName',
        'quantity',
        'unitPrice',
        'lineTotal',
      ],
      filterProperties: ['orderId', 'productId', 'productName'],
      properties: {
        orderId: { reference: 'orders' },
        productId: { reference: 'products' },
        unitPrice: moneyColumn,
        lineTotal: moneyColumn,
      },
      actions: {
        ...readOnly,
        list: { after: [itemMoney.after, withShopCurrency] },
        show: { after: [itemMoney.after, withShopCurrency] },
      },
    },
  },
  {
    resource: new LucidResource(OrderEvent, dbConnection),
    options: {
      id: 'order_events',
      navigation,
      listProperties: ['id', 'orderId', 'type', 'fromStatus', 'toStatus', 'actorRole', 'createdAt'],
      filterProperties: ['orderId', 'type', 'toStatus', 'actorRole', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        orderId: { reference: 'orders' },
        userId: { reference: 'users' },
        actorId: { reference: 'users' },
        productId: { reference: 'products' },
      },
      actions: readOnly,
    },
  },
  /**
   * The Payments group (issue 20) is listed with the sales, after them.
   */
  ...paymentResources,
  {
    resource: new LucidResource(AdminAction, dbConnection),
    options: {
      id: 'admin_actions',
      navigation: { name: 'People', icon: 'Users' },
      listProperties: ['id', 'adminEmail', 'action', 'resource', 'recordId', 'ip', 'createdAt'],
      filterProperties: ['adminEmail', 'action', 'resource', 'recordId', 'ip', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        adminId: { reference: 'users' },
        changes: { type: 'textarea' },
      },
      /**
       * The audit log is for admins only (issue 14, finding 15).
       */
      actions: {
        ...readOnly,
        list: { isAccessible: adminsOnly },
        show: { isAccessible: adminsOnly },
        search: { isAccessible: adminsOnly },
      },
    },
  },
]
