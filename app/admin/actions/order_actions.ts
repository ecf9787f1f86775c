import app from '@adonisjs/core/services/app'
import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs'
import User from '#models/user'
import type { OrderStatus } from '#models/order'
import { ApiError } from '#exceptions/api_error'
import { OrderLifecycleService } from '#services/order_lifecycle_service'
import { OrderRules } from '#policies/order_rules'
import type { AdminSessionUser } from '#admin/auth'

/**
 * The API's service, as providers/app_provider.ts binds it (one way to get a
 * service, for the panel too).
 */
const lifecycle = () => app.container.make(OrderLifecycleService)

/**
 * The move, made by the lifecycle service exactly as the API's staff
 * moves are: the actor's rights come from OrderRules, and the audit entry
 * (actor, IP, status from and to) is written in the move's transaction, so
 * a refused or failed move leaves neither.
 */
async function move(number: string, to: OrderStatus, context: ActionContext) {
  const admin = context.currentAdmin as AdminSessionUser | undefined
  const actor = admin ? await User.find(Number(admin.id)) : null
  if (!actor?.isStaff) {
    throw new ApiError(403, 'E_FORBIDDEN', 'Only staff can change orders')
  }
  const service = await lifecycle()
  await service.transition(number, to, actor, undefined, { ip: admin?.ip ?? null })
}

/**
 * "Mark shipped", "Mark delivered", "Cancel": callable only when the state
 * machine allows the move, and run by the same
 * lifecycle service as the API (restock, order_events, broadcasts, cache
 * clearing). The order page calls a component-less action with a GET
 * (after its own confirmation for a cancel); the panel's CSRF check covers those calls (see
 * AdminCsrfMiddleware), so a link on another site cannot trigger one.
 */
export function orderAction(to: OrderStatus, icon: string): Partial<Action<ActionResponse>> {
  return {
    actionType: 'record',
    icon,
    component: false,
    /**
     * Never a header button: the order page shows the allowed moves as
     * its own buttons (routine moves plain, cancel destructive with what
     * it restocks) and calls these actions; AdminJS's red confirm dialog
     * beside them made every move look destructive. Still callable while
     * the move is allowed (isAccessible).
     */
    isVisible: false,
    isAccessible: ({ record }) => OrderRules.isMove(record?.params.status, to),
    handler: async (_request: ActionRequest, _response: unknown, context: ActionContext) => {
      const record = context.record!
      const number = String(record.params.number)
      try {
        await move(number, to, context)
      } catch (error) {
        return {
          record: record.toJSON(context.currentAdmin),
          notice: {
            message: error instanceof ApiError ? error.message : 'The change failed',
            type: 'error',
          },
        }
      }
      const fresh = await context.resource.findOne(String(record.id()))
      return {
        record: (fresh ?? record).toJSON(context.currentAdmin),
        notice: { message: `Order ${number}: ${to}`, type: 'success' },
        redirectUrl: context.h.recordActionUrl({
          resourceId: context.resource.id(),
          recordId: String(record.id()),
          actionName: 'show',
        }),
      }
    },
  } as Partial<Action<ActionResponse>>
}

/**
 * The same moves for several orders at once; each order is moved in its
 * own transaction, and orders that cannot make the move are reported.
 */
export function bulkOrderAction(
  to: OrderStatus,
  label: string,
  icon: string
): Partial<Action<ActionResponse>> {
  return {
    actionType: 'bulk',
    icon,
    component: false,
    guard: `${label}: apply to every selected order?`,
    handler: async (_request: ActionRequest, _response: unknown, context: ActionContext) => {
      const records = context.records ?? []
      const failed: string[] = []
      for (const record of records) {
        const number = String(record.params.number)
        try {
          await move(number, to, context)
        } catch {
          failed.push(number)
        }
      }
      const fresh = await Promise.all(
        records.map(
          async (record) => (await context.resource.findOne(String(record.id()))) ?? record
        )
      )
      return {
        records: fresh.map((record) => record.toJSON(context.currentAdmin)),
        notice: failed.length
          ? { message: `Not possible for ${failed.join(', ')}`, type: 'error' }
          : { message: `${records.length} order(s): ${to}`, type: 'success' },
        redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }),
      }
    },
  } as Partial<Action<ActionResponse>>
}
