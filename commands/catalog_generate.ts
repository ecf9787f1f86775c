import { randomBytes } from 'node:crypto'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { insertRows } from '#services/bulk_insert'
import { DateTime } from 'luxon'
import type { BulkProduct, BulkVariant } from '#services/bulk_catalog'

const ADJECTIVES = ['Classic', 'Compact', 'Deluxe', 'Eco', 'Pro', 'Smart', 'Ultra', 'Vintage']
const NOUNS = ['Backpack', 'Blender', 'Camera', 'Desk Lamp', 'Kettle', 'Monitor', 'Sneaker', 'Tent']
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL']
const COLOURS = ['black', 'white', 'red', 'blue', 'green', 'grey']

/**
 * The most variants per generated product (sizes times colours).
 */
export const MAX_GENERATED_VARIANTS = SIZES.length * COLOURS.length

/**
 * `--variants` as a range: "3" (every product 3), "1-4" (each a random
 * 1 to 4). Null when it is not one.
 */
export function parseVariantRange(value: string): { min: number; max: number } | null {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(value)
  if (!match) {
    return null
  }
  const min = Number(match[1])
  const max = match[2] === undefined ? min : Number(match[2])
  if (min < 1 || max < min || max > MAX_GENERATED_VARIANTS) {
    return null
  }
  return { min, max }
}

/**
 * The option values of `count` variants: one option (Size) up to six,
 * Size x Colour beyond.
 */
function optionsFor(count: number): { names: string[]; combos: string[][] } {
  if (count === 1) {
    return { names: [], combos: [[]] }
  }
  if (count <= SIZES.length) {
    return { names: ['Size'], combos: SIZES.slice(0, count).map((size) => [size]) }
  }
  const colours = Math.ceil(count / SIZES.length)
  const combos = SIZES.flatMap((size) =>
    COLOURS.slice(0, colours).map((colour) => [size, colour])
  ).slice(0, count)
  return { names: ['Size', 'Colour'], combos }
}

/**
 * `node ace catalog:generate --products 100000 --variants 1-4`: a large
 * catalog for benchmarks, inserted in batches inside transactions, with a
 * progress bar. Each product gets its variants (`--variants`: a count or
 * a range, a random count in it per product; default 1, the default
 * variant), each with its own SKU, price and stock and its opening ledger
 * row, and the product its summary columns (insertCatalog).
 */
export default class CatalogGenerate extends BaseCommand {
  static commandName = 'catalog:generate'
  static description = 'Generate a large catalog (categories and products) for benchmarks'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How many products to add', default: 10_000 })
  declare products: number

  @flags.number({ description: 'How many leaf categories to spread them over', default: 40 })
  declare categories: number

  @flags.string({
    description: 'Variants per product: a count ("3") or a range ("1-4", random per product)',
    default: '1',
  })
  declare variants: string

  @flags.number({ description: 'Products per batch (one transaction)', default: 1_000 })
  declare batchSize: number

