import type { HttpContext } from '@adonisjs/core/http'
import { ApiError } from '#exceptions/api_error'
import {
  catalogService,
  readyRead,
  sendJson,
  variantTags,
} from '#services/catalog_cache/ready_reads'
import { VariantAdminService } from '#services/variant_admin_service'
import { staffActorOf } from '#services/staff_audit'
import { catalogKey, idParam } from '#controllers/path_params'
import { serializeStockMovement, serializeVariant } from '#serializers/catalog_serializer'
import { SKU_PATTERN } from '#domain/sku'
import type ProductVariant from '#models/product_variant'
import {
  createVariantValidator,
  setOptionsValidator,
  stockMovementListValidator,
  updateVariantValidator,
  variantStockAdjustmentValidator,
} from '#validators/variants'

const PRODUCT_NOT_FOUND = 'Product not found'
const VARIANT_NOT_FOUND = 'Variant not found'

/**
 * Variants: the public read by SKU, and the staff writes (options,
 * variants, stock adjustments, the stock ledger). The rules live in
 * VariantAdminService, which the panel calls too. No constructor injection
 * on purpose (see ProductsController): the public read answers from the
 * ready bodies or the catalog service resolved once; the staff writes
 * resolve their service per request.
 */
export default class VariantsController {
  protected variants(ctx: HttpContext) {
    return ctx.containerResolver.make(VariantAdminService)
  }

  /**
   * GET /api/v1/variants/{sku}: an active variant of an active product.
   */
  async show(ctx: HttpContext) {
    const read = readyRead(ctx)
    if (read.sent) return
    const sku = String(ctx.params.variant ?? '')
    const catalog = await catalogService()
    const body = SKU_PATTERN.test(sku) ? await catalog.variantBody(sku) : null
    if (!body) {
      throw ApiError.notFound(VARIANT_NOT_FOUND)
    }
    read.keep(body, variantTags(body), 'products')
  }

  /**
   * PUT /api/v1/products/{product}/options (staff): answers the product
   * (its variants' titles follow their options).
   */
  async setOptions(ctx: HttpContext) {
    const id = await this.productId(ctx.params.product)
    const input = await ctx.request.validateUsing(setOptionsValidator)
    const variants = await this.variants(ctx)
    await variants.setOptions(id, input.options, staffActorOf(ctx))
    await this.sendProduct(ctx, id)
  }

  /**
   * POST /api/v1/products/{product}/variants (staff)
   */
  async store(ctx: HttpContext) {
    const id = await this.productId(ctx.params.product)
    const input = await ctx.request.validateUsing(createVariantValidator)
    const variants = await this.variants(ctx)
    const variant = await variants.createVariant(id, input, staffActorOf(ctx))
    return ctx.response.created({ data: await this.present(ctx, variant) })
  }

  /**
   * PATCH /api/v1/variants/{variant} (staff; the variant's id)
   */
  async update(ctx: HttpContext) {
    const id = idParam(ctx.params.variant, VARIANT_NOT_FOUND)
    const input = await ctx.request.validateUsing(updateVariantValidator)
    const variants = await this.variants(ctx)
    const variant = await variants.updateVariant(id, input, staffActorOf(ctx))
    return ctx.response.ok({ data: await this.present(ctx, variant) })
  }

  /**
   * DELETE /api/v1/variants/{variant} (staff)
   */
  async destroy(ctx: HttpContext) {
    const id = idParam(ctx.params.variant, VARIANT_NOT_FOUND)
    const variants = await this.variants(ctx)
    await variants.deleteVariant(id, staffActorOf(ctx))
    return ctx.response.noContent()
  }

  /**
   * POST /api/v1/variants/{variant}/stock-adjustments (staff)
   */
  async adjustStock(ctx: HttpContext) {
    const id = idParam(ctx.params.variant, VARIANT_NOT_FOUND)
    const input = await ctx.request.validateUsing(variantStockAdjustmentValidator)
    const variants = await this.variants(ctx)
    const variant = await variants.adjustStock(id, input, staffActorOf(ctx))
    return ctx.response.ok({ data: await this.present(ctx, variant) })
  }

  /**
   * GET /api/v1/variants/{variant}/stock-movements (staff): newest first.
   */
  async movements(ctx: HttpContext) {
    const id = idParam(ctx.params.variant, VARIANT_NOT_FOUND)
    const query = await stockMovementListValidator.validate(ctx.request.qs())
    const variants = await this.variants(ctx)
    const page = await variants.movements(id, {
      page: query.page,
      perPage: query.per_page,
      cursor: query.cursor,
    })
    return ctx.response.ok({ data: page.data.map(serializeStockMovement), meta: page.meta })
  }

  protected async present(ctx: HttpContext, variant: ProductVariant) {
    const variants = await this.variants(ctx)
    const options = await variants.productOptions(variant.productId)
    return serializeVariant(variant, options)
  }

  protected async productId(param: unknown): Promise<number> {
    const catalog = await catalogService()
    const id = await catalog.productId(catalogKey(param, PRODUCT_NOT_FOUND))
    if (id === null) {
      throw ApiError.notFound(PRODUCT_NOT_FOUND)
    }
    return id
  }

  protected async sendProduct(ctx: HttpContext, id: number) {
    const catalog = await catalogService()
    const body = await catalog.detailBody({ id, slug: null }, { includeInactive: true })
    ctx.response.header('cache-control', 'private, no-store')
    sendJson(ctx.response, body ?? '')
  }
}
