import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Product from '#models/product'
import ProductImage from '#models/product_image'
import { ApiError } from '#exceptions/api_error'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import { ACCEPTED_IMAGE_TYPES, contentTypeOfExtension, sniffImageType } from '#domain/image_type'
import { imageUploads } from '#config/drive'

/**
 * Stored files live under this prefix of the disk, named by 128 random
 * bits and the extension of the type read from their bytes: a key is
 * never reused, so what is served under it never changes (cached for a
 * year, immutable).
 */
const KEY_PREFIX = 'product-images/'
const FILE_NAME = /^[0-9a-f]{32}\.(?:jpg|png|webp)$/

/**
 * Answers for a year, never revalidated: the name is unique to the bytes.
 */
export const IMAGE_CACHE_CONTROL = 'public, max-age=31536000, immutable'

export interface ImageUploadInput {
  alt?: string | null
  position?: number
}

export interface ImageUpdateInput {
  alt?: string | null
  position?: number
}

export interface StoredImageFile {
  contentType: string
  size: number
  stream: Readable
}

/**
 * The files of stored images on the drive disk (local directory or S3
 * bucket, config/drive.ts).
 */
export const ProductImageFiles = {
  /**
   * The disk key of a served name (`<32 hex>.<ext>`), or null for
   * anything else: no path separator or dot segment can reach the disk.
   */
  keyOf(name: string): string | null {
    return FILE_NAME.test(name) ? `${KEY_PREFIX}${name}` : null
  },

  nameOf(key: string): string {
    return key.slice(KEY_PREFIX.length)
  },

  /**
   * The file served under `name`, or null when there is none.
   */
  async read(name: string): Promise<StoredImageFile | null> {
    const key = this.keyOf(name)
    if (!key) return null
    const disk = drive.use()
    let size: number
    try {
      const metadata = await disk.getMetaData(key)
      size = metadata.contentLength
    } catch (error) {
      if (!(await disk.exists(key))) return null
      throw error
    }
    const contentType = contentTypeOfExtension(name.slice(name.lastIndexOf('.') + 1))!
    return { contentType, size, stream: await disk.getStream(key) }
  },

  /**
   * The disk keys of a product's stored images (read in the transaction
   * that deletes the product, removed after it commits).
   */
  async keysOfProduct(productId: number, trx: TransactionClientContract): Promise<string[]> {
    const rows: Array<{ storage_key: string }> = await trx
      .from('product_images')
      .where('product_id', productId)
      .whereNotNull('storage_key')
      .select('storage_key')
    return rows.map((row) => row.storage_key)
  },

  /**
   * Removes files whose rows are gone (after the commit that removed
   * them). A file that cannot be removed is logged, never an error for
   * the change that already committed.
   */
  async remove(keys: Array<string | null>) {
    const disk = drive.use()
    for (const key of keys) {
      if (!key) continue
      try {
        await disk.delete(key)
      } catch (error) {
        logger.error({ err: error, key }, 'a product image file could not be removed')
      }
    }
  },
}

/**
 * Product images uploaded by staff through the API (issue 17, item 5):
 * the type is read from the bytes, the file is written to the disk under
 * a generated key, then the row and the audit entry in one transaction
 * (the image's hooks clear the product's caches after commit). Files of
 * removed rows are removed after the commit. Per product; attaching an
 * image to a variant comes with the variants.
 */
export class ProductImageService {
  async upload(productId: number, bytes: Buffer, input: ImageUploadInput, actor?: StaffActor) {
    const type = sniffImageType(bytes)
    if (!type) {
      throw ApiError.unprocessable(
        `The file must be a ${ACCEPTED_IMAGE_TYPES} image (its content is checked, not its name or declared type)`,
        'file'
      )
    }
    const key = `${KEY_PREFIX}${randomBytes(16).toString('hex')}.${type.extension}`
    const disk = drive.use()
    await disk.put(key, bytes, {
      contentType: type.contentType,
      cacheControl: IMAGE_CACHE_CONTROL,
    })
    const url = imageUploads.publicUrl
      ? await disk.getUrl(key)
      : `/images/${ProductImageFiles.nameOf(key)}`
    try {
      return await db.transaction(async (trx) => {
        await this.lockProduct(productId, trx)
        const image = new ProductImage()
        image.useTransaction(trx)
        image.merge({
          productId,
          url,
          alt: input.alt ?? null,
          position: input.position ?? (await this.nextPosition(productId, trx)),
          storageKey: key,
          contentType: type.contentType,
          size: bytes.length,
          width: type.width,
          height: type.height,
        })
        await image.save()
        await this.audit(actor, 'create', image.id, trx, {
          product_id: productId,
          url,
          content_type: type.contentType,
          size: bytes.length,
          alt: image.alt,
          position: image.position,
        })
        return image
      })
    } catch (error) {
      await ProductImageFiles.remove([key])
      throw error
    }
  }

  async update(productId: number, imageId: number, input: ImageUpdateInput, actor?: StaffActor) {
    return db.transaction(async (trx) => {
      const image = await this.findImage(productId, imageId, trx)
      const changes: Record<string, { from: unknown; to: unknown }> = {}
      if (input.alt !== undefined && input.alt !== image.alt) {
        changes.alt = { from: image.alt, to: input.alt }
        image.alt = input.alt
      }
      if (input.position !== undefined && input.position !== image.position) {
        changes.position = { from: image.position, to: input.position }
        image.position = input.position
      }
      if (Object.keys(changes).length) {
        await image.save()
        await this.audit(actor, 'update', image.id, trx, changes)
      }
      return image
    })
  }

  /**
   * The row goes in a transaction; its file after the commit.
   */
  async delete(productId: number, imageId: number, actor?: StaffActor) {
    const key = await db.transaction(async (trx) => {
      const image = await this.findImage(productId, imageId, trx)
      await image.delete()
      await this.audit(actor, 'delete', image.id, trx, { product_id: productId, url: image.url })
      return image.storageKey
    })
    await ProductImageFiles.remove([key])
  }

  protected async lockProduct(productId: number, trx: TransactionClientContract) {
    const product = await Product.query({ client: trx })
      .where('id', productId)
      .forUpdate()
      .select('id')
      .first()
    if (!product) {
      throw ApiError.notFound('Product not found')
    }
  }

  protected async nextPosition(productId: number, trx: TransactionClientContract) {
    const row = await trx
      .from('product_images')
      .where('product_id', productId)
      .max('position as last')
      .first()
    return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1
  }

  protected async findImage(productId: number, imageId: number, trx: TransactionClientContract) {
    const image = await ProductImage.query({ client: trx })
      .where('id', imageId)
      .where('product_id', productId)
      .first()
    if (!image) {
      throw ApiError.notFound('Image not found')
    }
    return image
  }

  protected async audit(
    actor: StaffActor | undefined,
    action: string,
    imageId: number,
    trx: TransactionClientContract,
    changes: Record<string, unknown>
  ) {
    if (actor) {
      await StaffAudit.record(
        actor,
        { action, resource: 'product_images', recordId: imageId, changes },
        trx
      )
    }
  }
}
