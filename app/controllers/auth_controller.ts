import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { AccountService } from '#services/account_service'
import { AuthTokenService } from '#services/auth_token_service'
import { loginValidator, refreshTokenValidator, registerValidator } from '#validators/auth'
import { serializeUserProfile } from '#serializers/user_serializer'

@inject()
export default class AuthController {
  constructor(
    protected accounts: AccountService,
    protected tokens: AuthTokenService
  ) {}

  /**
   * POST /api/v1/auth/register
   */
  async register({ request, response }: HttpContext) {
    const { username, ...input } = await request.validateUsing(registerValidator)
    const { user, tokens } = await this.accounts.register(
      { ...input, full_name: input.full_name ?? username },
      request.ip()
    )
    return response.created({ data: { user: serializeUserProfile(user), tokens } })
  }

  /**
   * POST /api/v1/auth/login
   */
  async login({ request, response }: HttpContext) {
    const { email, password } = await request.validateUsing(loginValidator)
    const { user, tokens } = await this.accounts.login(email, password, request.ip())
    return response.ok({ data: { user: serializeUserProfile(user), tokens } })
  }

  /**
   * POST /api/v1/auth/refresh
   */
  async refresh({ request, response }: HttpContext) {
    const { refresh_token: refreshToken } = await request.validateUsing(refreshTokenValidator)
    const { user, tokens } = await this.tokens.rotate(refreshToken)
    return response.ok({ data: { user: serializeUserProfile(user), tokens } })
  }

  /**
   * POST /api/v1/auth/logout
   */
  async logout({ request, response }: HttpContext) {
    const { refresh_token: refreshToken } = await request.validateUsing(refreshTokenValidator)
    await this.tokens.revoke(refreshToken)
    return response.noContent()
  }
}
