/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Split by area: each file in start/routes/ registers one group.
|
*/
import router from '@adonisjs/core/services/router'
import transmit from '@adonisjs/transmit/services/main'
import { middleware } from '#start/kernel'
import '#start/routes/api_v1'
import '#start/routes/pages'
import '#start/routes/admin'
import '#start/routes/webhooks'
import '#start/routes/notifications'
import '#start/routes/product_images'
import '#start/routes/variants'
import '#start/routes/pricing'
import '#start/routes/payments'
import env from '#start/env'

if (env.get('BENCH_ROUTES')) {
  await import('#start/routes/bench')
}

/**
 * Transmit's routes (/__transmit/events, /subscribe, /unsubscribe), behind
 * the guard that validates them and checks tokens (see start/transmit.ts).
 */
transmit.registerRoutes((route) => {
  route.use(middleware.transmitGuard())
})

const HealthController = () => import('#controllers/health_controller')

const HomeController = () => import('#controllers/home_controller')

router.get('/', [HomeController, 'index']).as('home')

router
  .group(() => {
    router.get('/live', [HealthController, 'live']).as('live')
    router.get('/ready', [HealthController, 'ready']).as('ready')
  })
  .prefix('/health')
  .as('health')
