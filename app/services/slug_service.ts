import string from '@adonisjs/core/helpers/string'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * "Soundbar 2.1 (Black)" -> "soundbar-21-black": lowercase ASCII letters,
 * digits and single dashes, as SLUG_PATTERN expects.
 */
export function slugify(name: string, maxLength = 120): string {
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
 * URL slugs made from names, kept unique per table by a numeric suffix
 * ("desk-lamp", "desk-lamp-2", ...). The unique index stays the last word
 * when two writers race (a 409).
 */
export async function uniqueSlug(
  table: 'products' | 'categories',
  name: string,
  options: { client?: QueryClientContract; exceptId?: number; maxLength?: number } = {}
): Promise<string> {
  const base = slugify(name, options.maxLength)

  const client = options.client ?? db.connection()
  const query = client
    .from(table)
    .where((builder) => builder.where('slug', base).orWhere('slug', 'like', `${base}-%`))
    .select('slug')
  if (options.exceptId !== undefined) {
    query.whereNot('id', options.exceptId)
  }
  const rows: Array<{ slug: string }> = await query
  const taken = new Set(rows.map((row) => row.slug))
  if (!taken.has(base)) {
    return base
  }
  let suffix = 2
  while (taken.has(`${base}-${suffix}`)) {
    suffix++
  }
  return `${base}-${suffix}`
}
