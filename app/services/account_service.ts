import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import hash from '@adonisjs/core/services/hash'
import { inject } from '@adonisjs/core'
import User from '#models/user'
import { ApiError } from '#exceptions/api_error'
import { AuthTokenService } from '#services/auth_token_service'
import type { TokenPair } from '#serializers/token_serializer'
import type { RateLimits } from '#config/rate_limits'
import { RateLimiter } from '#services/rate_limiter'
import { LoginThrottle } from '#services/login_throttle'
import { queueMail } from '#services/mail_outbox'

export interface AddressInput {
  line1?: string | null
  line2?: string | null
  city?: string | null
  postal_code?: string | null
  country?: string | null
}

export interface ProfileInput {
  email?: string
  full_name?: string | null
  phone?: string | null
  address?: AddressInput
}

export interface RegisterInput extends ProfileInput {
  email: string
  password: string
}

export interface AuthResult {
  user: User
  tokens: TokenPair
}

const INVALID_CREDENTIALS = 'Invalid email or password'

function limits(): RateLimits {
  return app.config.get<RateLimits>('rate_limits')
}

/**
 * Accounts: registration, sign-in (rate limited, see LoginThrottle),
 * profile and password changes.
 */
@inject()
export class AccountService {
  constructor(protected tokens: AuthTokenService) {}

  async register(input: RegisterInput, ip: string): Promise<AuthResult> {
    await this.guardRegistration(input.email, ip)
    return db.transaction(async (trx) => {
      const user = new User()
      user.useTransaction(trx)
      user.merge({ email: input.email, password: input.password, role: 'customer' })
      this.applyProfile(user, input)
      await user.save()
      const tokens = await this.tokens.issue(user, undefined, trx)
      return { user, tokens }
    })
  }

  /**
   * One generic 401 for an unknown email and a wrong password, with the
   * same work done in both cases (a fake hash check for unknown emails).
   * Each attempt is counted before its password is checked (LoginThrottle,
   * shared with the panel's sign-in): past the budget the answer is 429
   * with Retry-After, even for the right password, and no hash is checked.
   * `email` is in canonical form (`#domain/email`).
   */
  async login(email: string, password: string, ip: string): Promise<AuthResult> {
    const user = await LoginThrottle.attempt(email, ip, () =>
      this.verifyCredentials(email, password)
    )
    if (!user) {
      throw new ApiError(401, 'E_INVALID_CREDENTIALS', INVALID_CREDENTIALS)
    }
    const tokens = await this.tokens.issue(user)
    return { user, tokens }
  }

  async updateProfile(user: User, input: ProfileInput): Promise<User> {
    if (input.email !== undefined) {
      user.email = input.email
    }
    this.applyProfile(user, input)
    await user.save()
    return user
  }

  /**
   * Needs the current password. Every refresh token of the user is revoked
   * (other devices are signed out) and a new pair is issued for this one.
   * The "password changed" e-mail is queued in the same transaction.
   */
  async changePassword(user: User, currentPassword: string, password: string): Promise<TokenPair> {
    const valid = await hash.verify(user.password, currentPassword)
    if (!valid) {
      throw ApiError.unprocessable('The current password is not correct', 'current_password')
    }
    return db.transaction(async (trx) => {
      user.useTransaction(trx)
      user.password = password
      await user.save()
      await this.tokens.revokeAllForUser(user.id, trx)
      await queueMail(trx, { kind: 'password_changed', userId: user.id })
      return this.tokens.issue(user, undefined, trx)
    })
  }

  protected async verifyCredentials(email: string, password: string): Promise<User | null> {
    try {
      return await User.verifyCredentials(email, password)
    } catch (error) {
      if ((error as { code?: string }).code === 'E_INVALID_CREDENTIALS') {
        return null
      }
      throw error
    }
  }

  protected async guardRegistration(email: string, ip: string) {
    const budget = limits()
    const attempts: Array<[number, string]> = [
      [budget.registerPerIpPerHour, `register_ip_${ip}`],
      [budget.registerPerEmailPerHour, `register_email_${email}`],
    ]
    for (const [requests, key] of attempts) {
      await RateLimiter.consume(key, { requests, duration: '1 hour' })
    }
  }

  protected applyProfile(user: User, input: ProfileInput) {
    if (input.full_name !== undefined) {
      user.fullName = input.full_name
    }
    if (input.phone !== undefined) {
      user.phone = input.phone
    }
    const address = input.address
    if (address) {
      if (address.line1 !== undefined) user.addressLine1 = address.line1
      if (address.line2 !== undefined) user.addressLine2 = address.line2
      if (address.city !== undefined) user.addressCity = address.city
      if (address.postal_code !== undefined) user.addressPostalCode = address.postal_code
      if (address.country !== undefined) user.addressCountry = address.country
    }
  }
}
