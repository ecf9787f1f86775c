import app from '@adonisjs/core/services/app'
import { errors as vineErrors } from '@vinejs/vine'
import {
  flat,
  NotFoundError,
  ValidationError,
  type Action,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type After,
  type RecordActionResponse,
  type RecordJSON,
} from 'adminjs'
import { ApiError } from '#exceptions/api_error'
import { toDecimalString } from '#domain/money'
import type { WeightBand } from '#domain/pricing'
import { panelActor } from '#admin/audit'
import type { StaffActor } from '#services/staff_audit'
import { PricingAdminService } from '#services/pricing_admin_service'
import {
  createPromotionValidator,
  createShippingMethodValidator,
  createShippingZoneValidator,
  createTaxRateValidator,
  updatePromotionValidator,
  updateShippingMethodValidator,
  updateShippingZoneValidator,
  updateTaxRateValidator,
} from '#validators/pricing'

/**
 * The panel's pricing rules (issue 19): shipping zones, shipping methods,
 * tax rates and promotions, written through PricingAdminService with the
 * staff API's validators (so the rules, the audit entry and the
 * `pricing:changed` event are the API's). A form is turned into the API's
 * body here and nothing else:
 * - money and percentages stay the strings typed ("4.90", "20");
 * - lists are typed on one line, comma separated: countries "DE, AT",
 *   product ids "12, 15";
 * - weight bands are one band per line, "max grams: price" ("1000: 4.90"),
 *   the last one may be "*: 9.90" (any weight);
 * - an empty field is null where the API takes null (a promotion's code,
 *   dates, limits, minimum subtotal, a method's free_over).
 * A refused form comes back with field errors and the values typed;
 * nothing is stored.
 */

export type PricingResource = 'shipping_zones' | 'shipping_methods' | 'tax_rates' | 'promotions'

const pricing = <T>(use: (service: PricingAdminService) => Promise<T>) =>
  app.container.make(PricingAdminService).then(use)

/**
 * A line of the weight bands field the panel cannot read (the validator
 * checks the numbers).
 */
class FormError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message)
  }
}

type Payload = Record<string, unknown>
type FieldKind = 'text' | 'nullableText' | 'integer' | 'boolean' | 'list' | 'ids' | 'bands'

interface FormField {
  /**
   * The API's name of the field.
   */
  api: string
  kind: FieldKind
}

const FIELDS: Record<PricingResource, Record<string, FormField>> = {
  shipping_zones: {
    name: { api: 'name', kind: 'text' },
    countries: { api: 'countries', kind: 'list' },
  },
  shipping_methods: {
    zoneId: { api: 'zone_id', kind: 'integer' },
    name: { api: 'name', kind: 'text' },
    deliveryEstimate: { api: 'delivery_estimate', kind: 'text' },
    rateType: { api: 'rate_type', kind: 'text' },
    price: { api: 'price', kind: 'text' },
    freeOver: { api: 'free_over', kind: 'nullableText' },
    weightBands: { api: 'weight_bands', kind: 'bands' },
    isActive: { api: 'is_active', kind: 'boolean' },
    position: { api: 'position', kind: 'integer' },
  },
  tax_rates: {
    country: { api: 'country', kind: 'text' },
    taxClass: { api: 'tax_class', kind: 'text' },
    name: { api: 'name', kind: 'text' },
    rate: { api: 'rate', kind: 'text' },
  },
  promotions: {
    name: { api: 'name', kind: 'text' },
    code: { api: 'code', kind: 'nullableText' },
    isActive: { api: 'is_active', kind: 'boolean' },
    effect: { api: 'effect', kind: 'text' },
    percentOff: { api: 'percent_off', kind: 'text' },
    amountOff: { api: 'amount_off', kind: 'text' },
    target: { api: 'target', kind: 'text' },
    productIds: { api: 'product_ids', kind: 'ids' },
    categoryIds: { api: 'category_ids', kind: 'ids' },
    variantIds: { api: 'variant_ids', kind: 'ids' },
    minSubtotal: { api: 'min_subtotal', kind: 'nullableText' },
    firstOrderOnly: { api: 'first_order_only', kind: 'boolean' },
    startsAt: { api: 'starts_at', kind: 'nullableText' },
    endsAt: { api: 'ends_at', kind: 'nullableText' },
    usageLimit: { api: 'usage_limit', kind: 'integer' },
    perCustomerLimit: { api: 'per_customer_limit', kind: 'integer' },
  },
}

/**
 * Fields a blank leaves out (not sent) rather than sent empty: a value the
 * effect or the rate rule does not read (percent_off of a fixed amount,
 * the price of a weight method kept as it is).
 */
