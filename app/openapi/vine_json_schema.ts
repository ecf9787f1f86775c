import vine from '@vinejs/vine'
import type { VineValidator } from '@vinejs/vine'
import type { SchemaTypes } from '@vinejs/vine/types'
import type { JsonSchema } from '#openapi/json_schema'

/**
 * JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) generated from our
 * compiled VineJS validators, so the documented request bodies and query
 * strings are the ones the code enforces.
 *
 * VineJS 3 exports no JSON Schema, but a compiled validator describes its
 * tree (`toJSON()`): node types, optional/nullable flags and, per field,
 * the rule functions with their options. Rule functions are module-level
 * singletons, so each is recognised by identity against a probe schema
 * that uses it once (below). Rules with no JSON Schema equivalent (the
 * database's `unique`/`exists`, "not your email") are left to the
 * descriptions.
 */
type RuleMapper = (options: any) => JsonSchema
type AnyValidator = VineValidator<any, any>

interface CompiledNode {
  type: string
  subtype?: string
  fieldName: string
  isOptional: boolean
  allowNull: boolean
  validations: { ruleFnId: string }[]
  properties?: CompiledNode[]
  each?: CompiledNode
}

interface CompiledRef {
  validator?: unknown
  options?: unknown
}

const mappers = new Map<unknown, RuleMapper>()

/**
 * The rule function of the last rule on `field`.
 */
function lastRule(field: SchemaTypes): unknown {
  const { schema, refs } = vine.compile(vine.object({ probe: field })).toJSON() as unknown as {
    schema: { schema: CompiledNode }
    refs: Record<string, CompiledRef>
  }
  const probe = schema.schema.properties![0]
  const node = probe.type === 'array' && probe.validations.length === 0 ? probe.each! : probe
  const last = node.validations[node.validations.length - 1]
  return refs[last.ruleFnId].validator
}

function learn(field: SchemaTypes, mapper: RuleMapper) {
  mappers.set(lastRule(field), mapper)
}

/**
 * Our own rules (`vine.createRule`) that have a JSON Schema meaning: the
 * validator file registers them with the fragment that describes them.
 */
export function describeRule(
  rule: (...args: any[]) => any,
  fragment: JsonSchema,
  options?: unknown
) {
  mappers.set(lastRule(vine.string().use(rule(options))), () => fragment)
}

learn(vine.string().minLength(1), ({ min }) => ({ minLength: min }))
learn(vine.string().maxLength(1), ({ max }) => ({ maxLength: max }))
learn(vine.string().fixedLength(1), ({ size }) => ({ minLength: size, maxLength: size }))
learn(vine.string().regex(/x/), (pattern: RegExp) => ({ pattern: pattern.source }))
learn(vine.string().email(), () => ({ format: 'email' }))
learn(vine.string().url(), () => ({ format: 'uri' }))
learn(vine.string().uuid(), () => ({ format: 'uuid' }))
learn(vine.string().in(['x']), ({ choices }) => ({ enum: choices }))
learn(vine.number().range([1, 2]), ({ min, max }) => ({ minimum: min, maximum: max }))
learn(vine.number().min(1), ({ min }) => ({ minimum: min }))
learn(vine.number().max(1), ({ max }) => ({ maximum: max }))
learn(vine.number().positive(), () => ({ exclusiveMinimum: 0 }))
learn(vine.number().withoutDecimals(), () => ({ type: 'integer' }))
learn(vine.array(vine.string()).minLength(1), ({ min }) => ({ minItems: min }))
learn(vine.array(vine.string()).maxLength(1), ({ max }) => ({ maxItems: max }))
learn(vine.array(vine.string()).fixedLength(1), ({ size }) => ({ minItems: size, maxItems: size }))
learn(vine.array(vine.string()).distinct(), () => ({ uniqueItems: true }))
learn(vine.enum(['x']), ({ choices }) => ({ enum: choices }))

const BASE_TYPES: Record<string, JsonSchema> = {
  string: { type: 'string' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  enum: {},
  any: {},
}

function convert(node: CompiledNode, refs: Record<string, CompiledRef>): JsonSchema {
  let schema: JsonSchema
  if (node.type === 'object') {
    const properties: Record<string, JsonSchema> = {}
    const required: string[] = []
    for (const property of node.properties ?? []) {
      properties[property.fieldName] = convert(property, refs)
      if (!property.isOptional) {
        required.push(property.fieldName)
      }
    }
    schema = { type: 'object', properties, ...(required.length ? { required } : {}) }
  } else if (node.type === 'array') {
    schema = { type: 'array', items: node.each ? convert(node.each, refs) : {} }
  } else {
    schema = { ...(BASE_TYPES[node.subtype ?? 'any'] ?? {}) }
  }

  for (const { ruleFnId } of node.validations) {
    const ref = refs[ruleFnId]
    const mapper = ref ? mappers.get(ref.validator) : undefined
    if (mapper) {
      Object.assign(schema, mapper(ref.options))
    }
  }

  if (Array.isArray(schema.enum) && !schema.type) {
    const kinds = new Set(schema.enum.map((choice) => typeof choice))
    if (kinds.size === 1 && (kinds.has('string') || kinds.has('number'))) {
      schema.type = [...kinds][0]
    }
  }

  if (node.allowNull) {
    if (typeof schema.type === 'string') {
      schema.type = [schema.type, 'null']
    } else if (Array.isArray(schema.enum)) {
      schema.enum = [...schema.enum, null]
    } else {
      schema = { anyOf: [schema, { type: 'null' }] }
    }
  }
  return schema
}

/**
 * The JSON Schema of what a compiled validator accepts.
 */
export function toJsonSchema(validator: AnyValidator): JsonSchema {
  const { schema, refs } = validator.toJSON() as unknown as {
    schema: { schema: CompiledNode }
    refs: Record<string, CompiledRef>
  }
  return convert(schema.schema, refs)
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
