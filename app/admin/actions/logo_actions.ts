import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import {
  NotFoundError,
  type Action,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
} from 'adminjs'
import { panelActor } from '#admin/audit'
import { BRANDING_PATHS } from '#admin/branding'
import { ApiError } from '#exceptions/api_error'
import { MAX_LOGO_BYTES, ShopSettingsService } from '#services/shop_settings_service'

const settings = () => app.container.make(ShopSettingsService)

/**
 * An uploaded file as the panel's multipart parser leaves it
 * (#middleware/multipart_body_middleware): streamed to a temporary path.
 */
function uploadedFile(value: unknown): { tmpPath: string; size: number } | null {
  if (value && typeof value === 'object' && 'tmpPath' in value) {
    const file = value as { tmpPath?: unknown; size?: unknown }
    if (typeof file.tmpPath === 'string') {
      return { tmpPath: file.tmpPath, size: Number(file.size ?? 0) }
    }
  }
  return null
}

/**
 * "Logo" on the Settings page (admins): shows the current logo, uploads a
 * new one (field `logo`: PNG or JPEG by its bytes, at most 512 KB) or
 * removes it (`remove=true`), through ShopSettingsService (audited). A
 * refused file is a 422 in the error shape, naming the rule; nothing is
 * stored then.
 */
export const logoAction: Partial<Action<ActionResponse>> = {
  actionType: 'record',
  icon: 'Image',
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record
    if (!record) {
      throw new NotFoundError('The settings could not be found', 'Action#handler')
    }
    const service = await settings()
    let notice: { message: string; type: 'success' } | undefined
    if (request.method === 'post') {
      const payload = (request.payload ?? {}) as Record<string, unknown>
      if (payload.remove === 'true' || payload.remove === true) {
        await service.removeLogo(panelActor(context))
        notice = { message: 'The logo was removed', type: 'success' }
      } else {
        const file = uploadedFile(payload.logo)
        if (!file) {
          throw ApiError.unprocessable('Choose a PNG or JPEG file for the logo', 'logo')
        }
        if (file.size > MAX_LOGO_BYTES) {
          throw ApiError.unprocessable(
            `The logo must be at most 512 KB (this file is ${Math.ceil(file.size / 1024)} KB)`,
            'logo'
          )
        }
        await service.setLogo(await readFile(file.tmpPath), panelActor(context))
        notice = { message: 'The logo was saved', type: 'success' }
      }
    }
    const version = await service.logoVersion()
    const json = record.toJSON(context.currentAdmin)
    return {
      record: {
        ...json,
        params: {
          ...json.params,
          logoUrl: version ? `${BRANDING_PATHS.logo}?v=${version.sha256.slice(0, 16)}` : null,
        },
      },
      ...(notice ? { notice } : {}),
    }
  },
}
