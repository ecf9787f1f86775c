import type { VineValidator } from '@vinejs/vine'
import { messageFor } from '#validators/messages'

/**
 * No unknown input is silently ignored (issue 15, item 1): a query
 * parameter or a body field the route does not read is a 422 naming it,
 * with "did you mean" when a known name is close, and the names that are
 * accepted. The names a route accepts come from its validators' own JSON
 * Schema export (`validator.toJSONSchema()`), so the check, the validation
 * and the OpenAPI document (`additionalProperties: false`) cannot
 * disagree. Nested objects (an address, the lines of `items`) are checked
 * at every level.
 *
 * This module is pure: `StrictInputMiddleware` (app/middleware) runs it
 * for each /api/v1 request with the route's entry of `ROUTE_INPUTS`.
 */
type AnyValidator = VineValidator<any, any>
type Schema = Record<string, any>

export interface RouteInput {
  /**
   * The validator of the query string; none: the route takes no query
   * parameter.
   */
  query?: AnyValidator
  /**
   * The validator of the JSON body; none: the route takes no body.
   */
  body?: AnyValidator
  /**
   * The validator of a multipart form's text fields (an image upload):
   * such a route reads and checks its form itself, after its sign-in
   * check; only its query string is checked here.
   */
  multipart?: AnyValidator
}

export interface InputProblem {
  field?: string
  rule: 'unknownField' | 'noBody'
  message: string
}

/**
 * Names clients send out of habit (other APIs, the original projects'
 * clients) and the field each usually means: offered when the route
 * accepts that field.
 */
const ALIASES: Record<string, string[]> = {
  search: ['q'],
  query: ['q'],
  keyword: ['q'],
  keywords: ['q'],
  term: ['q'],
  ordering: ['sort'],
  order: ['sort', 'status'],
  order_by: ['sort'],
  orderby: ['sort'],
  sort_by: ['sort'],
  sortby: ['sort'],
  category: ['category_id', 'category'],
  category_slug: ['category'],
  parent: ['parent_id'],
  product: ['product_id'],
  qty: ['quantity'],
  limit: ['per_page', 'limit'],
  page_size: ['per_page'],
  pagesize: ['per_page'],
  size: ['per_page'],
  offset: ['page'],
  name: ['full_name', 'name'],
  username: ['full_name'],
  fullname: ['full_name'],
  first_name: ['full_name'],
  last_name: ['full_name'],
  mail: ['email'],
  email_address: ['email'],
  pass: ['password'],
  new_password: ['password'],
  old_password: ['current_password'],
  amount: ['price', 'delta'],
  active: ['is_active'],
  enabled: ['is_active'],
  since: ['from', 'after'],
  until: ['to'],
  address_line1: ['line1'],
  zip: ['postal_code'],
  zipcode: ['postal_code'],
  postcode: ['postal_code'],
  shipping: ['shipping_address'],
  address: ['address', 'shipping_address'],
  lines: ['items'],
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]
      previous[j] = Math.min(
        previous[j] + 1,
        previous[j - 1] + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
      diagonal = above
    }
  }
  return previous[b.length]
}

/**
 * The known name an unknown one most likely meant: an alias, the same
 * name in another spelling (`categoryId`, `Category-ID`), or a close
 * misspelling (at most 1 edit in 4 letters, 2 in longer names).
 */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  if (!known.length) return undefined
  const lower = name.toLowerCase()
  const squashed = lower.replace(/[^a-z0-9]/g, '')
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase()
  const aliases = Object.hasOwn(ALIASES, snake)
    ? ALIASES[snake]
    : Object.hasOwn(ALIASES, squashed)
      ? ALIASES[squashed]
      : []
  for (const candidate of aliases) {
    if (known.includes(candidate)) return candidate
  }
  const sameSpelling = known.find(
    (candidate) => candidate.toLowerCase().replace(/[^a-z0-9]/g, '') === squashed
  )
  if (sameSpelling) return sameSpelling
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of known) {
    const distance = editDistance(snake, candidate.toLowerCase())
    const allowed = candidate.length <= 4 ? 1 : 2
    if (distance <= allowed && (!best || distance < best.distance)) {
      best = { candidate, distance }
    }
  }
  return best?.candidate
}

const schemas = new WeakMap<AnyValidator, Schema>()

/**
 * The JSON Schema of a validator, computed once.
 */
function schemaOf(validator: AnyValidator): Schema {
  let schema = schemas.get(validator)
  if (!schema) {
    schema = validator.toJSONSchema() as Schema
    schemas.set(validator, schema)
  }
  return schema
}

/**
 * The branch of a schema that describes an object (or an array), looking
 * through `anyOf`/`oneOf` (a nullable object).
 */
function branch(schema: Schema | undefined, kind: 'object' | 'array'): Schema | undefined {
  if (!schema || typeof schema !== 'object') return undefined
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types.includes(kind)) return schema
  for (const key of ['anyOf', 'oneOf']) {
    if (Array.isArray(schema[key])) {
      for (const option of schema[key]) {
        const found = branch(option, kind)
        if (found) return found
      }
    }
  }
  return undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value)
}

/**
 * The unknown fields of a value against its schema, at every level.
 */
function unknownFields(
  schema: Schema | undefined,
  value: unknown,
  path: string,
  problems: InputProblem[]
) {
  if (isPlainObject(value)) {
    const objectSchema = branch(schema, 'object')
    if (!objectSchema || objectSchema.additionalProperties !== false) return
    const properties = (objectSchema.properties ?? {}) as Record<string, Schema>
    const known = Object.keys(properties)
    for (const [key, inner] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key
      if (Object.hasOwn(properties, key)) {
        unknownFields(properties[key], inner, field, problems)
        continue
      }
      problems.push({
        field,
        rule: 'unknownField',
        message: messageFor('unknownField', field, {
          location: 'body',
          suggestion: didYouMean(key, known),
          accepted: known,
          at: path || undefined,
        }),
      })
    }
    return
  }
  if (Array.isArray(value)) {
    const arraySchema = branch(schema, 'array')
    const items = arraySchema?.items
    if (!items || Array.isArray(items)) return
    value.forEach((inner, index) => unknownFields(items, inner, `${path}.${index}`, problems))
  }
}

/**
 * The names of the query parameters a route accepts.
 */
export function queryNames(input: RouteInput): string[] {
  return input.query ? Object.keys(schemaOf(input.query).properties ?? {}) : []
}

/**
 * Unknown query parameters: each named, with a suggestion and the
 * accepted names.
 */
export function unknownQueryParameters(input: RouteInput, query: Record<string, unknown>) {
  const known = queryNames(input)
  return Object.keys(query)
    .filter((name) => !known.includes(name))
    .map<InputProblem>((name) => ({
      field: name,
      rule: 'unknownField',
      message: messageFor('unknownField', name, {
        location: 'query',
        suggestion: didYouMean(name, known),
        accepted: known,
      }),
    }))
}

/**
 * Unknown body fields, at every level of the body. A route without a body
 * validator takes no body: any field of it is refused.
 */
export function unknownBodyFields(input: RouteInput, body: unknown): InputProblem[] {
  if (!input.body) {
    const empty = isPlainObject(body) && Object.keys(body).length === 0
    return empty ? [] : [noBody()]
  }
  const problems: InputProblem[] = []
  unknownFields(schemaOf(input.body), body, '', problems)
  return problems
}

/**
 * A body sent to a route that takes none.
 */
export function noBody(): InputProblem {
  return { rule: 'noBody', message: messageFor('noBody', '') }
}
