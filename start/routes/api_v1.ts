/*
|--------------------------------------------------------------------------
| REST API v1
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { apiThrottle } from '#start/limiter'

const AuthController = () => import('#controllers/auth_controller')
const ProfileController = () => import('#controllers/profile_controller')
const CacheStatsController = () => import('#controllers/admin/cache_stats_controller')

router
  .group(() => {
    /**
     * Sign-up and sign-in: public, with budgets of their own.
     */
    router
      .group(() => {
        router.post('/register', [AuthController, 'register']).as('register')
        router.post('/login', [AuthController, 'login']).as('login')
        router.post('/refresh', [AuthController, 'refresh']).as('refresh')
        router.post('/logout', [AuthController, 'logout']).as('logout')
      })
      .prefix('/auth')
      .as('auth')
      .use(apiThrottle)

    /**
     * The signed-in user's own account.
     */
    router
      .group(() => {
        router.get('/', [ProfileController, 'show']).as('show')
        router.patch('/', [ProfileController, 'update']).as('update')
        router.put('/password', [ProfileController, 'updatePassword']).as('password')
      })
      .prefix('/me')
      .as('me')
      .use([middleware.auth(), apiThrottle])

    /**
     * Staff and admins.
     */
    router
      .group(() => {
        router.get('/cache/stats', [CacheStatsController, 'show']).as('cache.stats')
      })
      .prefix('/admin')
      .as('admin')
      .use([middleware.auth(), middleware.staff(), apiThrottle])
  })
  .prefix('/api/v1')
  .as('v1')
  .use(middleware.forceJson())
