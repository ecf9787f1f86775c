/*
|--------------------------------------------------------------------------
| Payments (issue 20)
|--------------------------------------------------------------------------
|
| The payment methods a client may choose, paying an order, Stripe's
| webhook, and staff's work on an order's money.
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const PaymentsController = () => import('#controllers/payments_controller')
const PaymentMethodsController = () => import('#controllers/payment_methods_controller')
const AdminPaymentMethodsController = () => import('#controllers/admin/payment_methods_controller')
const OrderPaymentsController = () => import('#controllers/admin/order_payments_controller')

router
  .group(() => {
    router
      .get('/payment-methods', [PaymentMethodsController, 'index'])
      .as('payment_methods.index')
      .use(middleware.throttle())

    router
      .group(() => {
        router.post('/:number/payment', [PaymentsController, 'start']).as('start')
        router.post('/:number/payment/confirm', [PaymentsController, 'confirm']).as('confirm')
      })
      .prefix('/orders')
      .as('orders.payment')
      .use([middleware.auth(), middleware.throttle()])

    router
      .group(() => {
        router.get('/', [AdminPaymentMethodsController, 'index']).as('index')
        router.post('/', [AdminPaymentMethodsController, 'store']).as('store')
        router.get('/:id', [AdminPaymentMethodsController, 'show']).as('show')
        router.patch('/:id', [AdminPaymentMethodsController, 'update']).as('update')
        router.delete('/:id', [AdminPaymentMethodsController, 'destroy']).as('destroy')
      })
      .prefix('/admin/payment-methods')
      .as('admin.payment_methods')
      .use([middleware.auth(), middleware.staff(), middleware.throttle()])

    router
      .group(() => {
        router
          .post('/orders/:number/payments', [OrderPaymentsController, 'record'])
          .as('orders.payments.store')
        router
          .post('/orders/:number/refunds', [OrderPaymentsController, 'refund'])
          .as('orders.refunds.store')
        router
          .post('/orders/:number/refunds/:id/complete', [OrderPaymentsController, 'completeRefund'])
          .as('orders.refunds.complete')
        router
          .post('/orders/:number/capture', [OrderPaymentsController, 'capture'])
          .as('orders.capture')
        router
          .get('/payment-events', [OrderPaymentsController, 'events'])
          .as('payment_events.index')
        router
          .post('/payment-events/:id/resolve', [OrderPaymentsController, 'resolve'])
          .as('payment_events.resolve')
      })
      .prefix('/admin')
      .as('admin')
      .use([middleware.auth(), middleware.staff(), middleware.throttle()])
  })
  .prefix('/api/v1')
  .as('v1')
  .use(middleware.forceJson())

/**
 * Stripe's webhook: no token (the signature over the raw body is the
 * proof), and not a `v1.` route name, so the strict input check (which
 * knows our bodies, not Stripe's) leaves it alone.
 */
router
  .post('/api/v1/payments/stripe/webhook', [PaymentsController, 'stripeWebhook'])
  .as('payments.stripe_webhook')
  .use(middleware.forceJson())
