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
import { createHash } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { dbTimestamp } from '#services/db_time'
import { ApiError } from '#exceptions/api_error'

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
  /**
   * Prices entered with tax included (EU style) or without (US style).
   */
  pricesIncludeTax: boolean
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
  pricesIncludeTax?: boolean
}

const SETTINGS_ID = 1
const CACHE_KEY = 'shop:settings'

/**
 * The largest logo accepted: 512 KB.
 */
export const MAX_LOGO_BYTES = 512 * 1024

export interface ShopLogo {
  contentType: 'image/png' | 'image/jpeg'
  sha256: string
  data: Buffer
}

export type ShopLogoVersion = Omit<ShopLogo, 'data'>

/**
 * The image type of `bytes` by their first bytes (never by the name or
 * the type the browser claims): PNG or JPEG, else null. SVG is refused
 * (it can carry scripts), as is everything else.
 */
export function logoContentType(bytes: Buffer): ShopLogo['contentType'] | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'image/png'
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg'
  }
  return null
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

/**
 * Whether a PNG is whole and simple enough to print: chunks intact, an
 * 8-bit, non-interlaced image of at most 4096 x 4096 pixels whose pixel
 * data inflates to exactly its size. (The PDF library decodes a PNG with
 * transparency in a callback that would throw outside any request on
 * corrupt data, so a logo is checked before it is stored.)
 */
function isPrintablePng(bytes: Buffer): boolean {
  let offset = 8
  let header = { width: 0, height: 0, depth: 0, type: -1, interlace: 0 }
  const data: Buffer[] = []
  let ended = false
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    if (offset + 12 + length > bytes.length) return false
    const body = bytes.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      if (length !== 13) return false
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8],
        type: body[9],
        interlace: body[12],
      }
    } else if (type === 'IDAT') {
      data.push(body)
    } else if (type === 'IEND') {
      ended = true
      break
    }
    offset += 12 + length
  }
  const channels = PNG_CHANNELS[header.type]
  if (
    !ended ||
    !channels ||
    header.depth !== 8 ||
    header.interlace !== 0 ||
    header.width < 1 ||
    header.height < 1 ||
    header.width > 4096 ||
    header.height > 4096
  ) {
    return false
  }
  try {
    const pixels = inflateSync(Buffer.concat(data))
    return pixels.length === header.height * (1 + header.width * channels)
  } catch {
    return false
  }
}

/**
 * Whether the PDF library reads the image (it parses a JPEG's markers and
 * a PNG's header when it opens one).
 */
async function opensInPdf(bytes: Buffer): Promise<boolean> {
  const { default: PDFDocument } = await import('pdfkit')
  try {
    // openImage is in pdfkit's API, not in its type definitions.
    const doc = new PDFDocument({ size: [10, 10] }) as unknown as {
      openImage: (source: Buffer) => unknown
    }
    doc.openImage(bytes)
    return true
  } catch {
    return false
  }
}
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
  'pricesIncludeTax',
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
    pricesIncludeTax: row.pricesIncludeTax,
  }
}

/**
 * The shop's settings as the container's service reads them (cached);
 * `client`: the caller's transaction, read on a cache miss.
 */
export async function currentShopSettings(client?: QueryClientContract): Promise<ShopSettings> {
  const service = await app.container.make(ShopSettingsService)
  return service.get(client)
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
  /**
   * `client`: the caller's transaction, read on a cache miss (a checkout
   * asks for the currency inside its transaction; SQLite has one
   * connection).
   */
  async get(client?: QueryClientContract): Promise<ShopSettings> {
    return cache.getOrSet({
      key: CACHE_KEY,
      tags: [SHOP_SETTINGS_TAG],
      factory: async () => present(await this.row(client)),
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
          row.merge({ [field]: value })
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

  /**
   * The logo's type and version (the SHA-256 of its bytes), or null when
   * none was uploaded: one primary-key read without the bytes (the panel
   * asks on every page for its sidebar).
   */
  async logoVersion(): Promise<ShopLogoVersion | null> {
    const row = await db
      .from('shop_assets')
      .where('name', 'logo')
      .select('content_type', 'sha256')
      .first()
    return row ? { contentType: row.content_type, sha256: row.sha256 } : null
  }

  /**
   * The uploaded logo with its bytes, or null.
   */
  async logo(): Promise<ShopLogo | null> {
    const row = await db.from('shop_assets').where('name', 'logo').first()
    if (!row) {
      return null
    }
    return {
      contentType: row.content_type,
      sha256: row.sha256,
      data: Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data),
    }
  }

  /**
   * Stores a new logo (replacing the old one): a PNG or JPEG by its magic
   * bytes, at most MAX_LOGO_BYTES; anything else is a 422 naming the rule.
   * Audited in the same transaction; the cached version is cleared once
   * it commits.
   */
  async setLogo(bytes: Buffer, actor: StaffActor | null): Promise<ShopLogoVersion> {
    if (bytes.length === 0) {
      throw ApiError.unprocessable('The logo file is empty', 'logo')
    }
    if (bytes.length > MAX_LOGO_BYTES) {
      throw ApiError.unprocessable(
        `The logo must be at most 512 KB (this file is ${Math.ceil(bytes.length / 1024)} KB)`,
        'logo'
      )
    }
    const contentType = logoContentType(bytes)
    if (!contentType) {
      throw ApiError.unprocessable(
        'The logo must be a PNG or JPEG image (SVG and other formats are refused)',
        'logo'
      )
    }
    if ((contentType === 'image/png' && !isPrintablePng(bytes)) || !(await opensInPdf(bytes))) {
      throw ApiError.unprocessable(
        'The logo could not be read: use an 8-bit, non-interlaced PNG or a JPEG of at most 4096 x 4096 pixels',
        'logo'
      )
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    await db.transaction(async (trx) => {
      const row = { content_type: contentType, data: bytes, sha256, updated_at: dbTimestamp(trx) }
      const updated = await trx.from('shop_assets').where('name', 'logo').update(row)
      if (Number(Array.isArray(updated) ? updated[0] : updated) === 0) {
        await trx.table('shop_assets').insert({ name: 'logo', ...row })
      }
      await StaffAudit.record(
        actor,
        {
          action: 'update_logo',
          resource: 'shop_settings',
          recordId: SETTINGS_ID,
          changes: { logo: { contentType, bytes: bytes.length, sha256 } },
        },
        trx
      )
      await emitAfterCommit(trx, 'settings:changed', { id: SETTINGS_ID })
    })
    return { contentType, sha256 }
  }

  /**
   * Removes the logo (the panel shows the shop's name again), audited.
   */
  async removeLogo(actor: StaffActor | null): Promise<void> {
    await db.transaction(async (trx) => {
      const removed = await trx.from('shop_assets').where('name', 'logo').delete()
      if (Number(Array.isArray(removed) ? removed[0] : removed) > 0) {
        await StaffAudit.record(
          actor,
          {
            action: 'remove_logo',
            resource: 'shop_settings',
            recordId: SETTINGS_ID,
            changes: null,
          },
          trx
        )
        await emitAfterCommit(trx, 'settings:changed', { id: SETTINGS_ID })
      }
    })
  }
}
