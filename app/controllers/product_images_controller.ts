import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { ApiError } from '#exceptions/api_error'
import { CatalogService } from '#services/catalog_service'
import {
  IMAGE_CACHE_CONTROL,
  ProductImageFiles,
  ProductImageService,
} from '#services/product_image_service'
import { staffActorOf } from '#services/staff_audit'
import { catalogKey, productIdParam } from '#controllers/path_params'
import { serializeProductImage } from '#serializers/product_image_serializer'
import {
  UPLOAD_FORM_FIELDS,
  updateProductImageValidator,
  uploadProductImageValidator,
} from '#validators/product_images'
import { imageUploads } from '#config/drive'

const PRODUCT_NOT_FOUND = 'Product not found'
const IMAGE_NOT_FOUND = 'Image not found'

@inject()
export default class ProductImagesController {
  constructor(
    protected catalog: CatalogService,
    protected images: ProductImageService
  ) {}

  /**
   * POST /api/v1/products/{product}/images (staff): a multipart form, the
   * image in `file`, optionally `alt` and `position` (default: last).
   */
  async store(ctx: HttpContext) {
    const productId = await this.productId(ctx.params.product)
    const { bytes, fields } = await readUploadForm(ctx, imageUploads.maxBytes)
    const input = await uploadProductImageValidator.validate(fields)
    const image = await this.images.upload(productId, bytes, input, staffActorOf(ctx))
    return ctx.response.created({ data: serializeProductImage(image) })
  }

  /**
   * PATCH /api/v1/products/{product}/images/{image} (staff): alt, position.
   */
  async update(ctx: HttpContext) {
    const productId = await this.productId(ctx.params.product)
    const imageId = productIdParam(ctx.params.image, IMAGE_NOT_FOUND)
    const input = await ctx.request.validateUsing(updateProductImageValidator)
    const image = await this.images.update(productId, imageId, input, staffActorOf(ctx))
    return ctx.response.ok({ data: serializeProductImage(image) })
  }

  /**
   * DELETE /api/v1/products/{product}/images/{image} (staff): the file is
   * removed once the row's removal has committed.
   */
  async destroy(ctx: HttpContext) {
    const productId = await this.productId(ctx.params.product)
    const imageId = productIdParam(ctx.params.image, IMAGE_NOT_FOUND)
    await this.images.delete(productId, imageId, staffActorOf(ctx))
    return ctx.response.noContent()
  }

  /**
   * GET /images/{name}: a stored image, from the local disk or the bucket,
   * with its type, `nosniff` and a year of immutable caching (the name is
   * never reused). 404 for any other name.
   */
  async serve({ params, response }: HttpContext) {
    const file = await ProductImageFiles.read(String(params.name ?? ''))
    if (!file) {
      throw ApiError.notFound(IMAGE_NOT_FOUND)
    }
    response.header('Content-Type', file.contentType)
    response.header('Content-Length', String(file.size))
    response.header('Cache-Control', IMAGE_CACHE_CONTROL)
    response.header('X-Content-Type-Options', 'nosniff')
    response.header('Content-Security-Policy', "default-src 'none'; sandbox")
    response.stream(file.stream)
  }

  protected async productId(param: unknown): Promise<number> {
    const id = await this.catalog.productId(catalogKey(param, PRODUCT_NOT_FOUND))
    if (id === null) {
      throw ApiError.notFound(PRODUCT_NOT_FOUND)
    }
    return id
  }
}

const MULTIPART_ONLY =
  'Send the image as multipart/form-data: the file in the field "file", optionally "alt" and "position"'

/**
 * Reads the upload's multipart body (after the sign-in and staff checks:
 * nothing is read for anyone else). The file is kept in memory, at most
 * `maxBytes` of it: past that the upload stops with 413. One file, in
 * `file`; the other fields must be `alt` or `position`.
 */
async function readUploadForm(ctx: HttpContext, maxBytes: number) {
  const { request } = ctx
  const multipart = request.multipart
  if (!request.is(['multipart/form-data']) || !multipart || multipart.state !== 'idle') {
    throw new ApiError(415, 'E_UNSUPPORTED_MEDIA_TYPE', MULTIPART_ONLY)
  }
  const files: Array<{ field: string; bytes: Buffer }> = []
  multipart.onFile('*', {}, async (part, reportChunk) => {
    const chunks: Buffer[] = []
    let received = 0
    await new Promise<void>((resolve, reject) => {
      part.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received <= maxBytes) chunks.push(chunk)
        reportChunk(chunk)
      })
      part.on('end', resolve)
      part.on('error', reject)
    })
    files.push({ field: part.name, bytes: Buffer.concat(chunks) })
    return {}
  })
  try {
    await multipart.process({ limit: maxBytes })
  } catch (error) {
    throw uploadError(error, maxBytes)
  }

  const fields = request.body() as Record<string, unknown>
  const unknown = [
    ...Object.keys(fields).filter(
      (name) => !(UPLOAD_FORM_FIELDS as readonly string[]).includes(name)
    ),
    ...files.filter((file) => file.field !== 'file').map((file) => file.field),
  ]
  if (unknown.length) {
    const accepted = ['file', ...UPLOAD_FORM_FIELDS].join(', ')
    throw new ApiError(
      422,
      'E_VALIDATION_ERROR',
      `Unknown field: ${unknown[0]}`,
      unknown.map((field) => ({
        code: 'E_VALIDATION_ERROR',
        field,
        rule: 'unknownField',
        message: `The form field "${field}" is not accepted here (accepted: ${accepted})`,
      }))
    )
  }
  const sent = files.filter((file) => file.field === 'file')
  if (sent.length !== 1) {
    throw ApiError.unprocessable(
      sent.length
        ? 'Send one image per upload, in the field "file"'
        : 'The image is missing: send it in the form field "file"',
      'file'
    )
  }
  return { bytes: sent[0].bytes, fields }
}

function uploadError(error: unknown, maxBytes: number) {
  const { status, code } = (error ?? {}) as { status?: number; code?: string }
  if (status === 413 || code === 'E_REQUEST_ENTITY_TOO_LARGE') {
    const megabytes = Math.round((maxBytes / (1024 * 1024)) * 100) / 100
    return new ApiError(
      413,
      'E_BODY_TOO_LARGE',
      `The image is larger than the limit of ${maxBytes} bytes (${megabytes} MB)`
    )
  }
  if (status === 400 || code === 'E_INVALID_MULTIPART_REQUEST') {
    return new ApiError(400, 'E_MALFORMED_BODY', 'The multipart body is malformed or cut short')
  }
  return error
}
