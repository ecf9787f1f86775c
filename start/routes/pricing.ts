/*
|--------------------------------------------------------------------------
| Pricing rules (staff API, issue 19)
|--------------------------------------------------------------------------
|
| /api/v1/admin/shipping-zones, /shipping-methods, /tax-rates and
| /promotions: staff and admins list, read, create, change and delete.
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AdminPricingController = () => import('#controllers/admin/pricing_controller')

type Action = Exclude<
  keyof InstanceType<typeof import('#controllers/admin/pricing_controller').default>,
  'pricing'
>

/**
 * The five routes of one resource: index, store, show, update, destroy.
 */
function resource(
  path: string,
  name: string,
  actions: { index: Action; store: Action; show: Action; update: Action; destroy: Action }
) {
  router
    .group(() => {
      router.get('/', [AdminPricingController, actions.index]).as('index')
      router.post('/', [AdminPricingController, actions.store]).as('store')
      router.get('/:id', [AdminPricingController, actions.show]).as('show')
      router.patch('/:id', [AdminPricingController, actions.update]).as('update')
      router.delete('/:id', [AdminPricingController, actions.destroy]).as('destroy')
    })
    .prefix(`/api/v1/admin/${path}`)
    .as(`v1.admin.${name}`)
    .use([middleware.forceJson(), middleware.auth(), middleware.staff(), middleware.throttle()])
}

resource('shipping-zones', 'shipping_zones', {
  index: 'zones',
  store: 'storeZone',
  show: 'showZone',
  update: 'updateZone',
  destroy: 'destroyZone',
})
resource('shipping-methods', 'shipping_methods', {
  index: 'methods',
  store: 'storeMethod',
  show: 'showMethod',
  update: 'updateMethod',
  destroy: 'destroyMethod',
})
resource('tax-rates', 'tax_rates', {
  index: 'taxRates',
  store: 'storeTaxRate',
  show: 'showTaxRate',
  update: 'updateTaxRate',
  destroy: 'destroyTaxRate',
})
resource('promotions', 'promotions', {
  index: 'promotions',
  store: 'storePromotion',
  show: 'showPromotion',
  update: 'updatePromotion',
  destroy: 'destroyPromotion',
})
