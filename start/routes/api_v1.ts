/*
|--------------------------------------------------------------------------
| REST API v1
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AuthController = () => import('#controllers/auth_controller')
const ProfileController = () => import('#controllers/profile_controller')
const CacheStatsController = () => import('#controllers/admin/cache_stats_controller')
const ProductsController = () => import('#controllers/products_controller')
const CategoriesController = () => import('#controllers/categories_controller')

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
      .use(middleware.throttle())

    /**
     * The public catalog: cached, ready-to-send bodies.
     */
    router
      .group(() => {
        router.get('/products', [ProductsController, 'index']).as('products.index')
        router.get('/products/:idOrSlug', [ProductsController, 'show']).as('products.show')
        router.get('/categories', [CategoriesController, 'index']).as('categories.index')
        router.get('/categories/:slug', [CategoriesController, 'show']).as('categories.show')
      })
      .use(middleware.throttle())

    /**
     * Catalog writes: staff and admins.
     */
    router
      .group(() => {
        router.post('/products', [ProductsController, 'store']).as('products.store')
        router.patch('/products/:id', [ProductsController, 'update']).as('products.update')
        router.delete('/products/:id', [ProductsController, 'destroy']).as('products.destroy')
        router.post('/categories', [CategoriesController, 'store']).as('categories.store')
        router.patch('/categories/:id', [CategoriesController, 'update']).as('categories.update')
        router.delete('/categories/:id', [CategoriesController, 'destroy']).as('categories.destroy')
      })
      .use([middleware.auth(), middleware.staff(), middleware.throttle()])

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
      .use([middleware.auth(), middleware.throttle()])

    /**
     * Staff and admins.
     */
    router
      .group(() => {
        router.get('/cache/stats', [CacheStatsController, 'show']).as('cache.stats')
      })
      .prefix('/admin')
      .as('admin')
      .use([middleware.auth(), middleware.staff(), middleware.throttle()])
  })
  .prefix('/api/v1')
  .as('v1')
  .use(middleware.forceJson())
