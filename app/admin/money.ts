import type { ActionResponse, After, RecordJSON } from 'adminjs'
import { toDecimalString } from '#services/money'
import { currentShopSettings } from '#services/shop_settings_service'

/**
 * Money columns are integer minor units in the database and decimal
 * amounts ("19.99") in the panel. What a form sends is read by the API's
 * validator and the service (catalog_actions), not here.
 */
export function moneyFields(...fields: string[]) {
  const toPanel = (record?: RecordJSON) => {
    if (!record) return
    for (const field of fields) {
      const value = record.params[field]
      if (value !== undefined && value !== null && value !== '' && /^-?\d+$/.test(String(value))) {
        record.params[field] = toDecimalString(Number(value))
      }
    }
  }
  const after: After<ActionResponse> = async (response) => {
    toPanel(response.record)
    for (const record of response.records ?? []) {
      toPanel(record)
    }
    return response
  }
  return { after, present: (record: RecordJSON) => toPanel(record) }
}

/**
 * The currency a money column shows (components/money_cell.jsx reads
 * `params.currency`): an order's own; for records without one (order
 * lines, a user's total spent) the shop's, as its Settings say now.
 */
export const withShopCurrency: After<ActionResponse> = async (response) => {
  const records = [...(response.records ?? []), ...(response.record ? [response.record] : [])]
  if (records.some((record) => !record.params.currency)) {
    const { currency } = await currentShopSettings()
    for (const record of records) {
      record.params.currency ||= currency
    }
  }
  return response
}
