import React from 'react'

/**
 * A money column: the decimal amount with its currency, never wrapped
 * mid-number. The currency is the record's (`params.currency`: an order's
 * own, else the shop's, filled in by withShopCurrency in app/admin/money.ts).
 */
const MoneyCell = ({ record, property }) => {
  const amount = record.params[property.propertyPath]
  if (amount === undefined || amount === null || amount === '') {
    return null
  }
  const currency = record.params.currency || (property.custom && property.custom.currency) || ''
  return (
    <span style={{ whiteSpace: 'nowrap' }} data-money={property.propertyPath}>
      {amount} {currency}
    </span>
  )
}

export default MoneyCell
