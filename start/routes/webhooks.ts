/*
|--------------------------------------------------------------------------
| Outbound webhooks (staff API)
|--------------------------------------------------------------------------
|
| /api/v1/admin/webhooks: staff read endpoints and deliveries, admins
| write (checked in the controller with the manageWebhooks ability).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AdminWebhooksController = () => import('#controllers/admin/webhooks_controller')

router
  .group(() => {
    router.get('/', [AdminWebhooksController, 'index']).as('index')
    router.post('/', [AdminWebhooksController, 'store']).as('store')
    router.get('/:id', [AdminWebhooksController, 'show']).as('show')
    router.patch('/:id', [AdminWebhooksController, 'update']).as('update')
    router.delete('/:id', [AdminWebhooksController, 'destroy']).as('destroy')
    router.get('/:id/deliveries', [AdminWebhooksController, 'deliveries']).as('deliveries')
    router
      .post('/:id/deliveries/:deliveryId/resend', [AdminWebhooksController, 'resend'])
      .as('resend')
  })
  .prefix('/api/v1/admin/webhooks')
  .as('v1.admin.webhooks')
  .use([middleware.forceJson(), middleware.auth(), middleware.staff(), middleware.throttle()])
