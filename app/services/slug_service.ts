import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { freeSlug, slugify } from '#domain/slug'

export { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify } from '#domain/slug'

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
  return freeSlug(
    base,
    rows.map((row) => row.slug)
  )
}
