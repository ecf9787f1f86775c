import type ProductImage from '#models/product_image'
import { dateTime, integer, nullable, object, string } from '#serializers/json_schema'
import { isoTimestamp } from '#serializers/timestamp'

/**
 * One product image as the image endpoints answer it: where it is shown
 * from, and for a stored image (uploaded) its type, size and pixel size,
 * read from its bytes. External images (a URL given by staff) have null
 * there. Product answers list the same images as `{ id, url, alt,
 * position }`.
 */
export function serializeProductImage(image: ProductImage) {
  return {
    id: image.id,
    product_id: image.productId,
    url: image.url,
    alt: image.alt,
    position: image.position,
    stored: image.storageKey !== null && image.storageKey !== undefined,
    content_type: image.contentType ?? null,
    size: image.size ?? null,
    width: image.width ?? null,
    height: image.height ?? null,
    created_at: isoTimestamp(image.createdAt),
    updated_at: isoTimestamp(image.updatedAt),
  }
}

export const productImageSchemas = {
  ProductImage: object({
    id: integer,
    product_id: integer,
    url: {
      ...string,
      description:
        "Where the image is shown from: /images/{name} on this server (or the bucket's public URL) for an uploaded image, the given URL otherwise.",
    },
    alt: nullable(string),
    position: { ...integer, description: "Order among the product's images, lowest first." },
    stored: {
      type: 'boolean',
      description: 'Uploaded and stored by the shop (its file is removed with it).',
    },
    content_type: nullable({ type: 'string', enum: ['image/jpeg', 'image/png', 'image/webp'] }),
    size: { ...nullable(integer), description: 'Bytes' },
    width: nullable(integer),
    height: nullable(integer),
    created_at: dateTime,
    updated_at: dateTime,
  }),
}
