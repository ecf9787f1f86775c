import vine from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import { EMAIL_MESSAGES, type EmailProblem } from '#domain/email'

/**
 * The one catalogue of validation messages (issue 15, item 2). Every
 * refusal says what would be accepted: the allowed values of an enum, the
 * form of a pattern with an example, a range with its bounds, the expected
 * type with an example. VineJS's own rules and ours (`rules.ts`,
 * `catalog.ts`, `order.ts`, `email.ts`, the unknown-field check in
 * `strict_input.ts`) all report through it: a rule passes its rule name
 * and its details (`meta`), the catalogue writes the sentence.
 *
 * It is installed as VineJS's messages provider when this module is first
 * imported (every validator file imports it through `rules.ts` or
 * `email.ts`), before any validator is compiled.
 */
type Meta = Record<string, any>
type Message = (field: string, meta: Meta) => string

const list = (values: readonly unknown[]) => values.map(String).join(', ')

export const MESSAGES = {
  // Presence and types
  'required': (f) => `The ${f} field is required`,
  'string': (f) => `The ${f} field must be text sent as a JSON string (such as "abc")`,
  'number': (f) => `The ${f} field must be a number sent as a JSON number (such as 3)`,
  'boolean': (f) => `The ${f} field must be true or false, sent as a JSON boolean`,
  'object': (f) => `The ${f} field must be a JSON object (such as {"key": "value"})`,
  'array': (f) => `The ${f} field must be a JSON array (such as [...])`,
  'integer': (f) =>
    `The ${f} field must be a whole number sent as a JSON number (such as 3), not a string, a boolean or a fraction`,
  'digits': (f) =>
    `The ${f} field must be a whole number written in plain decimal digits (such as 2)`,
  'decimalAmount': (f) =>
    `The ${f} field must be a decimal string such as "19.99" (a JSON string with at most 2 decimals, not a number)`,
  'isoDate': (f) =>
    `The ${f} field must be an ISO 8601 date or date-time, such as 2026-11-22 or 2026-11-22T10:00:00Z`,

  // Choices and forms
  'enum': (f, m) =>
    isBooleanChoice(m.choices)
      ? `The ${f} field must be true or false (use true or false; 1, yes and on are not accepted)`
      : `The ${f} field must be one of: ${list(m.choices ?? [])}`,
  'regex': (f, m) =>
    m.accepts
      ? `The ${f} field must be ${m.accepts}, such as ${m.example}`
      : `The ${f} field must match the pattern ${m.pattern ?? ''}`.trimEnd(),
  'email': (f) => `The ${f} field must be an e-mail address such as name@example.com`,
  'canonicalEmail': (_f, m) => EMAIL_MESSAGES[m.problem as EmailProblem] ?? EMAIL_MESSAGES.format,
  'controlCharacters': (f, m) =>
    m.multiline
      ? `The ${f} field must be text without control characters (line breaks and tabs are allowed; NUL, escape and the like are not)`
      : `The ${f} field must be plain text on one line, without control characters (NUL, tab, line break, escape and the like)`,

  // Sizes and bounds
  'minLength': (f, m) =>
    m.min === 1
      ? `The ${f} field must not be empty (at least 1 character)`
      : `The ${f} field must have at least ${m.min} characters`,
  'maxLength': (f, m) => `The ${f} field must have at most ${m.max} characters`,
  'fixedLength': (f, m) => `The ${f} field must be exactly ${m.size} characters long`,
  'range': (f, m) => `The ${f} field must be between ${m.min} and ${m.max} (inclusive)`,
  'min': (f, m) => `The ${f} field must be at least ${m.min}`,
  'max': (f, m) => `The ${f} field must be at most ${m.max}`,
  'positive': (f) => `The ${f} field must be greater than 0`,
  'positiveAmount': (f) => `The ${f} field must be greater than 0 (such as "0.01")`,
  'maxPrice': (f, m) => `The ${f} field must be at most ${m.max}`,
  'array.minLength': (f, m) => `The ${f} field must have at least ${m.min} item(s)`,
  'array.maxLength': (f, m) => `The ${f} field must have at most ${m.max} items`,

  // Rules of the data
  'database.unique': (f) => `The ${f} is already taken: choose another`,
  'database.exists': (f) => `The ${f} field must be the id of an existing record`,
  'notTheEmail': () => 'The password must not be your email address',
  'useStockAdjustments': () =>
    'Stock is not changed by PATCH: use POST /api/v1/products/{product}/stock-adjustments with { "delta", "reason" } or { "set", "expected", "reason" }',

  // Unknown input (strict_input.ts)
  'unknownField': (f, m) =>
    `Unknown ${m.location === 'query' ? 'query parameter' : 'field'} "${f}"` +
    (m.suggestion ? `: did you mean "${m.suggestion}"?` : '') +
    (m.accepted?.length
      ? ` Accepted ${m.location === 'query' ? 'query parameters' : 'fields'}${m.at ? ` of ${m.at}` : ''}: ${list(m.accepted)}`
      : m.location === 'query'
        ? ' This route takes no query parameters'
        : ` ${m.at ? `${m.at} takes` : 'This route takes'} no fields`),
  'noBody': () => 'This route takes no request body: send none (or an empty JSON object {})',
} satisfies Record<string, Message>

export type MessageRule = keyof typeof MESSAGES

function isBooleanChoice(choices: unknown) {
  return (
    Array.isArray(choices) &&
    choices.length === 2 &&
    choices.includes('true') &&
    choices.includes('false')
  )
}

/**
 * How a field is named in a message: its path (`shipping_address.country`,
 * `items.0.quantity`).
 */
function fieldName(field: FieldContext | undefined) {
  if (!field) return 'value'
  const path = typeof field.getFieldPath === 'function' ? field.getFieldPath() : ''
  return path || String(field.name ?? 'value')
}

/**
 * The message of a rule for a field name, from the catalogue.
 */
export function messageFor(rule: MessageRule, field: string, meta: Meta = {}): string {
  return (MESSAGES[rule] as Message)(field, meta)
}

/**
 * Reports a rule's failure on a field, with the catalogue's message (our
 * own rules call this rather than writing sentences).
 */
export function report(field: FieldContext, rule: MessageRule, meta: Meta = {}) {
  field.report(messageFor(rule, fieldName(field), meta), rule, field, meta)
}

/**
 * VineJS's messages provider backed by the catalogue. A rule the
 * catalogue does not know keeps its own message, with `{{ field }}` and
 * its details filled in.
 */
export class CatalogueMessagesProvider implements MessagesProviderContact {
  getMessage(defaultMessage: string, rule: string, field: FieldContext, meta?: Meta): string {
    const name = fieldName(field)
    const entry = (MESSAGES as Record<string, Message>)[rule]
    if (entry) {
      return entry(name, meta ?? {})
    }
    return defaultMessage.replace(/{{\s*([a-zA-Z_]+)\s*}}/g, (_match, key: string) =>
      key === 'field' ? name : String(meta?.[key] ?? '')
    )
  }
}

vine.messagesProvider = new CatalogueMessagesProvider()
