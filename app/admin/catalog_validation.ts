import { errors as vineErrors } from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { ValidationError, type ActionContext, type ActionRequest, type Before } from 'adminjs'

/**
 * The validators, imported on first use: this file is loaded with the
 * panel's configuration, before Lucid has added its database rules to
 * VineJS.
 */
const validators = async () => ({
  ...(await import('#validators/catalog')),
  ...(await import('#validators/account')),
})
type Validators = Awaited<ReturnType<typeof validators>>

/**
 * The panel's catalog forms go through the API's own validators (issue 14,
 * finding 17): a `javascript:` image URL or a `../../x y` slug is refused
 * in the panel as it is in the API. A form arrives as text ("12", "true",
 * "" for an empty field); it is read into the API's JSON types first, the
 * API validator runs on it, and its errors come back as the form's field
 * errors (nothing is saved). What the validator returns (trimmed,
 * lowercased slug...) is what is saved.
 */
type Kind = 'integer' | 'boolean' | 'text' | 'nullableText' | 'optionalText' | 'amount'

interface FormShape {
  /**
   * Panel property -> [API field, kind]
   */
  fields: Record<string, [string, Kind]>
  validate: (
    v: Validators,
    input: Record<string, unknown>,
    recordId: number | null
  ) => Promise<unknown>
}

const NULL_VALUES = new Set(['', '__FORM_VALUE_NULL__'])

function read(value: unknown, kind: Kind): unknown {
  const empty = value === null || (typeof value === 'string' && NULL_VALUES.has(value))
  switch (kind) {
    case 'integer':
      if (empty) return null
      if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
        return Number(value.trim())
      }
      return value
    case 'boolean':
      if (value === 'true' || value === true) return true
      if (value === 'false' || value === false) return false
      return empty ? undefined : value
    case 'nullableText':
      return empty ? null : value
    case 'optionalText':
      return empty ? undefined : value
    default:
      return value === null ? undefined : value
  }
}

const productFields: FormShape['fields'] = {
  name: ['name', 'text'],
  slug: ['slug', 'optionalText'],
  description: ['description', 'nullableText'],
  price: ['price', 'amount'],
  lowStockThreshold: ['low_stock_threshold', 'integer'],
  isActive: ['is_active', 'boolean'],
  categoryId: ['category_id', 'integer'],
}

const categoryFields: FormShape['fields'] = {
  name: ['name', 'text'],
  slug: ['slug', 'optionalText'],
  description: ['description', 'nullableText'],
  parentId: ['parent_id', 'integer'],
  position: ['position', 'integer'],
}

const imageFields: FormShape['fields'] = {
  productId: ['product_id', 'integer'],
  url: ['url', 'text'],
  alt: ['alt', 'nullableText'],
  position: ['position', 'integer'],
}

const userFields: FormShape['fields'] = {
  email: ['email', 'optionalText'],
  fullName: ['full_name', 'optionalText'],
  phone: ['phone', 'nullableText'],
  addressLine1: ['address_line1', 'nullableText'],
  addressLine2: ['address_line2', 'nullableText'],
  addressCity: ['address_city', 'nullableText'],
  addressPostalCode: ['address_postal_code', 'nullableText'],
  addressCountry: ['address_country', 'nullableText'],
  role: ['role', 'optionalText'],
}

const usersEdit: FormShape = {
  fields: userFields,
  validate: (v, input, id) => v.panelUserValidator.validate(input, { meta: { userId: id ?? 0 } }),
}

