import app from '@adonisjs/core/services/app'
import {
  NotFoundError,
  type ValidationError,
  type Action,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type RecordJSON,
} from 'adminjs'
import { panelActor } from '#admin/audit'
import { checkForm, formFields, panelRefusal } from '#admin/catalog_validation'
import {
  CatalogAdminService,
  type CategoryInput,
  type ProductImageInput,
  type ProductInput,
} from '#services/catalog_admin_service'
import type { StaffActor } from '#services/staff_audit'

/**
 * The API's service, as providers/app_provider.ts binds it (one way to get a
 * service, for the panel too).
 */
const catalog = <T>(use: (service: CatalogAdminService) => Promise<T>) =>
  app.container.make(CatalogAdminService).then(use)

export type CatalogResourceId = 'categories' | 'products' | 'product_images'

// What a validator returned (checked by it, so typed by the service call).
type Input = Record<string, any>

/**
 * The API's use cases, by panel resource: the panel's catalog forms save
 * through them, so the same rules hold whichever way a change comes
 * (cycle check, delete guards, unique slug, money parsing, the
 * `is_active` default, the audit entry in the change's transaction).
 */
const WRITES: Record<
  CatalogResourceId,
  {
    create: (input: Input, actor: StaffActor) => Promise<{ id: number }>
    update: (id: number, input: Input, actor: StaffActor) => Promise<{ id: number }>
    remove: (id: number, actor: StaffActor) => Promise<void>
  }
> = {
  categories: {
    create: (input, actor) =>
      catalog((service) =>
        service.createCategory(input as CategoryInput & { name: string }, actor)
      ),
    update: (id, input, actor) =>
      catalog((service) => service.updateCategory(id, input as CategoryInput, actor)),
    remove: (id, actor) => catalog((service) => service.deleteCategory(id, actor)),
  },
  products: {
    create: (input, actor) =>
      catalog((service) =>
        service.createProduct(
          input as ProductInput & { name: string; price: string; stock: number },
          actor
        )
      ),
    update: (id, input, actor) =>
      catalog((service) => service.updateProduct(id, input as ProductInput, actor)),
    remove: (id, actor) => catalog((service) => service.deleteProduct(id, actor)),
  },
  product_images: {
    create: (input, actor) =>
      catalog((service) => service.createImage(input as unknown as ProductImageInput, actor)),
    update: (id, input, actor) =>
      catalog((service) => service.updateImage(id, input as Partial<ProductImageInput>, actor)),
    remove: (id, actor) => catalog((service) => service.deleteImage(id, actor)),
  },
}

/**
 * A refused change as AdminJS answers one: the form's values kept, the
 * errors under their fields, an error notice; nothing was saved.
 */
function refused(
  context: ActionContext,
  error: ValidationError,
  formParams: Input,
  present: Present
) {
  const json = context.record ? present(context.record.toJSON(context.currentAdmin)) : undefined
  return {
    record: {
      ...(json ?? {}),
      params: { ...(json?.params ?? {}), ...formParams },
      populated: json?.populated ?? {},
      baseError: error.baseError ?? null,
      errors: error.propertyErrors,
    },
    notice: { message: error.baseError?.message ?? 'thereWereValidationErrors', type: 'error' },
  }
}

/**
 * Runs a write; a domain refusal (the validator's, or a service's
 * 409/422/404) becomes the panel's refusal answer, anything else
 * propagates (a bug stays visible).
 */
async function attempt<T>(
  context: ActionContext,
  form: { propertyOf: (field: string) => string; params: Input; present: Present },
  write: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof refused> }> {
  try {
    return { ok: true, value: await write() }
  } catch (error) {
    const refusal = panelRefusal(error, form.propertyOf)
    if (!refusal) {
      throw error
    }
    return { ok: false, response: refused(context, refusal, form.params, form.present) }
  }
}

async function freshRecord(context: ActionContext, id: number) {
  const record = await context.resource.findOne(String(id), context)
  if (!record) {
    throw new NotFoundError(`Record "${id}" could not be found`, 'Action#handler')
  }
  return record
}

/**
 * How a record read from the database is shown in the panel (money as a
 * decimal amount).
 */
type Present = (record: RecordJSON) => RecordJSON

const listUrl = (context: ActionContext) =>
  context.h.resourceUrl({ resourceId: context.resource.id() })

/**
 * The new/edit/delete actions of a catalog resource, saved through
 * CatalogAdminService. `present` shapes every record read from the
 * database (the price as a decimal amount); a refused form comes back with
 * the values that were typed.
 */
export function catalogActions(
  resourceId: CatalogResourceId,
  options: { present?: (record: RecordJSON) => void } = {}
): Record<string, Partial<Action<ActionResponse>>> {
  const writes = WRITES[resourceId]
  const present: Present = (record) => {
    options.present?.(record)
    return record
  }
  return {
    new: {
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
        if (request.method !== 'post') {
          throw new Error('new action can be invoked only via `post` http method')
        }
        const payload = (request.payload ?? {}) as Input
        const fields = formFields(resourceId, 'new')
        const form = { propertyOf: fields.propertyOf, params: fields.paramsOf(payload), present }
        const result = await attempt(context, form, async () => {
          const { input } = await checkForm(resourceId, 'new', payload, null)
          return writes.create(input, panelActor(context))
        })
        if (!result.ok) {
          return result.response
        }
        const record = await freshRecord(context, result.value.id)
        context.record = record
        return {
          record: present(record.toJSON(context.currentAdmin)),
          redirectUrl: listUrl(context),
          notice: { message: 'successfullyCreated', type: 'success' },
        }
      },
    },
    edit: {
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
        const record = context.record
        if (!record) {
          throw new NotFoundError(
            `Record of given id ("${request.params.recordId}") could not be found`,
            'Action#handler'
          )
        }
        if (request.method !== 'post') {
          return { record: present(record.toJSON(context.currentAdmin)) }
        }
        const id = Number(record.id())
        const payload = (request.payload ?? {}) as Input
        const fields = formFields(resourceId, 'edit')
        const form = { propertyOf: fields.propertyOf, params: fields.paramsOf(payload), present }
        const result = await attempt(context, form, async () => {
          const { input } = await checkForm(resourceId, 'edit', payload, id)
          return writes.update(id, input, panelActor(context))
        })
        if (!result.ok) {
          return result.response
        }
        const fresh = await freshRecord(context, id)
        context.record = fresh
        return {
          record: present(fresh.toJSON(context.currentAdmin)),
          redirectUrl: listUrl(context),
          notice: { message: 'successfullyUpdated', type: 'success' },
        }
      },
    },
    delete: {
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
        const record = context.record
        if (!record) {
          throw new NotFoundError('You have to pass "recordId" to Delete Action', 'Action#handler')
        }
        if (request.method !== 'post') {
          return { record: present(record.toJSON(context.currentAdmin)) }
        }
        const form = { propertyOf: (field: string) => field, params: {}, present }
        const outcome = await attempt(context, form, () =>
          writes.remove(Number(record.id()), panelActor(context))
        )
        if (!outcome.ok) {
          return outcome.response
        }
        return {
          record: present(record.toJSON(context.currentAdmin)),
          redirectUrl: listUrl(context),
          notice: { message: 'successfullyDeleted', type: 'success' },
        }
      },
    },
    /**
     * Several deletes at once would each be their own use case, and a
     * refused one would leave the others done: the panel deletes one
     * record at a time.
     */
    bulkDelete: { isAccessible: false },
  }
}
