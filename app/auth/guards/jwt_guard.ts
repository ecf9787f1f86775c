import { symbols, errors } from '@adonisjs/auth'
import type { HttpContext } from '@adonisjs/core/http'
import type { AuthClientResponse, GuardContract } from '@adonisjs/auth/types'
import type User from '#models/user'
import { AccessDenyList } from '#auth/access_deny_list'
import { AuthenticationError } from '#auth/auth_errors'
import type { JwtSigner } from '#auth/jwt'

/**
 * The JWT guard for @adonisjs/auth: reads `Authorization: Bearer <jwt>`,
 * verifies it and loads the user, unless the token was denied (its
 * session ended by logout or a password change). Every failure is a 401
 * naming its cause (`AuthenticationError`: E_TOKEN_MISSING,
 * E_TOKEN_INVALID, E_TOKEN_EXPIRED, E_TOKEN_REVOKED), kept in `failure`
 * for the auth middleware, which receives only a yes/no from
 * `authenticateUsing`; a database outage stays a 503.
 */
export class JwtGuard implements GuardContract<User> {
  declare [symbols.GUARD_KNOWN_EVENTS]: {}

  readonly driverName = 'jwt' as const

  authenticationAttempted = false
  isAuthenticated = false
  user?: User
  /**
   * Why the last authentication failed.
   */
  failure?: AuthenticationError

  readonly #ctx: HttpContext
  readonly #signer: JwtSigner

  constructor(ctx: HttpContext, signer: JwtSigner) {
    this.#ctx = ctx
    this.#signer = signer
  }

  #fail(error: AuthenticationError): never {
    this.failure = error
    throw error
  }

  /**
   * The token of an `Authorization: Bearer <token>` header; undefined
   * without the header, null when it is there but is not a bearer token.
   */
  #bearerToken(): string | null | undefined {
    const header = this.#ctx.request.header('authorization')
    if (!header?.trim()) {
      return undefined
    }
    const [type, token, extra] = header.trim().split(/\s+/)
    if (type?.toLowerCase() !== 'bearer' || !token || extra !== undefined) {
      return null
    }
    return token
  }

  /**
   * Whether the request carries an Authorization header at all.
   */
  hasCredentials(): boolean {
    return this.#bearerToken() !== undefined
  }

  getUserOrFail(): User {
    if (!this.user) {
      throw this.failure ?? new AuthenticationError('E_TOKEN_MISSING')
    }
    return this.user
  }

  async authenticate(): Promise<User> {
    if (this.authenticationAttempted) {
      return this.getUserOrFail()
    }
    this.authenticationAttempted = true

    const token = this.#bearerToken()
    if (token === undefined) {
      this.#fail(new AuthenticationError('E_TOKEN_MISSING'))
    }
    if (token === null) {
      this.#fail(
        new AuthenticationError(
          'E_TOKEN_INVALID',
          'The Authorization header is not `Bearer <access_token>`'
        )
      )
    }

    let subject: number
    let tokenKey: string
    try {
      const claims = await this.#signer.verify(token)
      subject = Number(claims.sub)
      tokenKey = claims.sid ?? claims.jti
    } catch (error) {
      this.#fail(
        new AuthenticationError(
          (error as { code?: unknown }).code === 'ERR_JWT_EXPIRED'
            ? 'E_TOKEN_EXPIRED'
            : 'E_TOKEN_INVALID'
        )
      )
    }

    /**
     * The user, unless the token's session was ended (logout, password
     * change): one lookup, see AccessDenyList.
     */
    const { user, denied } = await AccessDenyList.findUser(subject, tokenKey)
    if (denied) {
      this.#fail(new AuthenticationError('E_TOKEN_REVOKED'))
    }
    if (!user) {
      this.#fail(
        new AuthenticationError(
          'E_TOKEN_INVALID',
          'The account of this access token no longer exists: sign in again'
        )
      )
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
      if (error instanceof AuthenticationError || error instanceof errors.E_UNAUTHORIZED_ACCESS) {
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
