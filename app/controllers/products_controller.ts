import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { ApiError } from '#exceptions/api_error'
import { CatalogService } from '#services/catalog_service'
import { serializeProduct } from '#serializers/catalog_serializer'
import { CatalogAdminService } from '#services/catalog_admin_service'
import { staffActorOf } from '#services/staff_audit'
import { accessStaffArea } from '#abilities/main'
import { catalogKey } from '#controllers/path_params'
import {
  createProductValidator,
  productListValidator,
  stockAdjustmentValidator,
  updateProductValidator,
} from '#validators/catalog'

const JSON_TYPE = 'application/json; charset=utf-8'
const NOT_FOUND = 'Product not found'

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
   * GET /api/v1/products/{product} (id or slug). Staff with a token also
   * read inactive products (uncached, `is_active: false`); everyone else
   * gets 404 for them.
   */
  async show({ auth, bouncer, params, response }: HttpContext) {
    const key = catalogKey(params.product, NOT_FOUND)
    const staff = auth.user ? await bouncer.allows(accessStaffArea) : false
    const body = await this.catalog.detailBody(key, { includeInactive: staff })
    if (!body) {
      throw ApiError.notFound(NOT_FOUND)
    }
    if (staff) {
      response.header('cache-control', 'private, no-store')
    }
    response.header('content-type', JSON_TYPE).send(body)
  }

  /**
   * The id of `/products/{product}` for the staff writes (404 when none).
   */
  protected async productId(param: unknown): Promise<number> {
    const id = await this.catalog.productId(catalogKey(param, NOT_FOUND))
    if (id === null) {
      throw ApiError.notFound(NOT_FOUND)
    }
    return id
  }

  /**
   * POST /api/v1/products (staff)
   */
  async store(ctx: HttpContext) {
    const { request, response } = ctx
    const input = await request.validateUsing(createProductValidator)
    const product = await this.admin.createProduct(input, staffActorOf(ctx))
    return response.created({ data: serializeProduct(product, { includeInactive: true }) })
  }

  /**
   * PATCH /api/v1/products/{product} (staff)
   */
  async update(ctx: HttpContext) {
    const { params, request, response } = ctx
    const id = await this.productId(params.product)
    const input = await request.validateUsing(updateProductValidator, { meta: { productId: id } })
    const product = await this.admin.updateProduct(id, input, staffActorOf(ctx))
    return response.ok({ data: serializeProduct(product, { includeInactive: true }) })
  }

  /**
   * POST /api/v1/products/{product}/stock-adjustments (staff)
   */
  async adjustStock(ctx: HttpContext) {
    const { params, request, response } = ctx
    const id = await this.productId(params.product)
    const input = await request.validateUsing(stockAdjustmentValidator)
    const product = await this.admin.adjustStock(id, input, staffActorOf(ctx))
    return response.ok({ data: serializeProduct(product, { includeInactive: true }) })
  }

  /**
   * DELETE /api/v1/products/{product} (staff)
   */
  async destroy(ctx: HttpContext) {
    const { params, response } = ctx
    const id = await this.productId(params.product)
    await this.admin.deleteProduct(id, staffActorOf(ctx))
    return response.noContent()
  }
}
