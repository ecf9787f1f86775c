import React from 'react'
import { Badge } from '@adminjs/design-system'

/**
 * A product's stock in the list and on its page: at or below the
 * product's low-stock threshold it is highlighted (the "low" flag is
 * computed on the server, record.params.lowStock).
 */
const StockCell = ({ record, property }) => {
  const stock = record.params[property.propertyPath]
  if (stock === undefined || stock === null || stock === '') {
    return null
  }
  const low = record.params.lowStock === true || record.params.lowStock === 'true'
  if (!low) {
    return <span data-stock="ok">{stock}</span>
  }
  return (
    <Badge variant="danger" data-stock="low" title="At or below the low-stock threshold">
      {stock}
    </Badge>
  )
}

export default StockCell
