import { errors as vineErrors } from '@vinejs/vine'
import { ApiError } from '#exceptions/api_error'
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
  taxClass: ['tax_class', 'optionalText'],
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
    /**
     * Stock is shown read-only on the form; a new product starts with the
     * stock given (as in the API), 0 when none. After that it moves only
     * through "Adjust stock".
     */
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
 * A panel form read and checked by the API's validator.
 */
export interface CheckedForm {
  /**
   * What the validator returned, in the API's field names, for the fields
   * the form sent (all of them for a new record).
   */
  input: Record<string, unknown>
  /**
   * The panel property of an API field (`parent_id` -> `parentId`).
   */
  propertyOf: (field: string) => string
  /**
   * The form's own values of the shape's properties, to send back with
   * the field errors (the form keeps what was typed).
   */
  formParams: Record<string, unknown>
}

/**
 * The panel's refusal of a form: field errors (shown under each field)
 * and a message. Thrown by `checkForm`, and made from a service's 422 by
 * `panelRefusal`.
 */
function refusal(
  propertyErrors: Record<string, { type: string; message: string }>,
  message?: string
) {
  return new ValidationError(propertyErrors, {
    message: message ?? Object.values(propertyErrors)[0]?.message ?? 'Invalid input',
    type: 'invalid',
  })
}

function shapeOf(resourceId: string, action: 'new' | 'edit'): FormShape {
  const shape = SHAPES[resourceId]?.[action]
  if (!shape) {
    throw new Error(`No panel form for ${resourceId}/${action}`)
  }
  return shape
}

/**
 * How a form's properties and the API's fields name each other, and the
 * form's own values of its properties (sent back with field errors so the
 * form keeps what was typed).
 */
export function formFields(resourceId: keyof typeof SHAPES, action: 'new' | 'edit') {
  const fields = shapeOf(resourceId, action).fields
  const apiToPanel = new Map(Object.entries(fields).map(([property, [field]]) => [field, property]))
  return {
    propertyOf: (field: string) => apiToPanel.get(field.split('.')[0]) ?? field,
    paramsOf: (payload: Record<string, unknown>) =>
      Object.fromEntries(
        Object.keys(fields).flatMap((key) => (key in payload ? [[key, payload[key]]] : []))
      ),
  }
}

/**
 * Reads a panel form (text: "12", "true", "" for an empty field) into the
 * API's JSON types, runs the API's validator on it and returns what the
 * validator returned; a refusal is a ValidationError with the errors on
 * the form's properties. Anything in the payload that is not a field of
 * the form (a read-only column, another resource's field) is dropped.
 */
export async function checkForm(
  resourceId: keyof typeof SHAPES,
  action: 'new' | 'edit',
  payload: Record<string, unknown>,
  recordId: number | null
): Promise<CheckedForm> {
  const shape = shapeOf(resourceId, action)
  const input: Record<string, unknown> = {}
  const formParams: Record<string, unknown> = {}
  const apiToPanel = new Map<string, string>()
  for (const [property, [field, kind]] of Object.entries(shape.fields)) {
    apiToPanel.set(field, property)
    if (property in payload) {
      formParams[property] = payload[property]
      const value = read(payload[property], kind)
      if (value !== undefined) {
        input[field] = value
      }
    }
  }
  const propertyOf = (field: string) => apiToPanel.get(field.split('.')[0]) ?? field
  let output: Record<string, unknown>
  try {
    output = (await shape.validate(await validators(), input, recordId)) as Record<string, unknown>
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      const propertyErrors: Record<string, { type: string; message: string }> = {}
      for (const item of error.messages as Array<{ field: string; message: string }>) {
        propertyErrors[propertyOf(item.field)] ??= { type: 'invalid', message: item.message }
      }
      throw refusal(propertyErrors)
    }
    throw error
  }
  const checked: Record<string, unknown> = {}
  for (const [field, property] of apiToPanel) {
    if (field in output && (property in payload || action === 'new')) {
      checked[field] = output[field]
    }
  }
  return { input: checked, propertyOf, formParams }
}

/**
 * A `before` hook for a panel edit that still saves through the Lucid
 * resource (users): the form is checked by the API's validator and the
 * payload replaced by what the validator returned.
 */
export function validatedLikeTheApi(resourceId: keyof typeof SHAPES, action: 'new' | 'edit') {
  const hook: Before = async (request: ActionRequest, context: ActionContext) => {
    if (request.method !== 'post' || !request.payload) {
      return request
    }
    const recordId = context.record ? Number(context.record.id()) : null
    const { input } = await checkForm(resourceId, action, request.payload, recordId)
    const saved: Record<string, unknown> = {}
    for (const [property, [field]] of Object.entries(shapeOf(resourceId, action).fields)) {
      if (field in input) {
        saved[property] = input[field]
      }
    }
    request.payload = saved
    return request
  }
  return hook
}

/**
 * A service's refusal as the panel shows it: a 422 naming a field (a
 * parent that would make a cycle) becomes that field's error; any other
 * domain error (409: a delete the API refuses, 404) the form's message.
 * Anything else is not a refusal and is rethrown.
 */
export function panelRefusal(error: unknown, propertyOf: (field: string) => string = (f) => f) {
  if (error instanceof ValidationError) {
    return error
  }
  if (error instanceof ApiError && error.status < 500) {
    const propertyErrors: Record<string, { type: string; message: string }> = {}
    for (const item of error.items) {
      if (item.field) {
        propertyErrors[propertyOf(item.field)] ??= { type: 'invalid', message: item.message }
      }
    }
    return refusal(propertyErrors, error.message)
  }
  return null
}
