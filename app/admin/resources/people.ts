import { LucidResource } from '@adminjs/adonis'
import type { ActionContext, ActionResponse, After, Before, ResourceWithOptions } from 'adminjs'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { auditAfter, rememberOriginal } from '#admin/audit'
import { withoutTimestamps } from '#admin/payload'
import { resetPasswordAction } from '#admin/actions/user_actions'
import { validatedLikeTheApi } from '#admin/catalog_validation'
import { dbConnection } from '#start/runtime'
import { Components } from '#admin/component_loader'
import { toDecimalString } from '#services/money'
import { withShopCurrency } from '#admin/money'

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

/**
 * Each listed (or shown) user's order count and total spent, from one
 * grouped query over the page's user ids. Total spent is the sum of the
 * user's orders that were not cancelled, in the shop's currency.
 */
const withOrderStats: After<ActionResponse> = async (response) => {
  const records = [...(response.records ?? []), ...(response.record ? [response.record] : [])]
  const ids = records.map((record) => Number(record.params.id)).filter(Number.isInteger)
  if (ids.length === 0) {
    return response
  }
  const rows: { user_id: number; order_count: number | string; total_spent: number | string }[] =
    await db
      .from('orders')
      .whereIn('user_id', ids)
      .groupBy('user_id')
      .select('user_id')
      .count('* as order_count')
      .select(db.raw("sum(case when status <> 'cancelled' then total else 0 end) as total_spent"))
  const byUser = new Map(rows.map((row) => [Number(row.user_id), row]))
  for (const record of records) {
    const row = byUser.get(Number(record.params.id))
    record.params.orderCount = Number(row?.order_count ?? 0)
    record.params.totalSpent = toDecimalString(Number(row?.total_spent ?? 0))
  }
  return response
}

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
      listProperties: ['id', 'email', 'fullName', 'role', 'orderCount', 'totalSpent', 'createdAt'],
      filterProperties: ['email', 'fullName', 'role', 'createdAt'],
      properties: {
        password: { isVisible: false },
        orderCount: {
          type: 'number',
          isVisible: { list: true, show: true, edit: false, filter: false },
          isSortable: false,
        },
        totalSpent: {
          isVisible: { list: true, show: true, edit: false, filter: false },
          isSortable: false,
          components: { list: Components.MoneyCell, show: Components.MoneyCell },
          description: 'Orders not cancelled',
        },
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
        list: { isAccessible: adminsOnly, after: [withOrderStats, withShopCurrency] },
        show: { isAccessible: adminsOnly, after: [withOrderStats, withShopCurrency] },
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
