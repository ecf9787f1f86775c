/*
|--------------------------------------------------------------------------
| Product images: staff uploads, and the stored files served
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const ProductImagesController = () => import('#controllers/product_images_controller')

/**
 * Staff and admins. The upload takes a multipart form, read by the
 * controller after the sign-in and staff checks (the rest of the API is
 * JSON only).
 */
router
  .group(() => {
    router
      .post('/products/:product/images', [ProductImagesController, 'store'])
      .as('products.images.store')
    router
      .patch('/products/:product/images/:image', [ProductImagesController, 'update'])
      .as('products.images.update')
    router
      .delete('/products/:product/images/:image', [ProductImagesController, 'destroy'])
      .as('products.images.destroy')
  })
  .prefix('/api/v1')
  .as('v1')
  .use([middleware.forceJson(), middleware.auth(), middleware.staff(), middleware.throttle()])

/**
 * The stored files, public: `{name}` is `<32 hex>.<jpg|png|webp>`.
 */
router.get('/images/:name', [ProductImagesController, 'serve']).as('images.show')
