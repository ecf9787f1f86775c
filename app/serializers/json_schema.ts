/**
 * Small builders for the hand-written response schemas (JSON Schema
 * 2020-12, as in OpenAPI 3.1). Each response schema sits next to the
 * serializer it describes; the contract tests check every response the
 * functional suite receives against them.
 */
export type JsonSchema = { [key: string]: unknown }

/**
 * An object with exactly these properties, all present (serializers always
 * write every key; `null` says "none").
 */
export function object(properties: Record<string, JsonSchema>, optional: string[] = []) {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
  }
}

export function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') {
    const nullableSchema: JsonSchema = { ...schema, type: [schema.type, 'null'] }
    if (Array.isArray(schema.enum)) {
      nullableSchema.enum = [...schema.enum, null]
    }
    return nullableSchema
  }
  return { anyOf: [schema, { type: 'null' }] }
}

export function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` }
}

export function arrayOf(items: JsonSchema): JsonSchema {
  return { type: 'array', items }
}

export const integer = { type: 'integer' }
export const string = { type: 'string' }
export const boolean = { type: 'boolean' }
export const dateTime = { type: 'string', format: 'date-time' }

/**
 * Money: a decimal string with two decimals, in the shop's currency.
 */
export const money = { type: 'string', pattern: '^-?\\d+\\.\\d{2}$', examples: ['19.99'] }

/**
 * `{ data: <schema> }`: the envelope of every successful JSON answer.
 */
export function envelope(data: JsonSchema) {
  return object({ data })
}

/**
 * The `meta` of every paginated list: a `page` answer counts (`total`,
 * `current_page`, `last_page`); a `cursor` answer does not (null: a deep
 * page costs what the first does). Both carry the cursors of the pages
 * after and before (null at the ends).
 */
export const paginationMeta = object({
  total: nullable(integer),
  per_page: integer,
  current_page: nullable(integer),
  last_page: nullable(integer),
  next_cursor: nullable(string),
  prev_cursor: nullable(string),
})
