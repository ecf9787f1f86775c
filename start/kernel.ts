/*
|--------------------------------------------------------------------------
| HTTP kernel
|--------------------------------------------------------------------------
|
| Server middleware run on every request, router middleware on every
| request that matches a route, named middleware where a route asks.
| There is no session middleware here on purpose: sessions belong to the
| panel routes only (see ARCHITECTURE.md, performance rules).
|
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/request_id_middleware'),
  () => import('@adonisjs/cors/cors_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
  () => import('#middleware/strict_input_middleware'),
])

export const middleware = router.named({
  forceJson: () => import('#middleware/force_json_response_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  staff: () => import('#middleware/staff_middleware'),
  throttle: () => import('#middleware/api_throttle_middleware'),
  transmitGuard: () => import('#middleware/transmit_guard_middleware'),
  session: () => import('@adonisjs/session/session_middleware'),
  adminCsrf: () => import('#middleware/admin_csrf_middleware'),
})
