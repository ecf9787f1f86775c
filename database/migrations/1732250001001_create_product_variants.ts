import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Options, variants and the stock ledger (issue 17).
 *
 * A product has options (Size: S, M, L) and variants, one per combination
 * sold, each with its own SKU, price, stock and threshold. The product
 * keeps summary columns, written in the transaction of every variant
 * change (ProductSummary): `price` is the lowest and `max_price` the
 * highest price of its active variants, `stock` the sum of their stock,
 * so the catalog's filters and sorts stay on indexed product columns.
 *
 * Every stock movement is a `stock_movements` row written with the change:
 * a variant's stock is always the sum of its movements.
 *
 * The data moves here: every product gets one default variant with its
 * price, stock and threshold (SKU `P-<id>`), an opening `initial` movement
 * for its stock, and every cart and order line points at that variant
 * (the order line also keeps the SKU). No price or quantity changes.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('product_options', (table) => {
      table.increments('id').notNullable()
      table
        .integer('product_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('products')
        .onDelete('CASCADE')
      table.string('name', 60).notNullable()
      table.integer('position').notNullable().defaultTo(0)
      /**
       * The option's values in display order, as a JSON array of strings.
       */
      table.text('values').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['product_id', 'name'])
    })

    this.schema.createTable('product_variants', (table) => {
      table.increments('id').notNullable()
      table
        .integer('product_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('products')
        .onDelete('CASCADE')
      table.string('sku', 64).notNullable().unique()
      /**
       * "M / red", or "Default" for a product without options.
       */
      table.string('title', 200).notNullable()
      /**
       * One value per option of the product, in the options' order, as a
       * JSON array of strings (`[]` without options); unique per product.
       */
      table.string('option_values', 500).notNullable().defaultTo('[]')
      table.bigInteger('price').notNullable()
      table.bigInteger('compare_at_price').nullable()
      table.integer('stock').notNullable().defaultTo(0)
      table.integer('low_stock_threshold').notNullable().defaultTo(5)
      table.integer('weight_grams').nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.integer('position').notNullable().defaultTo(0)
      table
        .integer('image_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('product_images')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()

      table.unique(['product_id', 'option_values'])
      table.index(['product_id', 'is_active', 'price'])
      table.check('?? >= 0', ['stock'], 'product_variants_stock_non_negative')
      table.check('?? > 0', ['price'], 'product_variants_price_positive')
      table.check(
        '?? >= 0',
        ['low_stock_threshold'],
        'product_variants_low_stock_threshold_non_negative'
      )
      table.check(
        '?? is null or ?? >= 0',
        ['weight_grams', 'weight_grams'],
        'product_variants_weight'
      )
    })

    this.schema.createTable('stock_movements', (table) => {
      table.bigIncrements('id').notNullable()
      table
        .integer('variant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('product_variants')
        .onDelete('CASCADE')
      table.integer('product_id').unsigned().notNullable()
      /**
       * Units in (positive) or out (negative).
       */
      table.integer('quantity').notNullable()
      table.string('reason', 16).notNullable()
      table
        .integer('order_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('orders')
        .onDelete('SET NULL')
      table
        .integer('user_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.string('note', 500).nullable()
      /**
       * The variant's stock once this movement was applied.
       */
      table.integer('stock_after').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()

      table.index(['variant_id', 'id'])
      table.index(['order_id'])
      table.check('?? <> 0', ['quantity'], 'stock_movements_quantity_not_zero')
      table.check(
        "?? in ('initial', 'sale', 'cancellation', 'adjustment', 'import', 'return')",
        ['reason'],
        'stock_movements_reason_known'
      )
    })

    this.schema.alterTable('products', (table) => {
      table.bigInteger('max_price').nullable()
    })
    this.schema.alterTable('cart_items', (table) => {
      table
        .integer('variant_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('product_variants')
        .onDelete('CASCADE')
    })
    this.schema.alterTable('order_items', (table) => {
      table
        .integer('variant_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('product_variants')
        .onDelete('RESTRICT')
      table.string('sku', 64).nullable()
      table.string('variant_title', 200).nullable()
    })

    this.defer(async (db) => {
      const truthy = db.dialect.name === 'postgres' ? 'true' : '1'
      await db.rawQuery(
        `insert into product_variants
          (product_id, sku, title, option_values, price, stock, low_stock_threshold, is_active, position, created_at, updated_at)
         select id, 'P-' || id, 'Default', '[]', price, stock, low_stock_threshold, ${truthy}, 0, created_at, updated_at
         from products`
      )
      await db.rawQuery(
        `insert into stock_movements (variant_id, product_id, quantity, reason, note, stock_after, created_at)
         select id, product_id, stock, 'initial', 'Opening balance (variants introduced)', stock, updated_at
         from product_variants where stock > 0`
      )
      await db.rawQuery('update products set max_price = price')
      await db.rawQuery(
        `update cart_items set variant_id =
          (select v.id from product_variants v where v.product_id = cart_items.product_id)`
      )
      await db.rawQuery(
        `update order_items set
          variant_id = (select v.id from product_variants v where v.product_id = order_items.product_id),
          sku = (select v.sku from product_variants v where v.product_id = order_items.product_id),
          variant_title = 'Default'`
      )
      if (db.dialect.name === 'postgres') {
        await db.rawQuery(
          'alter table products alter column max_price set not null; ' +
            'alter table cart_items alter column variant_id set not null; ' +
            'alter table order_items alter column variant_id set not null, alter column sku set not null, alter column variant_title set not null'
        )
      }
    })

    /**
     * One line per variant now. The old one-line-per-product keys go
     * (after a down step they are plain indexes; either is dropped).
     */
    this.defer(async (db) => {
      for (const [table, key] of [
        ['cart_items', 'cart_items_cart_id_product_id_unique'],
        ['order_items', 'order_items_order_id_product_id_unique'],
      ]) {
        if (db.dialect.name === 'postgres') {
          await db.rawQuery(`alter table ${table} drop constraint if exists ${key}`)
        }
        await db.rawQuery(`drop index if exists ${key}`)
      }
    })
    this.schema.alterTable('cart_items', (table) => {
      table.unique(['cart_id', 'variant_id'])
      table.index(['variant_id'])
    })
    this.schema.alterTable('order_items', (table) => {
      table.unique(['order_id', 'variant_id'])
      table.index(['variant_id'])
    })
    this.schema.alterTable('products', (table) => {
      table.index(['is_active', 'max_price'])
    })
  }

  async down() {
    this.schema.alterTable('products', (table) => {
      table.dropIndex(['is_active', 'max_price'])
    })
    /**
     * The old one-line-per-product unique keys are not put back: an order
     * or a cart may now hold several variants of one product, and going
     * down must not fail on them: plain indexes (under the old names) take
     * their place.
     */
    this.schema.alterTable('order_items', (table) => {
      table.dropIndex(['variant_id'])
      table.dropUnique(['order_id', 'variant_id'])
      table.index(['order_id', 'product_id'], 'order_items_order_id_product_id_unique')
    })
    this.schema.alterTable('cart_items', (table) => {
      table.dropIndex(['variant_id'])
      table.dropUnique(['cart_id', 'variant_id'])
      table.index(['cart_id', 'product_id'], 'cart_items_cart_id_product_id_unique')
    })
    this.schema.alterTable('order_items', (table) => {
      table.dropForeign(['variant_id'])
      table.dropColumns('variant_id', 'sku', 'variant_title')
    })
    this.schema.alterTable('cart_items', (table) => {
      table.dropForeign(['variant_id'])
      table.dropColumn('variant_id')
    })
    // A plain DROP COLUMN (SQLite 3.35+): knex would rebuild `products` on
    // SQLite, which the order lines' foreign keys refuse.
    this.defer(async (db) => {
      await db.rawQuery('alter table products drop column max_price')
    })
    this.schema.dropTable('stock_movements')
    this.schema.dropTable('product_variants')
    this.schema.dropTable('product_options')
  }
}
