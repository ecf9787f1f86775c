/*
|--------------------------------------------------------------------------
| Variants (issue 17): the public read by SKU, and the staff writes
|--------------------------------------------------------------------------
| `{variant}` is the SKU in the public read and the variant's id in the
| staff routes.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const VariantsController = () => import('#controllers/variants_controller')

router
  .get('/api/v1/variants/:variant', [VariantsController, 'show'])
  .as('v1.variants.show')
  .use([middleware.forceJson(), middleware.throttle()])

router
  .group(() => {
    router
      .put('/products/:product/options', [VariantsController, 'setOptions'])
      .as('products.options')
    router
      .post('/products/:product/variants', [VariantsController, 'store'])
      .as('products.variants.store')
    router.patch('/variants/:variant', [VariantsController, 'update']).as('variants.update')
    router.delete('/variants/:variant', [VariantsController, 'destroy']).as('variants.destroy')
    router
      .post('/variants/:variant/stock-adjustments', [VariantsController, 'adjustStock'])
      .as('variants.stock')
    router
      .get('/variants/:variant/stock-movements', [VariantsController, 'movements'])
      .as('variants.movements')
  })
  .prefix('/api/v1')
  .as('v1')
  .use([middleware.forceJson(), middleware.auth(), middleware.staff(), middleware.throttle()])
