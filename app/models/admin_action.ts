import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * One entry of the panel's audit log.
 */
export default class AdminAction extends BaseModel {
  static table = 'admin_actions'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare adminId: number | null

  @column()
  declare adminEmail: string

  @column()
  declare action: string

  @column()
  declare resource: string

  @column()
  declare recordId: string | null

  /**
   * JSON: the changed fields and their new values.
   */
  @column()
  declare changes: string | null

  /**
   * The client address the change or sign-in came from.
   */
  @column()
  declare ip: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
