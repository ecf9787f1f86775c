import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Pricing a real order (issue 19): shipping zones and methods, tax rates,
 * promotions with their redemptions, and on every order the snapshot of
 * what it was charged (shipping, discounts, tax per rate), so that a later
 * change of a rate, a price or a promotion never changes a placed order.
 *
 * - `shipping_zones.countries` and the JSON columns are text holding JSON
 *   (the same on SQLite and PostgreSQL).
 * - Rates are basis points of a percent: 2000 is 20%, 750 is 7.5%.
 * - Existing orders keep their totals: no discount, shipping or tax.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('shipping_zones', (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      /**
       * ISO 3166-1 alpha-2 codes, a JSON array: ["DE","AT"].
       */
      table.text('countries').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('shipping_methods', (table) => {
      table.increments('id')
      table
        .integer('zone_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('shipping_zones')
        .onDelete('CASCADE')
      table.string('name', 120).notNullable()
      table.string('delivery_estimate', 120).notNullable().defaultTo('')
      /**
       * flat: `price`; free_over: `price` below `free_over`, 0 at or above;
       * weight: the first band whose `max_grams` holds the cart's weight.
       */
      table.string('rate_type', 16).notNullable()
      table.bigInteger('price').notNullable().defaultTo(0)
      table.bigInteger('free_over').nullable()
      /**
       * JSON: [{ "max_grams": 1000, "price": 490 }, ...], ascending.
       */
      table.text('weight_bands').notNullable().defaultTo('[]')
      table.boolean('is_active').notNullable().defaultTo(true)
      table.integer('position').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['zone_id'])
      table.check(
        "?? in ('flat', 'free_over', 'weight')",
        ['rate_type'],
        'shipping_methods_rate_type_known'
      )
      table.check('?? >= 0', ['price'], 'shipping_methods_price_non_negative')
    })

    this.schema.createTable('tax_rates', (table) => {
      table.increments('id')
      table.string('country', 2).notNullable()
      table.string('tax_class', 40).notNullable().defaultTo('standard')
      table.string('name', 120).notNullable()
      table.integer('rate_bp').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['country', 'tax_class'])
      table.check('?? >= 0 and ?? <= 100000', ['rate_bp', 'rate_bp'], 'tax_rates_rate_in_range')
    })

    this.schema.createTable('promotions', (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      /**
       * Upper case; null for an automatic promotion.
       */
      table.string('code', 40).nullable().unique()
      table.boolean('is_active').notNullable().defaultTo(true)
      /**
       * percentage (value: basis points), fixed (value: minor units) or
       * free_shipping (no value).
       */
      table.string('effect', 16).notNullable()
      table.bigInteger('value').notNullable().defaultTo(0)
      /**
       * order, or lines (those matching product_ids, category_ids or
       * variant_ids, JSON arrays).
       */
      table.string('target', 8).notNullable().defaultTo('order')
      table.text('product_ids').notNullable().defaultTo('[]')
      table.text('category_ids').notNullable().defaultTo('[]')
      table.text('variant_ids').notNullable().defaultTo('[]')
      table.bigInteger('min_subtotal').nullable()
      table.boolean('first_order_only').notNullable().defaultTo(false)
      table.timestamp('starts_at', { useTz: true }).nullable()
      table.timestamp('ends_at', { useTz: true }).nullable()
      table.integer('usage_limit').nullable()
      table.integer('per_customer_limit').nullable()
      /**
       * Uses counted against `usage_limit`, in the checkout's transaction.
       */
      table.integer('times_used').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.check(
        "?? in ('percentage', 'fixed', 'free_shipping')",
        ['effect'],
        'promotions_effect_known'
      )
      table.check("?? in ('order', 'lines')", ['target'], 'promotions_target_known')
      table.check('?? >= 0', ['times_used'], 'promotions_times_used_non_negative')
      table.check(
        '?? is null or ?? <= ??',
        ['usage_limit', 'times_used', 'usage_limit'],
        'promotions_within_usage_limit'
      )
    })

    this.schema.createTable('promotion_redemptions', (table) => {
      table.increments('id')
      table
        .integer('promotion_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('promotions')
        .onDelete('CASCADE')
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table
        .integer('order_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('orders')
        .onDelete('CASCADE')
      table.bigInteger('amount').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['promotion_id', 'user_id'])
      table.index(['order_id'])
      table.index(['user_id'])
    })

    this.schema.alterTable('products', (table) => {
      table.string('tax_class', 40).notNullable().defaultTo('standard')
    })

    this.schema.alterTable('shop_settings', (table) => {
      table.boolean('prices_include_tax').notNullable().defaultTo(false)
    })

    this.schema.alterTable('orders', (table) => {
      table.bigInteger('discount_total').notNullable().defaultTo(0)
      table.bigInteger('shipping_total').notNullable().defaultTo(0)
      table.bigInteger('tax_total').notNullable().defaultTo(0)
      table.boolean('prices_include_tax').notNullable().defaultTo(false)
      table.integer('shipping_method_id').unsigned().nullable()
      table.string('shipping_method_name', 120).nullable()
      table.string('coupon_code', 40).nullable()
      /**
       * JSON snapshot: { discounts: [...], taxes: [...], shipping: {...} }
       * as charged (see #domain/pricing).
       */
      table.text('pricing').nullable()
    })

    this.schema.alterTable('order_items', (table) => {
      table.bigInteger('discount_total').notNullable().defaultTo(0)
      table.bigInteger('tax_total').notNullable().defaultTo(0)
      table.integer('tax_rate_bp').notNullable().defaultTo(0)
    })
  }

  async down() {
    // Plain DROP COLUMNs (SQLite 3.35+ too): knex would rebuild `orders`,
    // `products` and `order_items` on SQLite, and dropping the old table
    // inside the migration's transaction would cascade to the rows that
    // point at it (order lines, cart lines).
    const columns: Array<[string, string[]]> = [
      ['order_items', ['discount_total', 'tax_total', 'tax_rate_bp']],
      [
        'orders',
        [
          'discount_total',
          'shipping_total',
          'tax_total',
          'prices_include_tax',
          'shipping_method_id',
          'shipping_method_name',
          'coupon_code',
          'pricing',
        ],
      ],
      ['shop_settings', ['prices_include_tax']],
      ['products', ['tax_class']],
    ]
    this.defer(async (db) => {
      for (const [table, names] of columns) {
        for (const name of names) {
          await db.rawQuery(`alter table ${table} drop column ${name}`)
        }
      }
    })
    this.schema.dropTable('promotion_redemptions')
    this.schema.dropTable('promotions')
    this.schema.dropTable('tax_rates')
    this.schema.dropTable('shipping_methods')
    this.schema.dropTable('shipping_zones')
  }
}
