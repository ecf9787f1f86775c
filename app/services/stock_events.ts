import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'
import { CatalogCache } from '#services/catalog_cache'

export interface StockChange {
  productId: number
  stock: number
}

type Listener = (changes: StockChange[]) => Promise<void> | void

const listeners: Listener[] = []
const pending = new WeakMap<object, Map<number, number>>()

async function publish(changes: StockChange[]) {
  await CatalogCache.productsChanged(changes.map((change) => change.productId))
  await announce(changes)
}

async function announce(changes: StockChange[]) {
  for (const listener of listeners) {
    try {
      await listener(changes)
    } catch (error) {
      logger.error({ err: error }, 'a stock listener failed')
    }
  }
}

/**
 * Stock moved by a raw guarded update (checkout, cancel), which the
 * Product model hooks do not see. The catalog caches are cleared and the
 * stock listeners (real time) are told once the transaction commits,
 * once per transaction with the last level of each product; nothing is
 * said for a rolled-back change.
 */
export const StockEvents = {
  onChange(listener: Listener) {
    listeners.push(listener)
  },

  /**
   * Tells the stock listeners only (the caller clears the caches itself):
   * a stock edit through the Product model, once committed.
   */
  announce,

  async changedAfterCommit(
    client: QueryClientContract | TransactionClientContract,
    changes: StockChange[]
  ) {
    if (!client.isTransaction) {
      await publish(changes)
      return
    }
    const trx = client as TransactionClientContract
    let levels = pending.get(trx)
    if (!levels) {
      const collected = new Map<number, number>()
      levels = collected
      pending.set(trx, collected)
      trx.after('commit', () =>
        publish([...collected].map(([productId, stock]) => ({ productId, stock })))
      )
    }
    for (const change of changes) {
      levels.set(change.productId, change.stock)
    }
  },
}
