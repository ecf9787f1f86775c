import { randomBytes } from 'node:crypto'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { insertRows } from '#services/bulk_insert'
import { DateTime } from 'luxon'

const ADJECTIVES = ['Classic', 'Compact', 'Deluxe', 'Eco', 'Pro', 'Smart', 'Ultra', 'Vintage']
const NOUNS = ['Backpack', 'Blender', 'Camera', 'Desk Lamp', 'Kettle', 'Monitor', 'Sneaker', 'Tent']

/**
 * `node ace catalog:generate --products 100000`: a large catalog for
 * benchmarks, inserted in batches inside transactions, with a progress bar.
 */
export default class CatalogGenerate extends BaseCommand {
  static commandName = 'catalog:generate'
  static description = 'Generate a large catalog (categories and products) for benchmarks'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How many products to add', default: 10_000 })
  declare products: number

  @flags.number({ description: 'How many leaf categories to spread them over', default: 40 })
  declare categories: number

  @flags.number({ description: 'Rows per INSERT statement', default: 1_000 })
  declare batchSize: number

  async run() {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { dbTimestamp } = await import('#services/db_time')

    if (!Number.isInteger(this.products) || this.products < 1) {
      this.logger.error('--products must be a positive integer')
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
    this.renderProgress(done, startedAt)
    while (done < this.products) {
      const size = Math.min(batchSize, this.products - done)
      const rows = Array.from({ length: size }, (_, offset) => {
        const n = done + offset + 1
        const name = `${ADJECTIVES[n % ADJECTIVES.length]} ${NOUNS[(n >> 3) % NOUNS.length]} ${n}`
        return {
          category_id: categoryIds[n % categoryIds.length],
          name,
          slug: `${name.toLowerCase().replaceAll(' ', '-')}-${tag}`,
          description: `${name}, generated for benchmarks (${tag}).`,
          price: 100 + ((n * 7919) % 99_900),
          stock: (n * 31) % 11 === 0 ? 0 : (n * 31) % 250,
          low_stock_threshold: 5,
          is_active: n % 20 !== 0,
          // One second apart, the last generated the newest (as a catalog
          // built over time; a single timestamp is not what lists meet).
          created_at: dbTimestamp(undefined, generatedAt.minus({ seconds: this.products - n })),
          updated_at: now,
        }
      })
      await db.transaction(async (trx) => {
        await insertRows(trx, 'products', rows)
      })
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
      await db.rawQuery('VACUUM ANALYZE categories')
    }

    const seconds = (Date.now() - startedAt) / 1000
    this.logger.success(
      `Added ${done} products in ${categoryIds.length} categories (tag ${tag}) in ${seconds.toFixed(1)} s`
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
