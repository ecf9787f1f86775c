import React from 'react'

/**
 * A money column: the decimal amount with the shop's currency, never
 * wrapped mid-number. The currency is the property's `custom.currency`.
 */
const MoneyCell = ({ record, property }) => {
  const amount = record.params[property.propertyPath]
  if (amount === undefined || amount === null || amount === '') {
    return null
  }
  const currency = (property.custom && property.custom.currency) || ''
  return (
    <span style={{ whiteSpace: 'nowrap' }} data-money={property.propertyPath}>
      {amount} {currency}
    </span>
  )
}

export default MoneyCell
