import { randomBytes } from 'node:crypto'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { insertRows } from '#services/bulk_insert'
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
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
 * The `created_at` of product n of `total`: one second apart, the last
 * one now, formatted as Lucid writes it on the connection (an ISO
 * timestamp with its zone on PostgreSQL, local time on SQLite), without a
 * date library call per product.
 */
function createdAtFormatter(postgres: boolean, total: number): (n: number) => string {
  const end = DateTime.now().startOf('second')
  if (postgres) {
    const endMs = end.toMillis()
    return (n) => new Date(endMs - (total - n) * 1000).toISOString()
  }
  // Local wall-clock time: shift by the zone's offset, then format as UTC.
  return (n) => {
    const at = end.minus({ seconds: total - n })
    return new Date(at.toMillis() + at.offset * 60_000).toISOString().slice(0, 19).replace('T', ' ')
  }
}

/**
 * `node ace catalog:generate --products 100000 --variants 1-4`: a large
 * catalog for benchmarks, inserted in batches (insertCatalog), with a
 * progress bar. Each product gets its variants (`--variants`: a count or
 * a range, a random count in it per product; default 1, the default
 * variant), each with its own SKU, price and stock and its opening ledger
 * row, and the product its summary columns.
 *
 * On PostgreSQL a large load (50,000 products or more, at least as many as
 * the catalog holds; `--rebuild-indexes` / `--no-rebuild-indexes` decide
 * otherwise) drops the secondary indexes of the catalog tables, inserts,
 * and builds them again, all in one transaction: an interrupted run
 * leaves the catalog and its indexes as they were. Otherwise each batch
 * is a transaction of its own. A million products (2.5 million variants)
 * take about 2 minutes on 2 cores.
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

  @flags.number({ description: 'Products per batch (one statement per table)', default: 10_000 })
  declare batchSize: number

  @flags.boolean({
    description:
      "PostgreSQL: drop the secondary indexes, load, and build them again, in one transaction (default: for 50,000 products or more, at least the catalog's size)",
    showNegatedVariantInHelp: true,
  })
  declare rebuildIndexes?: boolean

  async run() {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { dbTimestamp } = await import('#services/db_time')
    const { insertCatalog, encodeCatalogBatch, insertEncoded, dropForLoad, restoreAfterLoad } =
      await import('#services/bulk_catalog')

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
    const batchSize = Math.max(1, Math.min(this.batchSize, 50_000))
    const tag = randomBytes(3).toString('hex')
    const now = dbTimestamp()
    const postgres = db.connection().dialect.name === 'postgres'

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

    let rebuild = false
    if (postgres) {
      const [existing] = await db.from('products').count('* as total')
      rebuild =
        this.rebuildIndexes ?? (this.products >= 50_000 && this.products >= Number(existing.total))
    }

    const startedAt = Date.now()
    const createdAt = createdAtFormatter(postgres, this.products)
    const product = (n: number): BulkProduct => {
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
        createdAt: createdAt(n),
        updatedAt: now,
        options: names.map((optionName, position) => ({
          name: optionName,
          values: [...new Set(combos.map((values) => values[position]))],
        })),
        variants,
      }
    }
    /**
     * Products first + 1 to first + size, built a thousand at a time,
     * letting the previous batch's statement go out in between, and on
     * PostgreSQL encoded: the next batch is ready when the database has
     * written the last one.
     */
    const build = async (first: number, size: number) => {
      const rows: BulkProduct[] = []
      for (let offset = 0; offset < size; offset++) {
        rows.push(product(first + offset + 1))
        if (offset % 1000 === 999) {
          await new Promise((resolve) => setImmediate(resolve))
        }
      }
      let insert = (trx: TransactionClientContract) => insertCatalog(trx, rows)
      if (postgres) {
        const encoded = encodeCatalogBatch(rows)
        insert = (trx) => insertEncoded(trx, encoded)
      }
      return { size, variants: rows.reduce((sum, row) => sum + row.variants.length, 0), insert }
    }
    let done = 0
    let built = 0
    let variantCount = 0
    let next: ReturnType<typeof build> | null = null
    const loadBatch = async (trx: TransactionClientContract) => {
      next ??= build(built, Math.min(batchSize, this.products - built))
      const batch = await next
      built += batch.size
      next = built < this.products ? build(built, Math.min(batchSize, this.products - built)) : null
      await batch.insert(trx)
      variantCount += batch.variants
      done += batch.size
      this.renderProgress(done, startedAt)
    }

    this.renderProgress(done, startedAt)
    const phases: string[] = []
    let phaseStartedAt = Date.now()
    const phase = (name: string) => {
      phases.push(`${name} ${((Date.now() - phaseStartedAt) / 1000).toFixed(1)} s`)
      phaseStartedAt = Date.now()
    }
    if (rebuild) {
      await db.transaction(async (trx) => {
        const dropped = await dropForLoad(trx)
        while (done < this.products) {
          await loadBatch(trx)
        }
        process.stdout.write('\n')
        phase('rows')
        this.logger.info(`restoring ${dropped.length} indexes and constraints`)
        await restoreAfterLoad(trx, dropped)
        phase(`${dropped.length} indexes and constraints`)
      })
    } else {
      while (done < this.products) {
        await db.transaction(loadBatch)
      }
      process.stdout.write('\n')
      phase('rows')
    }

    /**
     * Fresh statistics and visibility map for the planner, as autovacuum
     * would leave them some time after a bulk load.
     */
    if (postgres) {
      for (const table of ['products', 'product_options', 'product_variants', 'stock_movements']) {
        await db.rawQuery(`VACUUM ANALYZE ${table}`)
      }
      await db.rawQuery('VACUUM ANALYZE categories')
      phase('vacuum and analyze')
    }

    const seconds = (Date.now() - startedAt) / 1000
    this.logger.success(
      `Added ${done} products (${variantCount} variants) in ${categoryIds.length} categories (tag ${tag}) in ${seconds.toFixed(1)} s (${phases.join(', ')})`
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
