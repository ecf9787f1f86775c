import { LucidResource } from '@adminjs/adonis'
import type { ActionContext, Before, ResourceWithOptions } from 'adminjs'
import User from '#models/user'
import { auditAfter, rememberOriginal } from '#admin/audit'
import { withoutTimestamps } from '#admin/payload'
import { resetPasswordAction } from '#admin/actions/user_actions'
import { validatedLikeTheApi } from '#admin/catalog_validation'
import { dbConnection } from '#start/runtime'

const adminsOnly = (context: ActionContext) => context.currentAdmin?.role === 'admin'

/**
 * The fields the edit form may change. Anything else posted (the password
 * above all, which AdminJS would otherwise write as sent) is dropped.
 */
const EDITABLE = new Set([
  'email',
  'fullName',
  'phone',
  'addressLine1',
  'addressLine2',
  'addressCity',
  'addressPostalCode',
  'addressCountry',
  'role',
])

const onlyEditableFields: Before = async (request) => {
  if (request.payload) {
    for (const key of Object.keys(request.payload)) {
      if (!EDITABLE.has(key)) {
        delete request.payload[key]
      }
    }
  }
  return request
}

/**
 * Users: admins only (staff see a user only as a name in a reference; see
 * #admin/api_results). The password is not a field of the panel: an
 * admin sets one with the audited "Reset password" action, which ends the
 * user's sessions (issue 14, finding 13); people change their own through
 * the API.
 */
export const peopleResources: ResourceWithOptions[] = [
  {
    resource: new LucidResource(User, dbConnection),
    options: {
      id: 'users',
      navigation: { name: 'People', icon: 'Users' },
      titleProperty: 'email',
      listProperties: ['id', 'email', 'fullName', 'role', 'createdAt'],
      filterProperties: ['email', 'fullName', 'role', 'createdAt'],
      properties: {
        password: { isVisible: false },
        role: {
          availableValues: [
            { value: 'customer', label: 'Customer' },
            { value: 'staff', label: 'Staff' },
            { value: 'admin', label: 'Admin' },
          ],
        },
        createdAt: { isVisible: { list: true, filter: true, show: true, edit: false } },
        updatedAt: { isVisible: { list: false, filter: true, show: true, edit: false } },
      },
      actions: {
        list: { isAccessible: adminsOnly },
        show: { isAccessible: adminsOnly },
        search: { isAccessible: adminsOnly },
        new: { isAccessible: false },
        edit: {
          isAccessible: adminsOnly,
          before: [
            withoutTimestamps,
            onlyEditableFields,
            validatedLikeTheApi('users', 'edit'),
            rememberOriginal,
          ],
          after: [auditAfter('edit')],
        },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
        resetPassword: resetPasswordAction,
      },
    },
  },
]
