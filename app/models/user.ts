import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import {
  BaseModel,
  afterUpdate,
  beforeSave,
  beforeUpdate,
  column,
  hasMany,
} from '@adonisjs/lucid/orm'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import RefreshToken from '#models/refresh_token'
import { normalizeEmail } from '#validators/email'
import { emitAfterCommit } from '#events/after_commit'
import { dateTime, integer, nullable, object, string } from '#openapi/json_schema'

export const USER_ROLES = ['customer', 'staff', 'admin'] as const
export type UserRole = (typeof USER_ROLES)[number]

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

const demoted = new WeakSet<User>()

export default class User extends compose(BaseModel, AuthFinder) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare email: string

  /**
   * The hash, never serialized.
   */
  @column({ serializeAs: null })
  declare password: string

  @column()
  declare fullName: string

  @column()
  declare phone: string | null

  @column({ columnName: 'address_line1' })
  declare addressLine1: string | null

  @column({ columnName: 'address_line2' })
  declare addressLine2: string | null

  @column()
  declare addressCity: string | null

  @column()
  declare addressPostalCode: string | null

  @column()
  declare addressCountry: string | null

  @column()
  declare role: UserRole

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => RefreshToken)
  declare refreshTokens: HasMany<typeof RefreshToken>

  get isStaff(): boolean {
    return this.role === 'staff' || this.role === 'admin'
  }

  get isAdmin(): boolean {
    return this.role === 'admin'
  }

  /**
   * E-mails are stored in their canonical form (NFKC, lowercase, punycode
   * domain: `#validators/email`), so a look-alike spelling is the same
   * address; one the rule refuses is left trimmed and lowercased (the
   * validators refuse it before it gets here).
   */
  static normalizeEmail(email: string): string {
    return normalizeEmail(email).email ?? email.trim().toLowerCase()
  }

  @beforeSave()
  static normalize(user: User) {
    if (user.$dirty.email) {
      user.email = User.normalizeEmail(user.email)
    }
  }

  /**
   * A staff member or admin demoted to customer stops hearing the staff
   * live channels once the change commits (issue 14, finding 9). The
   * demotion is seen before the update (after it, the model no longer
   * knows its previous role) and announced after it.
   */
  @beforeUpdate()
  static noteDemotion(user: User) {
    if (user.$dirty.role && !user.isStaff && ['staff', 'admin'].includes(user.$original.role)) {
      demoted.add(user)
    }
  }

  @afterUpdate()
  static async endStaffSubscriptions(user: User) {
    if (demoted.delete(user)) {
      await emitAfterCommit(user.$trx, 'user:access_changed', {
        userId: user.id,
        channels: ['staff/orders'],
      })
    }
  }

  /**
   * The public shape of a user: never the password hash.
   */
  serializeProfile() {
    return {
      id: this.id,
      email: this.email,
      full_name: this.fullName,
      phone: this.phone ?? null,
      address: {
        line1: this.addressLine1 ?? null,
        line2: this.addressLine2 ?? null,
        city: this.addressCity ?? null,
        postal_code: this.addressPostalCode ?? null,
        country: this.addressCountry ?? null,
      },
      role: this.role,
      created_at: this.createdAt.toUTC().toISO(),
      updated_at: this.updatedAt.toUTC().toISO(),
    }
  }
}

/**
 * The OpenAPI schema of `User.serializeProfile()`.
 */
export const userSchemas = {
  UserProfile: object({
    id: integer,
    email: { type: 'string', format: 'email' },
    full_name: string,
    phone: nullable(string),
    address: object({
      line1: nullable(string),
      line2: nullable(string),
      city: nullable(string),
      postal_code: nullable(string),
      country: nullable({ type: 'string', pattern: '^[A-Z]{2}$' }),
    }),
    role: { type: 'string', enum: [...USER_ROLES] },
    created_at: dateTime,
    updated_at: dateTime,
  }),
}
