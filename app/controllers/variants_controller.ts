import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { ApiError } from '#exceptions/api_error'
import { CatalogService } from '#services/catalog_service'
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

const JSON_TYPE = 'application/json; charset=utf-8'
const PRODUCT_NOT_FOUND = 'Product not found'
const VARIANT_NOT_FOUND = 'Variant not found'

/**
 * Variants: the public read by SKU, and the staff writes (options,
 * variants, stock adjustments, the stock ledger). The rules live in
 * VariantAdminService, which the panel calls too.
 */
@inject()
export default class VariantsController {
  constructor(
    protected catalog: CatalogService,
    protected variants: VariantAdminService
  ) {}

  /**
   * GET /api/v1/variants/{sku}: an active variant of an active product.
   */
  async show({ params, response }: HttpContext) {
    const sku = String(params.variant ?? '')
    const body = SKU_PATTERN.test(sku) ? await this.catalog.variantBody(sku) : null
    if (!body) {
      throw ApiError.notFound(VARIANT_NOT_FOUND)
    }
    response.header('content-type', JSON_TYPE).send(body)
  }

  /**
   * PUT /api/v1/products/{product}/options (staff): answers the product
   * (its variants' titles follow their options).
   */
  async setOptions(ctx: HttpContext) {
    const id = await this.productId(ctx.params.product)
    const input = await ctx.request.validateUsing(setOptionsValidator)
    await this.variants.setOptions(id, input.options, staffActorOf(ctx))
    await this.sendProduct(ctx, id)
  }

  /**
   * POST /api/v1/products/{product}/variants (staff)
   */
  async store(ctx: HttpContext) {
    const id = await this.productId(ctx.params.product)
    const input = await ctx.request.validateUsing(createVariantValidator)
    const variant = await this.variants.createVariant(id, input, staffActorOf(ctx))
    return ctx.response.created({ data: await this.present(variant) })
  }

  /**
   * PATCH /api/v1/variants/{variant} (staff; the variant's id)
   */
  async update(ctx: HttpContext) {
    const id = idParam(ctx.params.variant, VARIANT_NOT_FOUND)
    const input = await ctx.request.validateUsing(updateVariantValidator)
    const variant = await this.variants.updateVariant(id, input, staffActorOf(ctx))
    return ctx.response.ok({ data: await this.present(variant) })
  }

  /**
   * DELETE /api/v1/variants/{variant} (staff)
   */
  async destroy(ctx: HttpContext) {
    const id = idParam(ctx.params.variant, VARIANT_NOT_FOUND)
    await this.variants.deleteVariant(id, staffActorOf(ctx))
    return ctx.response.noContent()
  }

  /**
   * POST /api/v1/variants/{variant}/stock-adjustments (staff)
   */
  async adjustStock(ctx: HttpContext) {
    const id = idParam(ctx.params.variant, VARIANT_NOT_FOUND)
    const input = await ctx.request.validateUsing(variantStockAdjustmentValidator)
    const variant = await this.variants.adjustStock(id, input, staffActorOf(ctx))
    return ctx.response.ok({ data: await this.present(variant) })
  }

  /**
   * GET /api/v1/variants/{variant}/stock-movements (staff): newest first.
   */
  async movements(ctx: HttpContext) {
    const id = idParam(ctx.params.variant, VARIANT_NOT_FOUND)
    const query = await stockMovementListValidator.validate(ctx.request.qs())
    const page = await this.variants.movements(id, {
      page: query.page,
      perPage: query.per_page,
      cursor: query.cursor,
    })
    return ctx.response.ok({ data: page.data.map(serializeStockMovement), meta: page.meta })
  }

  protected async present(variant: ProductVariant) {
    return serializeVariant(variant, await this.variants.productOptions(variant.productId))
  }

  protected async productId(param: unknown): Promise<number> {
    const id = await this.catalog.productId(catalogKey(param, PRODUCT_NOT_FOUND))
    if (id === null) {
      throw ApiError.notFound(PRODUCT_NOT_FOUND)
    }
    return id
  }

  protected async sendProduct(ctx: HttpContext, id: number) {
    const body = await this.catalog.detailBody({ id, slug: null }, { includeInactive: true })
    ctx.response
      .header('cache-control', 'private, no-store')
      .header('content-type', JSON_TYPE)
      .send(body)
  }
}
