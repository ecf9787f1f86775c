import React, { useEffect, useState } from 'react'
import { ApiClient } from 'adminjs'
import {
  Badge,
  Box,
  Button,
  H2,
  H5,
  Link,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'

const api = new ApiClient()

const STATUS_COLORS = {
  pending: 'secondary',
  shipped: 'info',
  delivered: 'success',
  cancelled: 'danger',
}

const nowrap = { whiteSpace: 'nowrap' }

function Money({ amount, currency, testId }) {
  return (
    <span style={nowrap} data-testid={testId}>
      {amount} {currency}
    </span>
  )
}

function StatusBadge({ status }) {
  return (
    <Badge variant={STATUS_COLORS[status] || 'default'} data-testid="order-status">
      {status}
    </Badge>
  )
}

function when(iso) {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/**
 * An order's page for fulfilment: what to pack and where to send it, what
 * happened so far, the invoice, and the moves staff may make now. Its data
 * (record.orderPage) comes from the show action's `after` hook and from the
 * moves' answers (app/admin/order_page.ts), so a move shows the new status,
 * totals and timeline entry without a reload.
 */
const OrderPage = ({ record, resource }) => {
  const [page, setPage] = useState(record.orderPage)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState(null)
  const [confirming, setConfirming] = useState(null)

  useEffect(() => {
    setPage(record.orderPage)
  }, [record])

  // The browser tab names the order too.
  const number = page && page.number
  useEffect(() => {
    if (number) {
      document.title = `Order ${number}`
    }
  }, [number])

  if (!page) {
    return (
      <Box variant="card">
        <Text>This order could not be read.</Text>
      </Box>
    )
  }

  const run = async (move) => {
    setBusy(true)
    setNotice(null)
    setConfirming(null)
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: move.action,
      })
      const answer = response.data
      if (answer.record && answer.record.orderPage) {
        setPage(answer.record.orderPage)
      }
      setNotice(answer.notice || { type: 'success', message: `Order ${page.number}: ${move.to}` })
    } catch {
      setNotice({ type: 'error', message: 'The change failed: try again.' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Box data-testid="order-page">
      <Text mb="default" data-testid="order-breadcrumb">
        <Link href={page.listUrl}>Orders</Link> / {page.number}
      </Text>
      <Box flex flexDirection="row" alignItems="center" mb="lg">
        <H2 mb="0" mr="lg" data-testid="order-title">
          Order {page.number}
        </H2>
        <StatusBadge status={page.status} />
      </Box>

      {notice && (
        <MessageBox
          mb="lg"
          variant={notice.type === 'error' ? 'danger' : 'success'}
          message={notice.message}
        />
      )}

      <Box flex flexDirection="row" flexWrap="wrap" mb="lg" data-testid="order-moves">
        {page.moves
          .filter((move) => !move.destructive)
          .map((move) => (
            <Button
              key={move.action}
              mr="default"
              mb="default"
              variant="outlined"
              disabled={busy}
              onClick={() => run(move)}
            >
              {move.label}
            </Button>
          ))}
        {page.moves
          .filter((move) => move.destructive)
          .map((move) => (
            <Button
              key={move.action}
              mr="default"
              mb="default"
              variant="danger"
              disabled={busy}
              onClick={() => setConfirming(move)}
            >
              {move.label} ({move.effect})
            </Button>
          ))}
        <Box ml="auto">
          <Link href={page.invoiceUrl} target="_blank" rel="noopener" data-testid="invoice-link">
            Download invoice (PDF)
          </Link>
        </Box>
      </Box>

      {confirming && (
        <Box variant="card" mb="lg" data-testid="confirm-cancel">
          <Text mb="default">
            Cancelling order {page.number} {confirming.effect} back into stock. It cannot be undone.
          </Text>
          <Button mr="default" variant="danger" disabled={busy} onClick={() => run(confirming)}>
            Yes, cancel and restock
          </Button>
          <Button variant="text" disabled={busy} onClick={() => setConfirming(null)}>
            Keep the order
          </Button>
        </Box>
      )}

      <Box flex flexDirection="row" flexWrap="wrap">
        <Box variant="card" mr="lg" mb="lg" style={{ flex: 1, minWidth: 260 }}>
          <H5>Customer</H5>
          <Text data-testid="order-customer">
            {page.customer.recordUrl ? (
              <Link href={page.customer.recordUrl}>{page.customer.name}</Link>
            ) : (
              page.customer.name
            )}
          </Text>
          {page.customer.ordersUrl && (
            <Text mt="sm">
              <Link href={page.customer.ordersUrl}>Their orders</Link>
            </Text>
          )}
        </Box>
        <Box variant="card" mb="lg" style={{ flex: 1, minWidth: 260 }}>
          <H5>Ship to</H5>
          <address style={{ fontStyle: 'normal' }} data-testid="order-address">
            {page.address.map((line, index) => (
              <div key={index}>{line}</div>
            ))}
          </address>
        </Box>
      </Box>

      <Box variant="card" mb="lg">
        <H5>Lines ({page.itemCount} items)</H5>
        <Table data-testid="order-lines">
          <TableHead>
            <TableRow>
              <TableCell>Product</TableCell>
              <TableCell style={{ textAlign: 'right' }}>Quantity</TableCell>
              <TableCell style={{ textAlign: 'right' }}>Unit price</TableCell>
              <TableCell style={{ textAlign: 'right' }}>Line total</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.lines.map((line, index) => (
              <TableRow key={index}>
                <TableCell>{line.productName}</TableCell>
                <TableCell style={{ textAlign: 'right' }}>{line.quantity}</TableCell>
                <TableCell style={{ textAlign: 'right' }}>
                  <Money amount={line.unitPrice} currency={page.currency} />
                </TableCell>
                <TableCell style={{ textAlign: 'right' }}>
                  <Money amount={line.lineTotal} currency={page.currency} />
                </TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell colSpan={3} style={{ textAlign: 'right' }}>
                Subtotal
              </TableCell>
              <TableCell style={{ textAlign: 'right' }}>
                <Money amount={page.subtotal} currency={page.currency} testId="order-subtotal" />
              </TableCell>
            </TableRow>
            {page.discounts.map((discount, index) => (
              <TableRow key={`discount-${index}`} data-testid="order-discount">
                <TableCell colSpan={3} style={{ textAlign: 'right' }}>
                  Discount: {discount.name}
                  {discount.code ? ` (code ${discount.code})` : ''}
                </TableCell>
                <TableCell style={{ textAlign: 'right' }}>
                  <Money amount={`-${discount.amount}`} currency={page.currency} />
                </TableCell>
              </TableRow>
            ))}
            {page.shipping && (
              <TableRow data-testid="order-shipping">
                <TableCell colSpan={3} style={{ textAlign: 'right' }}>
                  Shipping: {page.shipping.name}
                  {page.shipping.zoneName ? ` (${page.shipping.zoneName})` : ''}
                  {page.shipping.deliveryEstimate ? `, ${page.shipping.deliveryEstimate}` : ''}
                </TableCell>
                <TableCell style={{ textAlign: 'right' }}>
                  <Money amount={page.shipping.price} currency={page.currency} />
                </TableCell>
              </TableRow>
            )}
            {page.taxes.map((tax, index) => (
              <TableRow key={`tax-${index}`} data-testid="order-tax">
                <TableCell colSpan={3} style={{ textAlign: 'right' }}>
                  {`${page.pricesIncludeTax ? 'Included tax' : 'Tax'}: ${tax.name} ${tax.rate}%`}
                  {` (${tax.country}, ${tax.taxClass}) on ${tax.base} ${page.currency}`}
                </TableCell>
                <TableCell style={{ textAlign: 'right' }}>
                  <Money amount={tax.amount} currency={page.currency} />
                </TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell colSpan={3} style={{ textAlign: 'right' }}>
                <strong>Total</strong>
              </TableCell>
              <TableCell style={{ textAlign: 'right' }}>
                <strong>
                  <Money amount={page.total} currency={page.currency} testId="order-total" />
                </strong>
              </TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </Box>

      <Box variant="card" mb="lg">
        <H5>Timeline</H5>
        <Table data-testid="order-timeline">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>What</TableCell>
              <TableCell>By</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.events.map((event) => (
              <TableRow key={event.id} data-testid="timeline-entry">
                <TableCell style={nowrap}>{when(event.at)}</TableCell>
                <TableCell>
                  {event.type === 'status'
                    ? `${event.from || 'new'} → ${event.to}`
                    : event.type.replace('_', ' ')}
                </TableCell>
                <TableCell>{event.actorRole}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  )
}

export default OrderPage
