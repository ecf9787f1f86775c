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
const CartController = () => import('#controllers/cart_controller')
const OrdersController = () => import('#controllers/orders_controller')
const AdminOrdersController = () => import('#controllers/admin/orders_controller')

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
     * The public catalog: cached, ready-to-send bodies. One path template
     * per resource: `{product}` and `{category}` take the id or the slug,
     * here and in the staff writes below. A token is optional on the
     * detail reads: staff with one also read inactive products.
     */
    router
      .group(() => {
        router.get('/products', [ProductsController, 'index']).as('products.index')
        router
          .get('/products/:product', [ProductsController, 'show'])
          .as('products.show')
          .use(middleware.auth({ optional: true }))
        router.get('/categories', [CategoriesController, 'index']).as('categories.index')
        router
          .get('/categories/:category', [CategoriesController, 'show'])
          .as('categories.show')
          .use(middleware.auth({ optional: true }))
      })
      .use(middleware.throttle())

    /**
     * Catalog writes: staff and admins.
     */
    router
      .group(() => {
        router.post('/products', [ProductsController, 'store']).as('products.store')
        router.patch('/products/:product', [ProductsController, 'update']).as('products.update')
        router.delete('/products/:product', [ProductsController, 'destroy']).as('products.destroy')
        router
          .post('/products/:product/stock-adjustments', [ProductsController, 'adjustStock'])
          .as('products.stock')
        router.post('/categories', [CategoriesController, 'store']).as('categories.store')
        router
          .patch('/categories/:category', [CategoriesController, 'update'])
          .as('categories.update')
        router
          .delete('/categories/:category', [CategoriesController, 'destroy'])
          .as('categories.destroy')
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
        router.get('/orders', [OrdersController, 'index']).as('orders')
        router.get('/events', [OrdersController, 'myEvents']).as('events')
      })
      .prefix('/me')
      .as('me')
      .use([middleware.auth(), middleware.throttle()])

    /**
     * The signed-in user's cart.
     */
    router
      .group(() => {
        router.get('/', [CartController, 'show']).as('show')
        router.delete('/', [CartController, 'clear']).as('clear')
        router.post('/items', [CartController, 'addItem']).as('items.store')
        router.patch('/items/:variantId', [CartController, 'updateItem']).as('items.update')
        router.delete('/items/:variantId', [CartController, 'removeItem']).as('items.destroy')
        router.post('/quote', [CartController, 'quote']).as('quote')
      })
      .prefix('/cart')
      .as('cart')
      .use([middleware.auth(), middleware.throttle()])

    /**
     * Checkout and the user's orders (staff may read any order).
     */
    router
      .group(() => {
        router.post('/', [OrdersController, 'store']).as('store')
        router.get('/', [OrdersController, 'index']).as('index')
        router.get('/:number', [OrdersController, 'show']).as('show')
        router.post('/:number/cancel', [OrdersController, 'cancel']).as('cancel')
        router.get('/:number/invoice', [OrdersController, 'invoice']).as('invoice')
        router.get('/:number/events', [OrdersController, 'events']).as('events')
      })
      .prefix('/orders')
      .as('orders')
      .use([middleware.auth(), middleware.throttle()])

    /**
     * Staff and admins.
     */
    router
      .group(() => {
        router.get('/cache/stats', [CacheStatsController, 'show']).as('cache.stats')
        router.get('/orders', [AdminOrdersController, 'index']).as('orders.index')
        router
          .patch('/orders/:number/status', [AdminOrdersController, 'updateStatus'])
          .as('orders.status')
      })
      .prefix('/admin')
      .as('admin')
      .use([middleware.auth(), middleware.staff(), middleware.throttle()])
  })
  .prefix('/api/v1')
  .as('v1')
  .use(middleware.forceJson())
