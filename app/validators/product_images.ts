import vine from '@vinejs/vine'
import { integer, queryInteger, text } from '#validators/rules'

/**
 * The text fields of an image upload (a multipart form: every value is a
 * string, so the position is plain decimal digits). The file itself,
 * in the `file` part, is checked by its bytes (#domain/image_type).
 */
export const uploadProductImageValidator = vine.compile(
  vine.object({
    alt: text().trim().maxLength(200).nullable().optional(),
    position: queryInteger().range([0, 10_000]).optional(),
  })
)

/**
 * PATCH of one image (JSON): its alt text and its position among the
 * product's images (lower first; reordering is setting positions).
 */
export const updateProductImageValidator = vine.compile(
  vine.object({
    alt: text().trim().maxLength(200).nullable().optional(),
    position: integer().range([0, 10_000]).optional(),
  })
)

/**
 * The form fields an upload reads, the file part aside.
 */
export const UPLOAD_FORM_FIELDS = ['alt', 'position'] as const
