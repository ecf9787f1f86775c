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
import { normalizeEmail } from '#domain/email'
import { emitAfterCommit } from '#events/after_commit'

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

  /**
   * A display name: optional (null until the customer gives one).
   */
  @column()
  declare fullName: string | null

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
   * domain: `#domain/email`), so a look-alike spelling is the same
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
}
