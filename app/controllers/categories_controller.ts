import type { HttpContext } from '@adonisjs/core/http'
import type Category from '#models/category'
import { ApiError } from '#exceptions/api_error'
import { CatalogAdminService } from '#services/catalog_admin_service'
import { CatalogTags } from '#services/catalog_cache'
import { catalogService, readyRead } from '#services/catalog_cache/ready_reads'
import { staffActorOf } from '#services/staff_audit'
import { catalogKey } from '#controllers/path_params'
import { createCategoryValidator, updateCategoryValidator } from '#validators/catalog'

const NOT_FOUND = 'Category not found'

function serialize(category: Category) {
  return {
    id: category.id,
    slug: category.slug,
    name: category.name,
    description: category.description ?? null,
    parent_id: category.parentId ?? null,
    position: category.position,
  }
}

/**
 * No constructor injection on purpose (see ProductsController): the public
 * reads answer from the ready bodies or the catalog service resolved once;
 * the staff writes resolve their service per request.
 */
export default class CategoriesController {
  protected admin(ctx: HttpContext) {
    return ctx.containerResolver.make(CatalogAdminService)
  }

  /**
   * GET /api/v1/categories: the tree
   */
  async index(ctx: HttpContext) {
    const read = readyRead(ctx)
    if (read.sent) return
    const catalog = await catalogService()
    read.keep(await catalog.treeBody(), [CatalogTags.categories], 'categories')
  }

  /**
   * GET /api/v1/categories/{category} (id or slug)
   */
  async show(ctx: HttpContext) {
    const read = readyRead(ctx)
    if (read.sent) return
    const key = catalogKey(ctx.params.category, NOT_FOUND)
    const catalog = await catalogService()
    const body = await catalog.categoryBody(key)
    if (!body) {
      throw ApiError.notFound(NOT_FOUND)
    }
    read.keep(body, [CatalogTags.categories], 'categories')
  }

  /**
   * The id of `/categories/{category}` for the staff writes (404 when
   * none).
   */
  protected async categoryId(param: unknown): Promise<number> {
    const catalog = await catalogService()
    const id = await catalog.categoryId(catalogKey(param, NOT_FOUND))
    if (id === null) {
      throw ApiError.notFound(NOT_FOUND)
    }
    return id
  }

  /**
   * POST /api/v1/categories (staff)
   */
  async store(ctx: HttpContext) {
    const { request, response } = ctx
    const input = await request.validateUsing(createCategoryValidator)
    const admin = await this.admin(ctx)
    const category = await admin.createCategory(input, staffActorOf(ctx))
    return response.created({ data: serialize(category) })
  }

  /**
   * PATCH /api/v1/categories/{category} (staff)
   */
  async update(ctx: HttpContext) {
    const { params, request, response } = ctx
    const id = await this.categoryId(params.category)
    const input = await request.validateUsing(updateCategoryValidator, { meta: { categoryId: id } })
    const admin = await this.admin(ctx)
    const category = await admin.updateCategory(id, input, staffActorOf(ctx))
    return response.ok({ data: serialize(category) })
  }

  /**
   * DELETE /api/v1/categories/{category} (staff)
   */
  async destroy(ctx: HttpContext) {
    const { params, response } = ctx
    const id = await this.categoryId(params.category)
    const admin = await this.admin(ctx)
    await admin.deleteCategory(id, staffActorOf(ctx))
    return response.noContent()
  }
}
