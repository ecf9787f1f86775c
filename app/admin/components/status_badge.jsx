import React from 'react'
import { Badge } from '@adminjs/design-system'

const STATUS_COLORS = {
  pending: 'secondary',
  shipped: 'info',
  delivered: 'success',
  cancelled: 'danger',
  // Payment states (issue 20), as on the order page.
  unpaid: 'secondary',
  authorized: 'info',
  paid: 'success',
  partially_refunded: 'info',
  refunded: 'default',
  failed: 'danger',
  expired: 'danger',
}

/**
 * An order's status (or its payment state) in the list and on record
 * pages, in its colour (the same colours as the dashboard and the order
 * page).
 */
const StatusBadge = ({ record, property }) => {
  const status = record.params[property.propertyPath]
  return (
    <Badge variant={STATUS_COLORS[status] || 'default'} data-status={status}>
      {status}
    </Badge>
  )
}

export default StatusBadge
