import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { EMAIL_MAX_LENGTH, normalizeEmail } from '#domain/email'
import { report } from '#validators/messages'

/**
 * The VineJS rule: replaces the value with its canonical form, or reports
 * what is wrong with it (the rule itself is `#domain/email`).
 */
const canonicalEmail = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string') {
      return
    }
    const result = normalizeEmail(value)
    if (result.problem) {
      report(field, 'canonicalEmail', { problem: result.problem })
      return
    }
    field.mutate(result.email, field)
  }
)

/**
 * The e-mail field of registration, sign-in (API and panel) and profile
 * changes.
 */
export function emailRule() {
  return vine
    .string()
    .maxLength(EMAIL_MAX_LENGTH * 2)
    .use(canonicalEmail())
    .maxLength(EMAIL_MAX_LENGTH)
    .email()
}
