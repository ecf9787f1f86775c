import app from '@adonisjs/core/services/app'
import cache from '@adonisjs/cache/services/main'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import ShopSetting from '#models/shop_setting'
import type { OrdersConfig, PostalAddress } from '#config/orders'
import type { CatalogConfig } from '#config/catalog'
import { shopSettingsValidator } from '#validators/settings'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import { emitAfterCommit } from '#events/after_commit'
import { dbTimestamp } from '#services/db_time'

/**
 * The shop's identity as invoices print it.
 */
export interface ShopSettings {
  name: string
  address: PostalAddress
  email: string
  /**
   * ISO 4217, three capital letters.
   */
  currency: string
  invoiceFooter: string
}

export interface ShopSettingsInput {
  name?: string
  addressLines?: string
  postalCode?: string
  city?: string
  country?: string
  email?: string
  currency?: string
  invoiceFooter?: string
}

const SETTINGS_ID = 1
const CACHE_KEY = 'shop:settings'
export const SHOP_SETTINGS_TAG = 'shop:settings'

/**
 * The editable fields, as the model and the validator name them (the
 * panel's form uses the same list).
 */
export const SETTINGS_FIELDS = [
  'name',
  'addressLines',
  'postalCode',
  'city',
  'country',
  'email',
  'currency',
  'invoiceFooter',
] as const

/**
 * The row a new database starts with: the env values (config/orders.ts,
 * config/catalog.ts).
 */
export function shopSettingsDefaults() {
  const { shop } = app.config.get<OrdersConfig>('orders')
  const { currency } = app.config.get<CatalogConfig>('catalog')
  return {
    id: SETTINGS_ID,
    name: shop.name,
    address_lines: shop.address.lines.join('\n'),
    postal_code: shop.address.postalCode,
    city: shop.address.city,
    country: shop.address.country,
    email: shop.email,
    currency,
    invoice_footer: '',
  }
}

function present(row: ShopSetting): ShopSettings {
  return {
    name: row.name,
    address: {
      lines: row.addressLines
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
      postalCode: row.postalCode,
      city: row.city,
      country: row.country,
    },
    email: row.email,
    currency: row.currency,
    invoiceFooter: row.invoiceFooter,
  }
}

/**
 * Drops the cached settings on every instance (the cache's bus carries the
 * tag). Called by the `settings:changed` listener once a change committed.
 */
export async function clearShopSettingsCache() {
  try {
    await cache.deleteByTag({ tags: [SHOP_SETTINGS_TAG] })
  } catch (error) {
    logger.warn({ err: error }, 'shop settings cache invalidation could not reach every layer')
  }
}

/**
 * The shop's settings (one row, id 1), stored in the database and editable
 * by admins in the panel (issue 16, item 4). A database without the row
 * gets it from the env values on first read. Reads are cached (memory,
 * plus Redis when configured) and cleared by tag once a change commits.
 */
export class ShopSettingsService {
  async get(): Promise<ShopSettings> {
    return cache.getOrSet({
      key: CACHE_KEY,
      tags: [SHOP_SETTINGS_TAG],
      factory: async () => present(await this.row()),
    })
  }

  /**
   * The row, created from the defaults when missing (concurrent first
   * reads insert once).
   */
  async row(client: QueryClientContract = db.connection()): Promise<ShopSetting> {
    const existing = await ShopSetting.find(SETTINGS_ID, { client })
    if (existing) {
      return existing
    }
    const row = { ...shopSettingsDefaults(), updated_at: dbTimestamp(client) }
    const columns = Object.keys(row)
    await client.rawQuery(
      `INSERT INTO shop_settings (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
      Object.values(row)
    )
    return ShopSetting.findOrFail(SETTINGS_ID, { client })
  }

  /**
   * Validates and stores a change (what is sent replaces what is stored),
   * audited in the same transaction; the cached copies are cleared once
   * it commits. Throws the validator's error (422) when a field is wrong:
   * nothing is stored then.
   */
  async update(input: Record<string, unknown>, actor: StaffActor | null): Promise<ShopSettings> {
    const data = (await shopSettingsValidator.validate(input)) as ShopSettingsInput
    return db.transaction(async (trx) => {
      const row = await this.row(trx)
      if (trx.dialect.name === 'postgres') {
        await trx.from('shop_settings').where('id', SETTINGS_ID).forUpdate().first()
        await row.refresh()
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {}
      for (const field of SETTINGS_FIELDS) {
        const value = data[field]
        if (value !== undefined && value !== row[field]) {
          changes[field] = { from: row[field], to: value }
          row[field] = value
        }
      }
      if (Object.keys(changes).length > 0) {
        row.useTransaction(trx)
        await row.save()
        await StaffAudit.record(
          actor,
          { action: 'update', resource: 'shop_settings', recordId: SETTINGS_ID, changes },
          trx
        )
        await emitAfterCommit(trx, 'settings:changed', { id: SETTINGS_ID })
      }
      return present(row)
    })
  }
}
