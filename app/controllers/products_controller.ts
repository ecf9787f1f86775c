import type { HttpContext } from '@adonisjs/core/http'
import { ApiError } from '#exceptions/api_error'
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
import {
  catalogService,
  detailTags,
  listTags,
  readyRead,
  sendJson,
} from '#services/catalog_cache/ready_reads'

const NOT_FOUND = 'Product not found'

/**
 * No constructor injection on purpose (issue 21, warm pages): the
 * container resolves a controller per request, and each injected class
 * costs it a look at that class's source. The public reads answer from
 * the ready bodies (app/services/catalog_cache/ready_bodies.ts) or the
 * catalog service resolved once; the staff writes resolve their service
 * per request.
 */
export default class ProductsController {
  protected admin(ctx: HttpContext) {
    return ctx.containerResolver.make(CatalogAdminService)
  }

  /**
   * GET /api/v1/products
   */
  async index(ctx: HttpContext) {
    const read = readyRead(ctx)
    if (read.sent) return
    const filters = await productListValidator.validate(ctx.request.qs())
    const catalog = await catalogService()
    const body = await catalog.listBody(filters)
    read.keep(body, listTags(filters), filters.q === undefined ? 'products' : 'search')
  }

  /**
   * GET /api/v1/products/{product} (id or slug). Staff with a token also
   * read inactive products (uncached, `is_active: false`); everyone else
   * gets 404 for them.
   */
  async show(ctx: HttpContext) {
    const { auth, bouncer, params, response } = ctx
    const staff = auth.user ? await bouncer.allows(accessStaffArea) : false
    const read = staff ? undefined : readyRead(ctx)
    if (read?.sent) return
    const key = catalogKey(params.product, NOT_FOUND)
    const catalog = await catalogService()
    const body = await catalog.detailBody(key, { includeInactive: staff })
    if (!body) {
      throw ApiError.notFound(NOT_FOUND)
    }
    if (!read) {
      response.header('cache-control', 'private, no-store')
      sendJson(response, body)
      return
    }
    read.keep(body, detailTags(body), 'products')
  }

  /**
   * The id of `/products/{product}` for the staff writes (404 when none).
   */
  protected async productId(param: unknown): Promise<number> {
    const catalog = await catalogService()
    const id = await catalog.productId(catalogKey(param, NOT_FOUND))
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
    const admin = await this.admin(ctx)
    const product = await admin.createProduct(input, staffActorOf(ctx))
    return response.created({ data: serializeProduct(product, { includeInactive: true }) })
  }

  /**
   * PATCH /api/v1/products/{product} (staff)
   */
  async update(ctx: HttpContext) {
    const { params, request, response } = ctx
    const id = await this.productId(params.product)
    const input = await request.validateUsing(updateProductValidator, { meta: { productId: id } })
    const admin = await this.admin(ctx)
    const product = await admin.updateProduct(id, input, staffActorOf(ctx))
    return response.ok({ data: serializeProduct(product, { includeInactive: true }) })
  }

  /**
   * POST /api/v1/products/{product}/stock-adjustments (staff)
   */
  async adjustStock(ctx: HttpContext) {
    const { params, request, response } = ctx
    const id = await this.productId(params.product)
    const input = await request.validateUsing(stockAdjustmentValidator)
    const admin = await this.admin(ctx)
    const product = await admin.adjustStock(id, input, staffActorOf(ctx))
    return response.ok({ data: serializeProduct(product, { includeInactive: true }) })
  }

  /**
   * DELETE /api/v1/products/{product} (staff)
   */
  async destroy(ctx: HttpContext) {
    const { params, response } = ctx
    const id = await this.productId(params.product)
    const admin = await this.admin(ctx)
    await admin.deleteProduct(id, staffActorOf(ctx))
    return response.noContent()
  }
}