const OMIT_WHEN_BLANK = new Set([
  'percentOff',
  'amountOff',
  'price',
  'rateType',
  'effect',
  'target',
])

const blank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

const splitList = (value: string) =>
  value
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean)

/**
 * A list field as typed ("DE, AT") or as AdminJS flattens an array
 * (`countries.0`, `countries.1`).
 */
function listOf(payload: Payload, field: string): unknown[] | undefined {
  const value = payload[field]
  if (Array.isArray(value)) return value
  if (typeof value === 'string') return splitList(value)
  if (value === null) return []
  return undefined
}

/**
 * "1000: 4.90" lines: the heaviest cart (grams) of the band and its price;
 * "*" (or "any") for the last band, any weight.
 */
export function parseBands(text: string): Array<{ max_grams: unknown; price: string }> {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
  return lines.map((line, index) => {
    const match = /^(\S+?)\s*(?:g|grams)?\s*:\s*(\S+)$/i.exec(line)
    if (!match) {
      throw new FormError(
        'weightBands',
        `Weight bands: line ${index + 1} ("${line.slice(0, 40)}") must read "max grams: price", such as "1000: 4.90" (or "*: 9.90" for any weight, last)`
      )
    }
    const [, grams, price] = match
    const maxGrams = ['*', 'any'].includes(grams.toLowerCase())
      ? null
      : /^\d+$/.test(grams)
        ? Number(grams)
        : grams
    return { max_grams: maxGrams, price }
  })
}

export function formatBands(bands: WeightBand[]): string {
  return bands
    .map((band) => `${band.maxGrams ?? '*'}: ${toDecimalString(Number(band.price))}`)
    .join('\n')
}

/**
 * The API body of a panel form: only the fields the form sent (an edit
 * form sends them all, a new one those filled in).
 */
export function formInput(resource: PricingResource, request: ActionRequest) {
  const payload = flat.unflatten((request.payload ?? {}) as Payload) as Payload
  const input: Payload = {}
  for (const [field, { api, kind }] of Object.entries(FIELDS[resource])) {
    const value = payload[field]
    if (kind === 'list' || kind === 'ids') {
      const list = listOf(payload, field)
      if (list === undefined) continue
      input[api] =
        kind === 'ids'
          ? list.map((item) =>
              typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item
            )
          : list
      continue
    }
    if (value === undefined) continue
    if (blank(value) && OMIT_WHEN_BLANK.has(field)) continue
    switch (kind) {
      case 'text':
        input[api] = value ?? ''
        break
      case 'nullableText':
        input[api] = blank(value) ? null : value
        break
      case 'integer':
        input[api] = blank(value)
          ? null
          : typeof value === 'string' && /^-?\d+$/.test(value.trim())
            ? Number(value)
            : value
        break
      case 'boolean':
        input[api] =
          value === true || value === 'true'
            ? true
            : value === false || value === 'false'
              ? false
              : value
        break
      case 'bands':
        if (Array.isArray(value)) {
          input[api] = value
        } else if (!blank(value)) {
          input[api] = parseBands(String(value))
        }
        break
    }
  }
  // A zone and a position are never null (blank: leave them out).
  for (const key of ['zone_id', 'position']) {
    if (input[key] === null) delete input[key]
  }
  return input
}

const camel = (field: string) =>
  field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())

/**
 * The panel's property that shows an API field ("weight_bands.0.price"
 * is the weight bands field).
 */
function panelField(resource: PricingResource, apiField: string | undefined) {
  const head = (apiField ?? 'name').split('.')[0]
  const known = Object.entries(FIELDS[resource]).find(([, { api }]) => api === head)
  return known ? known[0] : camel(head)
}

/**
 * A refused form: the field errors (the validators' 422, the service's
 * 422 and 409 naming a field) shown on the form with the values typed.
 */
export function refused(
  resource: PricingResource,
  error: unknown,
  params: Payload,
  base: RecordActionResponse['record'] | null
) {
  const propertyErrors: Record<string, { type: string; message: string }> = {}
  if (error instanceof vineErrors.E_VALIDATION_ERROR) {
    for (const item of error.messages as Array<{ field: string; message: string }>) {
      propertyErrors[panelField(resource, item.field)] ??= {
        type: 'invalid',
        message: item.message,
      }
    }
  } else if (error instanceof FormError) {
    propertyErrors[error.field] = { type: 'invalid', message: error.message }
  } else if (error instanceof ApiError && error.status === 404) {
    // Deleted meanwhile (by another tab or the API).
    throw new NotFoundError(error.message, 'Action#handler')
  } else if (error instanceof ApiError && (error.status === 422 || error.status === 409)) {
    for (const item of error.items) {
      propertyErrors[panelField(resource, item.field)] ??= {
        type: 'invalid',
        message: item.message,
      }
    }
  } else {
    throw error
  }
  const refusal = new ValidationError(propertyErrors, {
    message: Object.values(propertyErrors)[0]?.message ?? 'Invalid input',
    type: 'invalid',
  })
  return {
    record: {
      ...(base ?? { id: '', title: '', recordActions: [], bulkActions: [], populated: {} }),
      params: { ...(base?.params ?? {}), ...params },
      baseError: refusal.baseError ?? null,
      errors: refusal.propertyErrors,
    },
    notice: { message: refusal.baseError?.message ?? 'thereWereValidationErrors', type: 'error' },
  } as RecordActionResponse
}

