import type { ActionRequest, ActionResponse, After, Before, RecordJSON } from 'adminjs'
import { DECIMAL_AMOUNT, toDecimalString, toMinorUnits } from '#services/money'

/**
 * Money columns are integer minor units in the database and decimal
 * amounts ("19.99") in the panel, both ways.
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
  const before: Before = async (request: ActionRequest) => {
    if (request.method !== 'post' || !request.payload) {
      return request
    }
    for (const field of fields) {
      const value = request.payload[field]
      if (typeof value === 'string' && DECIMAL_AMOUNT.test(value.trim())) {
        request.payload[field] = toMinorUnits(value.trim())
      } else if (value !== undefined && value !== '') {
        request.payload[field] = Number.NaN
      }
    }
    return request
  }
  return { before, after, present: (record: RecordJSON) => toPanel(record) }
}
