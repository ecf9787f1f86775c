import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { dbTimestamp } from '#services/db_time'

/**
 * Who made a staff change and from where: the signed-in user (API or
 * panel) and the client's IP as the app sees it.
 */
export interface StaffActor {
  id: number
  email: string
  ip: string | null
  /**
   * Where the change came from. The panel's entries name their actions as
   * the panel does (`new`, `edit`, `delete`); the API's as the API does
   * (`create`, `update`, `delete`). Defaults to the API.
   */
  via?: 'api' | 'panel'
}

const PANEL_VERBS: Record<string, string> = { create: 'new', update: 'edit' }

/**
 * The action name an entry is written under, for this actor.
 */
export function auditVerb(actor: StaffActor | null, action: string) {
  return actor?.via === 'panel' ? (PANEL_VERBS[action] ?? action) : action
}

export interface StaffActionEntry {
  /**
   * What was done: `create`, `update`, `delete`, `stock_adjustment`,
   * `status`...
   */
  action: string
  /**
   * The resource, named as in the panel (`products`, `categories`,
   * `orders`).
   */
  resource: string
  recordId?: string | number | null
  /**
   * What changed (the fields sent, or before/after values).
   */
  changes?: Record<string, unknown> | null
}

/**
 * Staff changes are written to the audit log (`admin_actions`), whichever
 * way they came (REST API or panel), with the actor, the IP and what
 * changed (issue 14, finding 22). Given a transaction, the entry is part
 * of it: a change that rolls back leaves no entry, and an entry that
 * cannot be written rolls the change back.
 */
export const StaffAudit = {
  async record(
    actor: StaffActor | null,
    entry: StaffActionEntry,
    client: QueryClientContract | TransactionClientContract = db.connection()
  ) {
    await client
      .insertQuery()
      .table('admin_actions')
      .insert({
        admin_id: actor?.id ?? null,
        admin_email: actor?.email ?? 'unknown',
        ip: actor?.ip ?? null,
        action: auditVerb(actor, entry.action).slice(0, 40),
        resource: entry.resource.slice(0, 60),
        record_id:
          entry.recordId === undefined || entry.recordId === null
            ? null
            : String(entry.recordId).slice(0, 60),
        changes: entry.changes ? JSON.stringify(entry.changes) : null,
        created_at: dbTimestamp(client),
      })
  },
}

/**
 * The actor of a REST API request: the signed-in user and the request's IP.
 */
export function staffActorOf(ctx: {
  auth: { getUserOrFail(): { id: number; email: string } }
  request: { ip(): string }
}): StaffActor {
  const user = ctx.auth.getUserOrFail()
  return { id: user.id, email: user.email, ip: ctx.request.ip() }
}
