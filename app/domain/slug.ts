import string from '@adonisjs/core/helpers/string'

/**
 * A URL slug: lowercase ASCII letters and digits in groups joined by
 * single dashes ("desk-lamp-2").
 */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * The default (and the columns') longest slug.
 */
export const SLUG_MAX_LENGTH = 120

/**
 * "Soundbar 2.1 (Black)" -> "soundbar-21-black": lowercase ASCII letters,
 * digits and single dashes, as SLUG_PATTERN expects, at most `maxLength`
 * characters and never ending in a dash. Accented letters lose their
 * accents ("Crème brûlée" -> "creme-brulee"); a name with nothing left
 * (only punctuation, or a script with no transliteration) is "item".
 * Making it unique in a table is `freeSlug` below, given the slugs taken.
 */
export function slugify(name: string, maxLength = SLUG_MAX_LENGTH): string {
  return (
    string
      .slug(name, { lower: true, strict: true })
      .replace(/[^a-z0-9-]+/g, '')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, maxLength)
      .replace(/-$/, '') || 'item'
  )
}

/**
 * `base` itself when no row has it, else the first free numeric suffix
 * ("desk-lamp", "desk-lamp-2", ...). `taken` are the slugs already used
 * that are `base` or start with `base-` (the caller reads them; the unique
 * index stays the last word when two writers race).
 */
export function freeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  if (!used.has(base)) {
    return base
  }
  let suffix = 2
  while (used.has(`${base}-${suffix}`)) {
    suffix++
  }
  return `${base}-${suffix}`
}