const SHAPES: Record<string, { new: FormShape; edit: FormShape }> = {
  /**
   * Users are never created in the panel (people register); an admin's
   * edit runs the profile's rules.
   */
  users: { new: usersEdit, edit: usersEdit },
  products: {
    new: {
      fields: { ...productFields, stock: ['stock', 'integer'] },
      validate: (v, input) =>
        v.createProductValidator.validate({
          stock: 0,
          ...withoutNulls(input, ['stock']),
        }),
    },
    edit: {
      fields: productFields,
      validate: (v, input, id) =>
        v.updateProductValidator.validate(input, {
          meta: { productId: id ?? 0 },
        }),
    },
  },
  categories: {
    new: {
      fields: categoryFields,
      validate: (v, input) => v.createCategoryValidator.validate(withoutNulls(input, ['position'])),
    },
    edit: {
      fields: categoryFields,
      validate: (v, input, id) =>
        v.updateCategoryValidator.validate(withoutNulls(input, ['position', 'name']), {
          meta: { categoryId: id ?? 0 },
        }),
    },
  },
  product_images: {
    new: {
      fields: imageFields,
      validate: (v, input) => v.productImageValidator.validate(input),
    },
    edit: {
      fields: imageFields,
      validate: (v, input) => v.productImageValidator.validate(input),
    },
  },
}

/**
 * Fields a form sends empty that the API would rather not receive at all.
 */
function withoutNulls(input: Record<string, unknown>, keys: string[]) {
  const copy = { ...input }
  for (const key of keys) {
    if (copy[key] === null) delete copy[key]
  }
  return copy
}

/**
 * A `before` hook for the panel's new/edit actions of a catalog resource.
 */
export function validatedLikeTheApi(resourceId: keyof typeof SHAPES, action: 'new' | 'edit') {
  const shape = SHAPES[resourceId][action]
  const hook: Before = async (request: ActionRequest, context: ActionContext) => {
    if (request.method !== 'post' || !request.payload) {
      return request
    }
    const payload: Record<string, unknown> = request.payload
    const input: Record<string, unknown> = {}
    const apiToPanel = new Map<string, string>()
    for (const [property, [field, kind]] of Object.entries(shape.fields)) {
      apiToPanel.set(field, property)
      if (property in payload) {
        const value = read(payload[property], kind)
        if (value !== undefined) {
          input[field] = value
        }
      }
    }
    const recordId = context.record ? Number(context.record.id()) : null
    let output: Record<string, unknown>
    try {
      output = (await shape.validate(await validators(), input, recordId)) as Record<
        string,
        unknown
      >
    } catch (error) {
      if (error instanceof vineErrors.E_VALIDATION_ERROR) {
        const propertyErrors: Record<string, { type: string; message: string }> = {}
        for (const item of error.messages as Array<{ field: string; message: string }>) {
          const property = apiToPanel.get(item.field.split('.')[0]) ?? item.field
          propertyErrors[property] ??= { type: 'invalid', message: item.message }
        }
        throw new ValidationError(propertyErrors, {
          message: Object.values(propertyErrors)[0]?.message ?? 'Invalid input',
          type: 'invalid',
        })
      }
      throw error
    }
    /**
     * What is saved is what the validator returned, for the fields the
     * form sent: anything else in the payload (a column of another
     * resource, a read-only field) is dropped.
     */
    const saved: Record<string, unknown> = {}
    for (const [field, property] of apiToPanel) {
      if (field in output && (property in payload || action === 'new')) {
        saved[property] = output[field]
      }
    }
    request.payload = saved
    return request
  }
  return hook
}

/**
 * What the API refuses to delete (409 there), the panel refuses too, with
 * the same message as a form error, instead of failing on the foreign key
 * (a 500).
 */
const DELETE_GUARDS: Record<string, (id: number) => Promise<string | null>> = {
  products: async (id) => {
    const ordered = await db.from('order_items').where('product_id', id).select('id').first()
    return ordered
      ? 'This product appears on orders: deactivate it (untick "Is active") instead of deleting it'
      : null
  },
  categories: async (id) => {
    const [child, product] = await Promise.all([
      db.from('categories').where('parent_id', id).select('id').first(),
      db.from('products').where('category_id', id).select('id').first(),
    ])
    return child || product
      ? 'The category still has subcategories or products: move or delete them first'
      : null
  },
}

export function deletableLikeTheApi(resourceId: 'products' | 'categories') {
  const hook: Before = async (request: ActionRequest, context: ActionContext) => {
    if (request.method !== 'post' || !context.record) {
      return request
    }
    const refusal = await DELETE_GUARDS[resourceId](Number(context.record.id()))
    if (refusal) {
      throw new ValidationError({}, { message: refusal, type: 'conflict' })
    }
    return request
  }
  return hook
}
