import type { ActionContext, ActionRequest, ActionResponse, After, Before } from 'adminjs'
import AdminAction from '#models/admin_action'
import type { AdminSessionUser } from '#admin/auth'
import type { StaffActor } from '#services/staff_audit'

/**
 * Writes an audit log entry for what a panel user did.
 */
export async function audit(
  admin: AdminSessionUser | undefined,
  entry: { action: string; resource: string; recordId?: string | number | null; changes?: object }
) {
  await AdminAction.create({
    adminId: admin ? Number(admin.id) : null,
    adminEmail: admin?.email ?? 'unknown',
    action: entry.action,
    resource: entry.resource,
    recordId:
      entry.recordId === undefined || entry.recordId === null ? null : String(entry.recordId),
    changes: entry.changes ? JSON.stringify(entry.changes) : null,
    ip: admin?.ip ?? null,
  })
}

/**
 * A `before` hook for edit: remembers the record as it was, so the audit
 * entry lists only the fields that changed.
 */
export const rememberOriginal: Before = async (request, context) => {
  if (request.method === 'post' && context.record) {
    context.auditOriginal = { ...context.record.params }
  }
  return request
}

/**
 * An `after` hook for new/edit/delete: once the change went through (a
 * POST without validation errors), log it with the submitted fields.
 */
export function auditAfter(action: 'new' | 'edit' | 'delete'): After<ActionResponse> {
  return async (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
    const failed = response.record?.errors && Object.keys(response.record.errors).length > 0
    if (request.method !== 'post' || failed || response.notice?.type === 'error') {
      return response
    }
    const payload: Record<string, unknown> = { ...(request.payload ?? {}) }
    const original = context.auditOriginal as Record<string, unknown> | undefined
    for (const key of Object.keys(payload)) {
      const unchanged = original && String(original[key] ?? '') === String(payload[key] ?? '')
      if (
        key.startsWith('__') ||
        ['id', 'createdAt', 'updatedAt', 'password'].includes(key) ||
        unchanged
      ) {
        delete payload[key]
      }
    }
    await audit(context.currentAdmin as AdminSessionUser | undefined, {
      action,
      resource: context.resource.id(),
      recordId: response.record?.id ?? context.record?.id() ?? null,
      changes: action === 'delete' ? undefined : payload,
    })
    return response
  }
}

/**
 * The signed-in panel user as the actor of a service call (the audit log's
 * actor): the same shape the API passes, with the request's IP that the
 * panel's router sets on `currentAdmin`.
 */
export function panelActor(context: ActionContext): StaffActor {
  const admin = context.currentAdmin as AdminSessionUser | undefined
  return {
    id: Number(admin?.id),
    email: admin?.email ?? 'unknown',
    ip: admin?.ip ?? null,
    via: 'panel',
  }
}