// --- What the panel shows ----------------------------------------------------------------

const money = (value: unknown) =>
  value === null || value === undefined || value === '' ? '' : toDecimalString(Number(value))

/**
 * Flattened array params (`countries.0`...) back to the array, removed
 * from the params.
 */
function takeArray(params: Payload, field: string): unknown[] {
  const unflat = flat.unflatten(
    Object.fromEntries(Object.entries(params).filter(([key]) => key.startsWith(`${field}.`)))
  ) as Payload
  for (const key of Object.keys(params)) {
    if (key.startsWith(`${field}.`)) delete params[key]
  }
  const value = unflat[field] ?? params[field]
  if (Array.isArray(value)) return value
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      return JSON.parse(value)
    } catch {
      return []
    }
  }
  return []
}

/**
 * A record's params as the panel shows and edits them: money and rates as
 * decimals, lists on one line, weight bands one per line.
 */
export async function presentRecord(resource: PricingResource, record: RecordJSON) {
  const params = record.params as Payload
  switch (resource) {
    case 'shipping_zones':
      params.countries = takeArray(params, 'countries').join(', ')
      break
    case 'shipping_methods': {
      const bands = takeArray(params, 'weightBands') as WeightBand[]
      params.weightBands = formatBands(bands)
      params.price = money(params.price)
      params.freeOver = money(params.freeOver)
      break
    }
    case 'tax_rates':
      params.rate = money(params.rateBp)
      break
    case 'promotions': {
      for (const field of ['productIds', 'categoryIds', 'variantIds']) {
        params[field] = takeArray(params, field).join(', ')
      }
      const value = Number(params.value ?? 0)
      params.percentOff = params.effect === 'percentage' ? money(value) : ''
      params.amountOff = params.effect === 'fixed' ? money(value) : ''
      params.offer =
        params.effect === 'percentage'
          ? `${money(value)}% off`
          : params.effect === 'fixed'
            ? `${money(value)} off`
            : 'free shipping'
      params.minSubtotal = money(params.minSubtotal)
      break
    }
  }
}

/**
 * What a record's page adds (on show): a promotion's usage (redemptions
 * and the discount given), a zone's methods.
 */
async function details(resource: PricingResource, record: RecordJSON) {
  const id = Number(record.id)
  if (!Number.isInteger(id) || id <= 0) return
  try {
    if (resource === 'promotions') {
      const { usage } = await pricing((service) => service.findPromotion(id))
      record.params.redemptions = usage.redemptions
      record.params.discountGiven = toDecimalString(usage.discountGiven)
    } else if (resource === 'shipping_zones') {
      const { methods } = await pricing((service) => service.findZone(id))
      record.params.methods = methods.length
        ? methods
            .map((method) => {
              const rule =
                method.rateType === 'weight'
                  ? 'weight bands'
                  : `${method.rateType} ${toDecimalString(Number(method.price))}`
              return `${method.name} (${rule}${method.isActive ? '' : ', inactive'})`
            })
            .join(', ')
        : 'None yet: add one under Shipping methods'
    }
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error
  }
}

/**
 * The `after` hook of list, show, new and edit: a refused form keeps what
 * was typed, any other record is presented (`details`: with what its page
 * adds).
 */
export function presented(resource: PricingResource, options: { details?: boolean } = {}) {
  const after: After<ActionResponse> = async (response) => {
    const records = [...(response.records ?? []), ...(response.record ? [response.record] : [])]
    for (const record of records as RecordJSON[]) {
      if (!record?.params || (record.errors && Object.keys(record.errors).length > 0)) continue
      await presentRecord(resource, record)
      if (options.details && response.record === record) {
        await details(resource, record)
      }
    }
    return response
  }
  return after
}

// --- Writes -------------------------------------------------------------------------------

