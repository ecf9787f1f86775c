import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type Category from '#models/category'
import { ApiError } from '#exceptions/api_error'
import { CatalogService } from '#services/catalog_service'
import { CatalogAdminService } from '#services/catalog_admin_service'
import { staffActorOf } from '#services/staff_audit'
import { catalogKey } from '#controllers/path_params'
import { createCategoryValidator, updateCategoryValidator } from '#validators/catalog'

const JSON_TYPE = 'application/json; charset=utf-8'
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
 * The services are container singletons (providers/app_provider.ts): the
 * per-request injection is a map lookup, and no service is constructed per
 * request on these hot routes.
 */
@inject()
export default class CategoriesController {
  constructor(
    protected catalog: CatalogService,
    protected admin: CatalogAdminService
  ) {}

  /**
   * GET /api/v1/categories: the tree
   */
  async index({ response }: HttpContext) {
    response.header('content-type', JSON_TYPE).send(await this.catalog.treeBody())
  }

  /**
   * GET /api/v1/categories/{category} (id or slug)
   */
  async show({ params, response }: HttpContext) {
    const body = await this.catalog.categoryBody(catalogKey(params.category, NOT_FOUND))
    if (!body) {
      throw ApiError.notFound(NOT_FOUND)
    }
    response.header('content-type', JSON_TYPE).send(body)
  }

  /**
   * The id of `/categories/{category}` for the staff writes (404 when
   * none).
   */
  protected async categoryId(param: unknown): Promise<number> {
    const id = await this.catalog.categoryId(catalogKey(param, NOT_FOUND))
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
    const category = await this.admin.createCategory(input, staffActorOf(ctx))
    return response.created({ data: serialize(category) })
  }

  /**
   * PATCH /api/v1/categories/{category} (staff)
   */
  async update(ctx: HttpContext) {
    const { params, request, response } = ctx
    const id = await this.categoryId(params.category)
    const input = await request.validateUsing(updateCategoryValidator, { meta: { categoryId: id } })
    const category = await this.admin.updateCategory(id, input, staffActorOf(ctx))
    return response.ok({ data: serialize(category) })
  }

  /**
   * DELETE /api/v1/categories/{category} (staff)
   */
  async destroy(ctx: HttpContext) {
    const { params, response } = ctx
    const id = await this.categoryId(params.category)
    await this.admin.deleteCategory(id, staffActorOf(ctx))
    return response.noContent()
  }
}
