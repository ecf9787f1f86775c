import { symbols, errors } from '@adonisjs/auth'
import type { HttpContext } from '@adonisjs/core/http'
import type { AuthClientResponse, GuardContract } from '@adonisjs/auth/types'
import type User from '#models/user'
import { AccessDenyList } from '#auth/access_deny_list'
import type { JwtSigner } from '#auth/jwt'

/**
 * The JWT guard for @adonisjs/auth: reads `Authorization: Bearer <jwt>`,
 * verifies it and loads the user, unless the token was denied (its
 * session ended by logout or a password change). Every failure is E_UNAUTHORIZED_ACCESS
 * (a 401 in the one error shape); a database outage stays a 503.
 */
export class JwtGuard implements GuardContract<User> {
  declare [symbols.GUARD_KNOWN_EVENTS]: {}

  readonly driverName = 'jwt' as const

  authenticationAttempted = false
  isAuthenticated = false
  user?: User

  readonly #ctx: HttpContext
  readonly #signer: JwtSigner

  constructor(ctx: HttpContext, signer: JwtSigner) {
    this.#ctx = ctx
    this.#signer = signer
  }

  #unauthorized() {
    return new errors.E_UNAUTHORIZED_ACCESS('Unauthorized access', {
      guardDriverName: this.driverName,
    })
  }

  #bearerToken(): string | null {
    const header = this.#ctx.request.header('authorization')
    if (!header) {
      return null
    }
    const [type, token, extra] = header.trim().split(/\s+/)
    if (type?.toLowerCase() !== 'bearer' || !token || extra !== undefined) {
      return null
    }
    return token
  }

  getUserOrFail(): User {
    if (!this.user) {
      throw this.#unauthorized()
    }
    return this.user
  }

  async authenticate(): Promise<User> {
    if (this.authenticationAttempted) {
      return this.getUserOrFail()
    }
    this.authenticationAttempted = true

    const token = this.#bearerToken()
    if (!token) {
      throw this.#unauthorized()
    }

    let subject: number
    let tokenKey: string
    try {
      const claims = await this.#signer.verify(token)
      subject = Number(claims.sub)
      tokenKey = claims.sid ?? claims.jti
    } catch {
      throw this.#unauthorized()
    }

    /**
     * The user, unless the token's session was ended (logout, password
     * change): one lookup, see AccessDenyList.
     */
    const user = await AccessDenyList.findUser(subject, tokenKey)
    if (!user) {
      throw this.#unauthorized()
    }

    this.user = user
    this.isAuthenticated = true
    return user
  }

  async check(): Promise<boolean> {
    try {
      await this.authenticate()
      return true
    } catch (error) {
      if (error instanceof errors.E_UNAUTHORIZED_ACCESS) {
        return false
      }
      throw error
    }
  }

  /**
   * Lets Japa's `loginAs(user)` send a real access token.
   */
  async authenticateAsClient(user: User): Promise<AuthClientResponse> {
    const token = await this.#signer.sign(user)
    return { headers: { authorization: `Bearer ${token.value}` } }
  }
}
