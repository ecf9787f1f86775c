import { BaseSchema } from '@adonisjs/lucid/schema'

const PAYMENT_STATUSES = [
  'unpaid',
  'authorized',
  'paid',
  'partially_refunded',
  'refunded',
  'failed',
  'expired',
]

/**
 * Taking the money (issue 20): the payment methods staff configure, a
 * payment state on every order (separate from fulfilment), one row per
 * payment attempt and per refund, and the provider events processed
 * exactly once (unique by provider and event id).
 *
 * `order_events` learns the `payment` type (from/to are payment states,
 * with the amount), and its state columns grow to 24 characters
 * (`partially_refunded`). On SQLite the table is rebuilt by hand to
 * change its CHECK (nothing references order_events, so nothing
 * cascades).
 *
 * Existing orders stay `unpaid` with no payment method: an order without a
 * method is paid outside the system, as before, and ships as before.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('payment_methods', (table) => {
      table.increments('id')
      /**
       * What checkout's `payment_method` names: lower case, digits, `-`, `_`.
       */
      table.string('code', 40).notNullable().unique()
      table.string('name', 120).notNullable()
      table.string('provider', 16).notNullable()
      /**
       * Cash on delivery: ships unpaid, paid when delivered.
       */
      table.boolean('pay_on_delivery').notNullable().defaultTo(false)
      /**
       * stripe: 'automatic' (charged at once) or 'manual' (authorized,
       * captured by staff).
       */
      table.string('capture', 16).notNullable().defaultTo('automatic')
      /**
       * An unpaid order expires this many minutes after checkout; null:
       * never.
       */
      table.integer('expires_after_minutes').nullable()
      /**
       * Shown to the customer (bank details for a transfer).
       */
      table.text('instructions').nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.integer('position').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.check("?? in ('manual', 'stripe')", ['provider'], 'payment_methods_provider_known')
      table.check("?? in ('automatic', 'manual')", ['capture'], 'payment_methods_capture_known')
      table.check(
        '?? is null or ?? > 0',
        ['expires_after_minutes', 'expires_after_minutes'],
        'payment_methods_expiry_positive'
      )
    })

    this.schema.alterTable('orders', (table) => {
      table.string('payment_status', 24).notNullable().defaultTo('unpaid')
      // No foreign key: knex would rebuild `orders` on SQLite to add one
      // (the snapshot columns below keep the method's name anyway).
      table.integer('payment_method_id').unsigned().nullable()
      table.string('payment_method_code', 40).nullable()
      table.string('payment_method_name', 120).nullable()
      table.string('payment_provider', 16).nullable()
      table.boolean('pay_on_delivery').notNullable().defaultTo(false)
      table.bigInteger('amount_paid').notNullable().defaultTo(0)
      table.bigInteger('amount_refunded').notNullable().defaultTo(0)
      table.timestamp('payment_expires_at', { useTz: true }).nullable()
      table.timestamp('paid_at', { useTz: true }).nullable()
      table.index(['payment_status', 'payment_expires_at'], 'orders_payment_expiry_index')
    })

    this.schema.createTable('payments', (table) => {
      table.increments('id')
      table
        .integer('order_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('orders')
        .onDelete('CASCADE')
      table
        .integer('method_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('payment_methods')
        .onDelete('SET NULL')
      table.string('provider', 16).notNullable()
      /**
       * The provider's id (a Stripe PaymentIntent `pi_...`); null for a
       * manual payment, or while the provider is being asked.
       */
      table.string('provider_ref', 255).nullable()
      /**
       * creating | requires_action | processing | authorized | succeeded |
       * failed | cancelled
       */
      table.string('status', 24).notNullable()
      table.bigInteger('amount').notNullable()
      table.string('currency', 3).notNullable()
      table.bigInteger('amount_received').notNullable().defaultTo(0)
      table.text('client_secret').nullable()
      /**
       * What staff typed when recording a manual payment (a transfer's
       * reference), or what the payment is for.
       */
      table.string('reference', 200).nullable()
      table
        .integer('actor_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.string('failure_message', 500).nullable()
      /**
       * The `created` time of the last provider event applied (older
       * events do not move the payment back).
       */
      table.bigInteger('last_event_created').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['provider', 'provider_ref'])
      table.index(['order_id'])
      table.check('?? > 0', ['amount'], 'payments_amount_positive')
    })

    this.schema.createTable('payment_refunds', (table) => {
      table.increments('id')
      table
        .integer('order_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('orders')
        .onDelete('CASCADE')
      table
        .integer('payment_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('payments')
        .onDelete('SET NULL')
      table.string('provider', 16).notNullable()
      table.string('provider_ref', 255).nullable()
      table.bigInteger('amount').notNullable()
      table.string('currency', 3).notNullable()
      /**
       * pending | succeeded | failed
       */
      table.string('status', 16).notNullable()
      table.string('reason', 500).nullable()
      table.string('reference', 200).nullable()
      /**
       * One refund per key and order: a double-click or a retried request
       * with the same key gets the refund it already made.
       */
      table.string('request_key', 100).notNullable()
      table
        .integer('actor_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.string('actor_role', 16).notNullable()
      table.string('failure_message', 500).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('completed_at', { useTz: true }).nullable()
      table.unique(['order_id', 'request_key'])
      table.index(['payment_id'])
      table.check('?? > 0', ['amount'], 'payment_refunds_amount_positive')
      table.check(
        "?? in ('pending', 'succeeded', 'failed')",
        ['status'],
        'payment_refunds_status_known'
      )
    })

    this.schema.createTable('payment_provider_events', (table) => {
      table.increments('id')
      table.string('provider', 16).notNullable()
      table.string('event_id', 255).notNullable()
      table.string('type', 80).notNullable()
      table
        .integer('order_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('orders')
        .onDelete('SET NULL')
      table
        .integer('payment_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('payments')
        .onDelete('SET NULL')
      /**
       * applied | ignored | refused | late
       */
      table.string('outcome', 16).notNullable()
      table.boolean('needs_attention').notNullable().defaultTo(false)
      table.string('message', 500).notNullable().defaultTo('')
      table.bigInteger('amount').nullable()
      table.string('currency', 3).nullable()
      table.timestamp('received_at', { useTz: true }).notNullable()
      table.timestamp('resolved_at', { useTz: true }).nullable()
      table
        .integer('resolved_by')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.unique(['provider', 'event_id'])
      table.index(['needs_attention', 'id'])
      table.index(['order_id'])
    })

    this.defer(async (db) => {
      const statuses = PAYMENT_STATUSES.map((status) => `'${status}'`).join(', ')
      if (db.dialect.name === 'postgres') {
        await db.rawQuery(
          `alter table orders add constraint orders_payment_status_known check (payment_status in (${statuses}))`
        )
        await db.rawQuery('alter table order_events drop constraint order_events_type_known')
        await db.rawQuery(
          "alter table order_events add constraint order_events_type_known check (type in ('status', 'low_stock', 'payment'))"
        )
        await db.rawQuery('alter table order_events alter column from_status type varchar(24)')
        await db.rawQuery('alter table order_events alter column to_status type varchar(24)')
        await db.rawQuery('alter table order_events add column amount bigint null')
        await db.rawQuery('alter table order_events add column note varchar(200) null')
        return
      }
      await rebuildOrderEvents(db, ['status', 'low_stock', 'payment'], true)
    })
  }

  async down() {
    this.defer(async (db) => {
      await db.from('order_events').where('type', 'payment').delete()
      if (db.dialect.name === 'postgres') {
        await db.rawQuery('alter table order_events drop column note')
        await db.rawQuery('alter table order_events drop column amount')
        await db.rawQuery('alter table order_events drop constraint order_events_type_known')
        await db.rawQuery(
          "alter table order_events add constraint order_events_type_known check (type in ('status', 'low_stock'))"
        )
        await db.rawQuery('alter table orders drop constraint orders_payment_status_known')
      } else {
        await rebuildOrderEvents(db, ['status', 'low_stock'], false)
      }
      await db.rawQuery('drop index if exists orders_payment_expiry_index')
      for (const name of [
        'payment_status',
        'payment_method_id',
        'payment_method_code',
        'payment_method_name',
        'payment_provider',
        'pay_on_delivery',
        'amount_paid',
        'amount_refunded',
        'payment_expires_at',
        'paid_at',
      ]) {
        // Plain DROP COLUMNs: knex would rebuild `orders` on SQLite, and
        // dropping the old table cascades to the rows pointing at it.
        await db.rawQuery(`alter table orders drop column ${name}`)
      }
    })
    this.schema.dropTable('payment_provider_events')
    this.schema.dropTable('payment_refunds')
    this.schema.dropTable('payments')
    this.defer(async (db) => {
      await db.rawQuery('drop table payment_methods')
    })
  }
}

/**
 * SQLite cannot change a CHECK in place: the table is created anew with
 * the new one, its rows copied, the old table dropped and the new one
 * renamed (nothing references order_events).
 */
async function rebuildOrderEvents(
  db: { rawQuery: (sql: string) => Promise<unknown> },
  types: string[],
  withPaymentColumns: boolean
) {
  const known = types.map((type) => `'${type}'`).join(', ')
  const extra = withPaymentColumns ? ', "amount" bigint null, "note" varchar(200) null' : ''
  await db.rawQuery(`create table "order_events_next" (
    "id" integer not null primary key autoincrement,
    "order_id" integer not null references "orders" ("id") on delete CASCADE,
    "user_id" integer not null references "users" ("id") on delete CASCADE,
    "type" varchar(16) not null default 'status',
    "from_status" varchar(24) null,
    "to_status" varchar(24) null,
    "actor_id" integer null references "users" ("id") on delete SET NULL,
    "actor_role" varchar(16) not null,
    "product_id" integer null references "products" ("id") on delete SET NULL,
    "stock" integer null,
    "created_at" datetime not null${extra},
    constraint "order_events_type_known" check ("type" in (${known}))
  )`)
  const columns =
    '"id", "order_id", "user_id", "type", "from_status", "to_status", "actor_id", "actor_role", "product_id", "stock", "created_at"'
  await db.rawQuery(
    `insert into "order_events_next" (${columns}) select ${columns} from "order_events"`
  )
  await db.rawQuery('drop table "order_events"')
  await db.rawQuery('alter table "order_events_next" rename to "order_events"')
  await db.rawQuery(
    'create index "order_events_order_id_id_index" on "order_events" ("order_id", "id")'
  )
  await db.rawQuery(
    'create index "order_events_user_id_id_index" on "order_events" ("user_id", "id")'
  )
  await db.rawQuery('create index "order_events_type_id_index" on "order_events" ("type", "id")')
}
