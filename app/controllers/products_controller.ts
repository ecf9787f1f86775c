import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { ApiError } from '#exceptions/api_error'
import { CatalogService } from '#services/catalog_service'
import { serializeProduct } from '#serializers/catalog_serializer'
import { CatalogAdminService } from '#services/catalog_admin_service'
import { staffActorOf } from '#services/staff_audit'
import {
  createProductValidator,
  idParamValidator,
  productListValidator,
  stockAdjustmentValidator,
  updateProductValidator,
} from '#validators/catalog'

const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * A product key that no product can have: control characters (PostgreSQL
 * refuses NUL outright) or an id beyond the id column's range.
 */
function impossibleKey(key: string) {
  return (
    key.length > 220 ||
    /\p{Cc}/u.test(key) ||
    (/^\d{1,10}$/.test(key) && Number(key) > 2_147_483_647)
  )
}

/**
 * The services are container singletons (providers/app_provider.ts): the
 * per-request injection is a map lookup, and no service is constructed per
 * request on these hot routes.
 */
@inject()
export default class ProductsController {
  constructor(
    protected catalog: CatalogService,
    protected admin: CatalogAdminService
  ) {}

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
    const body = impossibleKey(key) ? null : await this.catalog.detailBody(key)
    if (!body) {
      throw ApiError.notFound('Product not found')
    }
    response.header('content-type', JSON_TYPE).send(body)
  }

  /**
   * POST /api/v1/products (staff)
   */
  async store(ctx: HttpContext) {
    const { request, response } = ctx
    const input = await request.validateUsing(createProductValidator)
    const product = await this.admin.createProduct(input, staffActorOf(ctx))
    return response.created({ data: serializeProduct(product) })
  }

  /**
   * PATCH /api/v1/products/:id (staff)
   */
  async update(ctx: HttpContext) {
    const { params, request, response } = ctx
    const { id } = await idParamValidator.validate(params)
    const input = await request.validateUsing(updateProductValidator, { meta: { productId: id } })
    const product = await this.admin.updateProduct(id, input, staffActorOf(ctx))
    return response.ok({ data: serializeProduct(product) })
  }

  /**
   * POST /api/v1/products/:id/stock-adjustments (staff)
   */
  async adjustStock(ctx: HttpContext) {
    const { params, request, response } = ctx
    const { id } = await idParamValidator.validate(params)
    const input = await request.validateUsing(stockAdjustmentValidator)
    const product = await this.admin.adjustStock(id, input, staffActorOf(ctx))
    return response.ok({ data: serializeProduct(product) })
  }

  /**
   * DELETE /api/v1/products/:id (staff)
   */
  async destroy(ctx: HttpContext) {
    const { params, response } = ctx
    const { id } = await idParamValidator.validate(params)
    await this.admin.deleteProduct(id, staffActorOf(ctx))
    return response.noContent()
  }
}
