/*
|--------------------------------------------------------------------------
| Browser pages
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'

const PagesController = () => import('#controllers/pages_controller')

router.get('/account/orders/live', [PagesController, 'liveOrders']).as('pages.live_orders')
router.get('/assets/live_orders.js', [PagesController, 'liveOrdersScript']).as('assets.live_orders')
router
  .get('/assets/transmit-client.js', [PagesController, 'transmitClient'])
  .as('assets.transmit_client')
