import app from '@adonisjs/core/services/app'
import { errors as vineErrors } from '@vinejs/vine'
import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs'
import User from '#models/user'
import { Components } from '#admin/component_loader'
import { panelActor } from '#admin/audit'
import { PasswordResetService } from '#services/password_reset_service'
import { resetPasswordValidator } from '#validators/password_reset'

/**
 * The API's service, as providers/app_provider.ts binds it (one way to get a
 * service, for the panel too).
 */
const passwords = () => app.container.make(PasswordResetService)

const adminsOnly = (context: ActionContext) => context.currentAdmin?.role === 'admin'

/**
 * "Reset password" on a user (admins only; issue 14, finding 13). A GET
 * (AdminJS loading the action's page) only returns the record; a POST
 * with `password` sets it (the API's password rules), or a random one when
 * it is empty, which the answer carries once as `newPassword`. The reset
 * itself is PasswordResetService: same hashing, the user's tokens
 * revoked, an audit entry without the password.
 */
export const resetPasswordAction = {
  actionType: 'record',
  icon: 'Key',
  component: Components.ResetPassword,
  isAccessible: adminsOnly,
  isVisible: adminsOnly,
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record!
    if (request.method !== 'post') {
      return { record: record.toJSON(context.currentAdmin) }
    }
    const user = await User.findOrFail(Number(record.id()))
    const typed = request.payload?.password
    let password: string | undefined
    if (typed !== undefined && typed !== null && typed !== '') {
      try {
        ;({ password } = await resetPasswordValidator.validate(
          { password: typed },
          { meta: { email: user.email } }
        ))
      } catch (error) {
        if (error instanceof vineErrors.E_VALIDATION_ERROR) {
          const message = (error.messages as Array<{ message: string }>)[0]?.message
          const json = record.toJSON(context.currentAdmin)
          return {
            record: { ...json, errors: { password: { message, type: 'invalid' } } },
            notice: { message, type: 'error' },
          }
        }
        throw error
      }
    }
    const actor = panelActor(context)
    const service = await passwords()
    const newPassword = await service.reset(user, actor, password)
    return {
      record: record.toJSON(context.currentAdmin),
      notice: {
        message: `The password of ${user.email} was reset; their sessions have ended`,
        type: 'success',
      },
      ...(password === undefined ? { newPassword } : {}),
    }
  },
} as Partial<Action<ActionResponse>>