  async run() {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { dbTimestamp } = await import('#services/db_time')
    const { insertCatalog } = await import('#services/bulk_catalog')

    if (!Number.isInteger(this.products) || this.products < 1) {
      this.logger.error('--products must be a positive integer')
      this.exitCode = 1
      return
    }
    const range = parseVariantRange(String(this.variants))
    if (!range) {
      this.logger.error(
        `--variants must be a count or a range from 1 to ${MAX_GENERATED_VARIANTS}, e.g. 1 or 1-4`
      )
      this.exitCode = 1
      return
    }
    const batchSize = Math.max(1, Math.min(this.batchSize, 2_000))
    const tag = randomBytes(3).toString('hex')
    const now = dbTimestamp()

    const categoryIds = await db.transaction(async (trx) => {
      const [root] = await trx
        .table('categories')
        .insert({
          name: `Generated ${tag}`,
          slug: `generated-${tag}`,
          description: 'Generated for benchmarks',
          position: 1000,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
      const rootId = typeof root === 'object' ? root.id : root
      const rows = Array.from({ length: this.categories }, (_, index) => ({
        parent_id: rootId,
        name: `Generated ${tag} ${index + 1}`,
        slug: `generated-${tag}-${index + 1}`,
        description: null,
        position: index,
        created_at: now,
        updated_at: now,
      }))
      await insertRows(trx, 'categories', rows)
      const children = await trx.from('categories').where('parent_id', rootId).select('id')
      return children.map((row: { id: number }) => row.id)
    })

    const startedAt = Date.now()
    const generatedAt = DateTime.now()
    let done = 0
    let variantCount = 0
    this.renderProgress(done, startedAt)
    while (done < this.products) {
      const size = Math.min(batchSize, this.products - done)
      const rows = Array.from({ length: size }, (_, offset): BulkProduct => {
        const n = done + offset + 1
        const name = `${ADJECTIVES[n % ADJECTIVES.length]} ${NOUNS[(n >> 3) % NOUNS.length]} ${n}`
        const count = range.min + Math.floor(Math.random() * (range.max - range.min + 1))
        const { names, combos } = optionsFor(count)
        const basePrice = 100 + ((n * 7919) % 99_900)
        const variants = combos.map((values, index): BulkVariant => ({
          sku: `GEN-${tag}-${n}${values.length ? `-${index + 1}` : ''}`.toUpperCase(),
          optionValues: values,
          // Larger sizes cost a little more: a price range per product.
          price: basePrice + index * 250,
          stock: ((n + index) * 31) % 11 === 0 ? 0 : ((n + index) * 31) % 250,
          isActive: true,
        }))
        return {
          categoryId: categoryIds[n % categoryIds.length],
          name,
          slug: `${name.toLowerCase().replaceAll(' ', '-')}-${tag}`,
          description: `${name}, generated for benchmarks (${tag}).`,
          lowStockThreshold: 5,
          isActive: n % 20 !== 0,
          // One second apart, the last generated the newest (as a catalog
          // built over time; a single timestamp is not what lists meet).
          createdAt: dbTimestamp(undefined, generatedAt.minus({ seconds: this.products - n })),
          updatedAt: now,
          options: names.map((optionName, position) => ({
            name: optionName,
            values: [...new Set(combos.map((values) => values[position]))],
          })),
          variants,
        }
      })
      await db.transaction(async (trx) => {
        await insertCatalog(trx, rows)
      })
      variantCount += rows.reduce((sum, row) => sum + row.variants.length, 0)
      done += size
      this.renderProgress(done, startedAt)
    }
    process.stdout.write('\n')

    /**
     * Fresh statistics and visibility map for the planner, as autovacuum
     * would leave them some time after a bulk load.
     */
    if (db.connection().dialect.name === 'postgres') {
      await db.rawQuery('VACUUM ANALYZE products')
      await db.rawQuery('VACUUM ANALYZE product_variants')
      await db.rawQuery('VACUUM ANALYZE stock_movements')
      await db.rawQuery('VACUUM ANALYZE categories')
    }

    const seconds = (Date.now() - startedAt) / 1000
    this.logger.success(
      `Added ${done} products (${variantCount} variants) in ${categoryIds.length} categories (tag ${tag}) in ${seconds.toFixed(1)} s`
    )
  }

  /**
   * A one-line progress bar on a terminal, a line per 10% otherwise.
   */
  protected lastDecile = -1
  protected renderProgress(done: number, startedAt: number) {
    const ratio = this.products ? done / this.products : 1
    const width = 30
    const filled = Math.round(ratio * width)
    const rate = done / Math.max(0.001, (Date.now() - startedAt) / 1000)
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${this.products} products, ${Math.round(rate)}/s`
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${line}`)
      return
    }
    const decile = Math.floor(ratio * 10)
    if (decile !== this.lastDecile) {
      this.lastDecile = decile
      process.stdout.write(`${line}\n`)
    }
  }
}