interface Writer {
  create(input: Payload, actor: StaffActor): Promise<number>
  update(id: number, input: Payload, actor: StaffActor): Promise<void>
  delete(id: number, actor: StaffActor): Promise<void>
}

const WRITERS: Record<PricingResource, Writer> = {
  shipping_zones: {
    async create(input, actor) {
      const valid = await createShippingZoneValidator.validate(input)
      const { zone } = await pricing((service) => service.createZone(valid, actor))
      return zone.id
    },
    async update(id, input, actor) {
      const valid = await updateShippingZoneValidator.validate(input)
      await pricing((service) => service.updateZone(id, valid, actor))
    },
    delete: (id, actor) => pricing((service) => service.deleteZone(id, actor)),
  },
  shipping_methods: {
    async create(input, actor) {
      const valid = await createShippingMethodValidator.validate(input)
      const method = await pricing((service) => service.createMethod(valid, actor))
      return method.id
    },
    async update(id, input, actor) {
      const valid = await updateShippingMethodValidator.validate(input)
      await pricing((service) => service.updateMethod(id, valid, actor))
    },
    delete: (id, actor) => pricing((service) => service.deleteMethod(id, actor)),
  },
  tax_rates: {
    async create(input, actor) {
      const valid = await createTaxRateValidator.validate(input)
      const rate = await pricing((service) => service.createTaxRate(valid, actor))
      return rate.id
    },
    async update(id, input, actor) {
      const valid = await updateTaxRateValidator.validate(input)
      await pricing((service) => service.updateTaxRate(id, valid, actor))
    },
    delete: (id, actor) => pricing((service) => service.deleteTaxRate(id, actor)),
  },
  promotions: {
    async create(input, actor) {
      const valid = await createPromotionValidator.validate(input)
      const { promotion } = await pricing((service) => service.createPromotion(valid, actor))
      return promotion.id
    },
    async update(id, input, actor) {
      const valid = await updatePromotionValidator.validate(input)
      await pricing((service) => service.updatePromotion(id, valid, actor))
    },
    delete: (id, actor) => pricing((service) => service.deletePromotion(id, actor)),
  },
}

function showUrl(context: ActionContext, id: number) {
  return context.h.recordActionUrl({
    resourceId: context.resource.id(),
    recordId: String(id),
    actionName: 'show',
  })
}

async function answer(context: ActionContext, id: number, message: string) {
  const record = await context.resource.findOne(String(id), context)
  if (!record) {
    throw new NotFoundError(`Record "${id}" not found`, 'Action#handler')
  }
  return {
    record: record.toJSON(context.currentAdmin),
    redirectUrl: showUrl(context, id),
    notice: { message, type: 'success' },
  }
}

/**
 * The new, edit and delete actions of one pricing resource.
 */
export function pricingActions(resource: PricingResource) {
  const writer = WRITERS[resource]
  const after = [presented(resource)]

  const newAction: Partial<Action<ActionResponse>> = {
    after,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      if (request.method !== 'post') {
        return {}
      }
      let id: number
      try {
        id = await writer.create(formInput(resource, request), panelActor(context))
      } catch (error) {
        return refused(resource, error, request.payload ?? {}, null)
      }
      return answer(context, id, 'successfullyCreated')
    },
  }

  const editAction: Partial<Action<ActionResponse>> = {
    after,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const record = context.record
      if (!record) {
        throw new NotFoundError(`Record "${request.params.recordId}" not found`, 'Action#handler')
      }
      if (request.method !== 'post') {
        return { record: record.toJSON(context.currentAdmin) }
      }
      const id = Number(record.id())
      try {
        await writer.update(id, formInput(resource, request), panelActor(context))
      } catch (error) {
        const base = record.toJSON(context.currentAdmin)
        await presentRecord(resource, base)
        return refused(resource, error, request.payload ?? {}, base)
      }
      return answer(context, id, 'successfullyUpdated')
    },
  }

  const deleteAction: Partial<Action<ActionResponse>> = {
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const record = context.record
      if (!record) {
        throw new NotFoundError(`Record "${request.params.recordId}" not found`, 'Action#handler')
      }
      if (request.method !== 'post') {
        return { record: record.toJSON(context.currentAdmin) }
      }
      try {
        await writer.delete(Number(record.id()), panelActor(context))
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) {
          throw error
        }
        return {
          record: record.toJSON(context.currentAdmin),
          notice: { message: error.message, type: 'error' },
        }
      }
      return {
        record: record.toJSON(context.currentAdmin),
        redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }),
        notice: { message: 'successfullyDeleted', type: 'success' },
      }
    },
  }

  return {
    new: newAction,
    edit: editAction,
    delete: deleteAction,
    bulkDelete: { isAccessible: false },
  }
}
