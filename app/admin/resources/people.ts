import { LucidResource } from '@adminjs/adonis'
import type { ActionContext, ResourceWithOptions } from 'adminjs'
import User from '#models/user'
import { auditAfter, rememberOriginal } from '#admin/audit'
import { withoutTimestamps } from '#admin/payload'
import { dbConnection } from '#start/runtime'

const adminsOnly = (context: ActionContext) => context.currentAdmin?.role === 'admin'

/**
 * Users: admins only. The password hash is never listed, shown or
 * editable; people change their password through the API.
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
          before: [withoutTimestamps, rememberOriginal],
          after: [auditAfter('edit')],
        },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
      },
    },
  },
]
