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

/**
 * The API's contract: the OpenAPI document, Swagger UI and ReDoc.
 */
const DocsController = () => import('#controllers/docs_controller')

router.get('/openapi.json', [DocsController, 'openapi']).as('docs.openapi')
router.get('/docs', [DocsController, 'swagger']).as('docs.swagger')
router.get('/redoc', [DocsController, 'redoc']).as('docs.redoc')
router.get('/docs/assets/:file', [DocsController, 'asset']).as('docs.asset')
