import type { ActionResponse, After, RecordJSON } from 'adminjs'
import { toDecimalString } from '#services/money'

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
