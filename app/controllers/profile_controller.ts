import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { AccountService } from '#services/account_service'
import { changePasswordValidator, updateProfileValidator } from '#validators/account'
import { serializeUserProfile } from '#serializers/user_serializer'

@inject()
export default class ProfileController {
  constructor(protected accounts: AccountService) {}

  /**
   * GET /api/v1/me
   */
  async show({ auth, response }: HttpContext) {
    const user = auth.getUserOrFail()
    return response.ok({ data: serializeUserProfile(user) })
  }

  /**
   * PATCH /api/v1/me
   */
  async update({ auth, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const input = await request.validateUsing(updateProfileValidator, {
      meta: { userId: user.id },
    })
    await this.accounts.updateProfile(user, input)
    return response.ok({ data: serializeUserProfile(user) })
  }

  /**
   * PUT /api/v1/me/password
   */
  async updatePassword({ auth, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const input = await request.validateUsing(changePasswordValidator, {
      meta: { email: user.email },
    })
    const tokens = await this.accounts.changePassword(user, input.current_password, input.password)
    return response.ok({ data: { tokens } })
  }
}
