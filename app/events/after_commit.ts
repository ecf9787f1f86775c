import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import type { EventsList } from '@adonisjs/core/types'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { StockLevel, VariantStockLevel } from '#events/types'

type EventName = keyof EventsList
type Raised = { [Name in EventName]: { name: Name; payload: EventsList[Name] } }[EventName]

/**
 * The knex transaction behind a Lucid transaction client
 * (`trx.knexClient`). A savepoint knows its parent transaction.
 */
interface KnexTransaction {
  parentTransaction?: KnexTransaction
  isCompleted(): boolean
  commit: (value?: unknown) => Promise<unknown>
  rollback: (error?: unknown) => Promise<unknown>
}

/**
 * Events raised in a transaction that is still open, in the order raised.
 */
const held = new WeakMap<KnexTransaction, Raised[]>()
const watched = new WeakSet<KnexTransaction>()

/**
 * Emits a domain event once the transaction `client` belongs to commits,
 * and never if it rolls back. Inside a savepoint (a transaction opened in
 * a transaction), the event waits for the outermost transaction: a
 * savepoint that commits hands its events to its parent, one that rolls
 * back drops them. Outside a transaction (no client, a plain connection,
 * a finished transaction) the event is emitted at once.
 *
 * The events of one transaction leave in the order they were raised, once:
 * `stock:changed` is merged into one event with the last level of each
 * product, and a product or category raised several times changes once.
 * Listeners run one after the other in the order start/events.ts registers
 * them (caches are cleared before anything is announced); a failing
 * listener is logged and never fails the change that raised the event.
 */
export async function emitAfterCommit<Name extends EventName>(
  client: QueryClientContract | TransactionClientContract | null | undefined,
  name: Name,
  payload: EventsList[Name]
): Promise<void> {
  const event = { name, payload } as Raised
  if (!client?.isTransaction || (client as TransactionClientContract).isCompleted) {
    await deliver([event])
    return
  }
  const trx = client as TransactionClientContract
  const transaction = trx.knexClient as unknown as KnexTransaction
  hold(transaction, [event])
  if (!watched.has(transaction)) {
    watched.add(transaction)
    trx.after('commit', () => settle(transaction, true))
    trx.after('rollback', () => settle(transaction, false))
  }
}

function hold(transaction: KnexTransaction, events: Raised[]) {
  const list = held.get(transaction)
  if (list) {
    list.push(...events)
  } else {
    held.set(transaction, [...events])
  }
}

/**
 * `transaction` ended: its events are dropped (rolled back), handed to the
 * parent transaction (a savepoint released), or delivered (committed).
 */
async function settle(transaction: KnexTransaction, committed: boolean) {
  const events = held.get(transaction) ?? []
  held.delete(transaction)
  if (!committed || events.length === 0) {
    return
  }
  const parent = transaction.parentTransaction
  if (parent) {
    if (parent.isCompleted()) {
      logger.warn('a savepoint was released after its transaction ended: its events are dropped')
      return
    }
    hold(parent, events)
    watchParent(parent)
    return
  }
  await deliver(events)
}

/**
 * A parent transaction is known only by its knex transaction (Lucid does
 * not link a savepoint's client to its parent's), so its end is observed
 * on that object: once its commit (or savepoint release) succeeded, its
 * events move on; a rollback drops them.
 */
function watchParent(transaction: KnexTransaction) {
  if (watched.has(transaction)) {
    return
  }
  watched.add(transaction)
  const commit = transaction.commit
  const rollback = transaction.rollback
  transaction.commit = async (value?: unknown) => {
    const result = await commit(value)
    await settle(transaction, true)
    return result
  }
  transaction.rollback = async (error?: unknown) => {
    try {
      return await rollback(error)
    } finally {
      held.delete(transaction)
    }
  }
}

async function deliver(events: Raised[]) {
  for (const event of coalesce(events)) {
    try {
      await emitter.emitSerial(event.name, event.payload)
    } catch (error) {
      logger.error({ err: error, event: event.name }, 'an event listener failed')
    }
  }
}

/**
 * One `stock:changed` per transaction (where the first one was raised,
 * with the last level of each product); a repeated product or category
 * change is dropped.
 */
function coalesce(events: Raised[]): Raised[] {
  if (events.length < 2) {
    return events
  }
  const result: Raised[] = []
  const seen = new Set<string>()
  const levels = new Map<
    number,
    { stock: number; before: number | null | undefined; variants: Map<number, VariantStockLevel> }
  >()
  const merged: StockLevel[] = []
  for (const event of events) {
    if (event.name === 'stock:changed') {
      if (!seen.has('stock')) {
        seen.add('stock')
        result.push({ name: 'stock:changed', payload: { changes: merged } })
      }
      for (const change of event.payload.changes) {
        // The first level before, the last level after.
        const level = levels.get(change.productId) ?? {
          stock: 0,
          before: change.before,
          variants: new Map(),
        }
        level.stock = change.stock
        for (const variant of change.variants) {
          const earlier = level.variants.get(variant.variantId)
          level.variants.set(
            variant.variantId,
            earlier ? { ...variant, before: earlier.before } : variant
          )
        }
        levels.set(change.productId, level)
      }
      continue
    }
    const key =
      event.name === 'catalog:product_changed'
        ? `product:${event.payload.productId}`
        : event.name === 'catalog:category_changed'
          ? `category:${event.payload.categoryId}`
          : null
    if (key !== null) {
      if (seen.has(key)) {
        continue
      }
      seen.add(key)
    }
    result.push(event)
  }
  merged.push(
    ...[...levels].map(([productId, level]) => ({
      productId,
      stock: level.stock,
      before: level.before,
      variants: [...level.variants.values()],
    }))
  )
  return result
}
