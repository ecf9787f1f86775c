import type { VineValidator } from '@vinejs/vine'
import type { JsonSchema } from '#serializers/json_schema'

/**
 * JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) of our compiled VineJS
 * validators, so the documented request bodies and query strings are the
 * ones the code enforces. It is VineJS's own export
 * (`validator.toJSONSchema()`): each of our rules describes itself where
 * it is created (`vine.createRule(fn, { toJSONSchema })`), so validators
 * import nothing from here. It says what the server does:
 * - objects keep VineJS's `additionalProperties: false`: an unknown field,
 *   at any level of a body, is a 422 naming it (#validators/strict_input,
 *   which reads the same export); an empty `required` is left out;
 * - an enum of strings (or of numbers) is given its `type`.
 * Rules with no JSON Schema equivalent (the database's `unique`/`exists`,
 * "not your email") are left to the descriptions.
 */
type AnyValidator = VineValidator<any, any>

/**
 * Keywords whose value is data, not a schema: copied as they are.
 */
const VALUES = new Set(['enum', 'examples', 'const', 'default', 'required'])

function normalize(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(normalize)
  }
  if (!node || typeof node !== 'object') {
    return node
  }
  const schema: JsonSchema = {}
  for (const [key, value] of Object.entries(node)) {
    schema[key] = VALUES.has(key) ? value : normalize(value)
  }
  if (schema.type === 'object' && schema.properties) {
    if (Array.isArray(schema.required) && schema.required.length === 0) {
      delete schema.required
    }
  }
  if (Array.isArray(schema.enum) && !schema.type) {
    const kinds = new Set(schema.enum.map((choice) => typeof choice))
    if (kinds.size === 1 && (kinds.has('string') || kinds.has('number'))) {
      schema.type = [...kinds][0]
    }
  }
  return schema
}

/**
 * The JSON Schema of what a compiled validator accepts.
 */
export function toJsonSchema(validator: AnyValidator): JsonSchema {
  return normalize(validator.toJSONSchema()) as JsonSchema
}

/**
 * The fields of an object validator as OpenAPI parameters (`in: query` or
 * `in: path`). Query strings carry text: numbers and booleans are parsed
 * from it.
 */
export function toParameters(
  validator: AnyValidator,
  location: 'query' | 'path',
  descriptions: Record<string, string> = {}
) {
  const schema = toJsonSchema(validator)
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((schema.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' ? true : required.has(name),
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: property,
  }))
}
