/*
|--------------------------------------------------------------------------
| Notifications the customer asks for
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const StockSubscriptionsController = () => import('#controllers/stock_subscriptions_controller')

/**
 * "Tell me when it is back in stock": one e-mail when the product's stock
 * next goes from 0 to positive, then the request ends.
 */
router
  .group(() => {
    router
      .post('/products/:product/stock-subscriptions', [StockSubscriptionsController, 'store'])
      .as('stock_subscriptions.store')
    router
      .delete('/products/:product/stock-subscriptions', [StockSubscriptionsController, 'destroy'])
      .as('stock_subscriptions.destroy')
  })
  .prefix('/api/v1')
  .as('v1')
  .use([middleware.forceJson(), middleware.auth(), middleware.throttle()])
