import type { HttpContext } from '@adonisjs/core/http'
import { ApiError } from '#exceptions/api_error'
import { catalogService, serializeProduct } from '#services/catalog_service'
import { CatalogAdminService } from '#services/catalog_admin_service'
import {
  createProductValidator,
  idParamValidator,
  productListValidator,
  updateProductValidator,
} from '#validators/catalog'

const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * The services are plain objects (no per-request container resolution on
 * the hottest routes of the API).
 */
export default class ProductsController {
  protected catalog = catalogService
  protected admin = new CatalogAdminService()

  /**
   * GET /api/v1/products
   */
  async index({ request, response }: HttpContext) {
    const filters = await productListValidator.validate(request.qs())
    const body = await this.catalog.listBody(filters)
    response.header('content-type', JSON_TYPE).send(body)
  }

  /**
   * GET /api/v1/products/:idOrSlug
   */
  async show({ params, response }: HttpContext) {
    const key = String(params.idOrSlug)
    const body = key.length <= 220 ? await this.catalog.detailBody(key) : null
    if (!body) {
      throw ApiError.notFound('Product not found')
    }
    response.header('content-type', JSON_TYPE).send(body)
  }

  /**
   * POST /api/v1/products (staff)
   */
  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createProductValidator)
    const product = await this.admin.createProduct(input)
    return response.created({ data: serializeProduct(product) })
  }

  /**
   * PATCH /api/v1/products/:id (staff)
   */
  async update({ params, request, response }: HttpContext) {
    const { id } = await idParamValidator.validate(params)
    const input = await request.validateUsing(updateProductValidator, { meta: { productId: id } })
    const product = await this.admin.updateProduct(id, input)
    return response.ok({ data: serializeProduct(product) })
  }

  /**
   * DELETE /api/v1/products/:id (staff)
   */
  async destroy({ params, response }: HttpContext) {
    const { id } = await idParamValidator.validate(params)
    await this.admin.deleteProduct(id)
    return response.noContent()
  }
}
