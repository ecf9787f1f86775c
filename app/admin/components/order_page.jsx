import React, { useEffect, useState } from 'react'
import { ApiClient } from 'adminjs'
import {
  Badge,
  Box,
  Button,
  FormGroup,
  FormMessage,
  H2,
  H5,
  Input,
  Label,
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

const PAYMENT_COLORS = {
  unpaid: 'secondary',
  authorized: 'info',
  paid: 'success',
  partially_refunded: 'info',
  refunded: 'default',
  failed: 'danger',
  expired: 'danger',
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

function Field({ id, label, value, onChange, error, hint, inputMode }) {
  return (
    <FormGroup error={Boolean(error)} mr="lg" style={{ minWidth: 180 }}>
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={id}
        value={value}
        inputMode={inputMode}
        onChange={(event) => onChange(event.target.value)}
      />
      <FormMessage data-testid={`${id}-error`}>{error || hint || ''}</FormMessage>
    </FormGroup>
  )
}

/**
 * The order's payment (issue 20): its state, method and amounts, the
 * attempts and refunds, and the forms that apply now (record money
 * received, refund, mark a manual refund sent, capture). Each form calls
 * its record action (app/admin/actions/payment_actions.ts); a refusal
 * comes back as field errors under the fields, a success with the page's
 * new data. The refund form sends the one-time key it was drawn with, so
 * a double-click makes one refund.
 */
function PaymentCard({ payment, currency, busy, submit }) {
  const [form, setForm] = useState(null)
  const [values, setValues] = useState({})
  const [errors, setErrors] = useState({})

  const open = (name, initial = {}) => {
    setForm(name)
    setValues(initial)
    setErrors({})
  }
  const set = (field) => (value) => setValues({ ...values, [field]: value })
  const send = async (actionName, data) => {
    const answer = await submit(actionName, data)
    if (answer && answer.ok) {
      setForm(null)
      setValues({})
      setErrors({})
    } else if (answer) {
      setErrors(answer.errors || {})
    }
  }
  const error = (field) => errors[field] && errors[field].message

  return (
    <Box variant="card" mb="lg" data-testid="order-payment">
      <Box flex flexDirection="row" alignItems="center" mb="default">
        <H5 mb="0" mr="lg">
          Payment
        </H5>
        <Badge
          variant={PAYMENT_COLORS[payment.status] || 'default'}
          data-testid="payment-status"
          data-status={payment.status}
        >
          {payment.status.replace('_', ' ')}
        </Badge>
      </Box>
      <Text mb="default" data-testid="payment-method">
        {payment.method
          ? `${payment.method.name} (${payment.method.provider}${payment.method.payOnDelivery ? ', pay on delivery' : ''})`
          : 'No payment method (paid outside the shop)'}
      </Text>
      <Table data-testid="payment-amounts">
        <TableBody>
          <TableRow>
            <TableCell>Paid</TableCell>
            <TableCell>
              <Money amount={payment.amountPaid} currency={currency} testId="payment-paid" />
            </TableCell>
            <TableCell>Refunded</TableCell>
            <TableCell>
              <Money
                amount={payment.amountRefunded}
                currency={currency}
                testId="payment-refunded"
              />
            </TableCell>
            <TableCell>Due</TableCell>
            <TableCell>
              <Money amount={payment.amountDue} currency={currency} testId="payment-due" />
            </TableCell>
          </TableRow>
          {(payment.expiresAt || payment.paidAt) && (
            <TableRow>
              <TableCell>{payment.paidAt ? 'Paid at' : 'Expires at'}</TableCell>
              <TableCell colSpan={5} data-testid="payment-deadline">
                {when(payment.paidAt || payment.expiresAt)}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>

      <Box
        flex
        flexDirection="row"
        flexWrap="wrap"
        mb="default"
        style={{ marginTop: 16 }}
        data-testid="payment-actions"
      >
        {payment.forms.recordPayment && (
          <Button
            mr="default"
            mb="default"
            variant="outlined"
            disabled={busy}
            onClick={() => open('recordPayment', { amount: payment.amountDue, reference: '' })}
          >
            Record payment
          </Button>
        )}
        {payment.forms.capture && (
          <Button
            mr="default"
            mb="default"
            variant="outlined"
            disabled={busy}
            onClick={() => send('capture', {})}
          >
            Capture
          </Button>
        )}
        {payment.forms.refund && (
          <Button
            mr="default"
            mb="default"
            variant="outlined"
            disabled={busy}
            onClick={() => open('refund', { amount: '', reason: '', reference: '' })}
          >
            Refund
          </Button>
        )}
      </Box>

      {form === 'recordPayment' && (
        <form
          data-testid="record-payment-form"
          onSubmit={(event) => {
            event.preventDefault()
            send('recordPayment', { amount: values.amount, reference: values.reference })
          }}
        >
          <Box flex flexDirection="row" flexWrap="wrap">
            <Field
              id="payment-amount"
              label={`Amount received (${currency})`}
              value={values.amount || ''}
              onChange={set('amount')}
              error={error('amount')}
              inputMode="decimal"
            />
            <Field
              id="payment-reference"
              label="Reference (such as the transfer's)"
              value={values.reference || ''}
              onChange={set('reference')}
              error={error('reference')}
            />
          </Box>
          <Button type="submit" variant="contained" mr="default" disabled={busy}>
            Record payment
          </Button>
          <Button type="button" variant="text" disabled={busy} onClick={() => setForm(null)}>
            Close
          </Button>
        </form>
      )}

      {form === 'refund' && (
        <form
          data-testid="refund-form"
          onSubmit={(event) => {
            event.preventDefault()
            send('refund', {
              amount: values.amount,
              reason: values.reason,
              reference: values.reference,
              requestKey: payment.refundKey,
            })
          }}
        >
          <input type="hidden" name="requestKey" value={payment.refundKey} />
          <Box flex flexDirection="row" flexWrap="wrap">
            <Field
              id="refund-amount"
              label={`Amount (${currency})`}
              value={values.amount || ''}
              onChange={set('amount')}
              error={error('amount') || error('requestKey')}
              hint={`Empty: all that may be refunded (${payment.refundable} ${currency})`}
              inputMode="decimal"
            />
            <Field
              id="refund-reason"
              label="Reason"
              value={values.reason || ''}
              onChange={set('reason')}
              error={error('reason')}
            />
            {payment.refundNeedsReference && (
              <Field
                id="refund-reference"
                label="Reference of the money sent back"
                value={values.reference || ''}
                onChange={set('reference')}
                error={error('reference')}
              />
            )}
          </Box>
          <Button type="submit" variant="danger" mr="default" disabled={busy}>
            Refund
          </Button>
          <Button type="button" variant="text" disabled={busy} onClick={() => setForm(null)}>
            Close
          </Button>
        </form>
      )}

      {payment.payments.length > 0 && (
        <>
          <Text mt="lg" mb="sm">
            <strong>Payments</strong>
          </Text>
          <Table data-testid="order-payments">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Provider</TableCell>
                <TableCell>Status</TableCell>
                <TableCell style={{ textAlign: 'right' }}>Amount</TableCell>
                <TableCell style={{ textAlign: 'right' }}>Received</TableCell>
                <TableCell>Reference</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {payment.payments.map((attempt) => (
                <TableRow key={attempt.id} data-testid="order-payment-row">
                  <TableCell style={nowrap}>{when(attempt.at)}</TableCell>
                  <TableCell>{attempt.provider}</TableCell>
                  <TableCell>
                    {attempt.status}
                    {attempt.failureMessage ? `: ${attempt.failureMessage}` : ''}
                  </TableCell>
                  <TableCell style={{ textAlign: 'right' }}>
                    <Money amount={attempt.amount} currency={currency} />
                  </TableCell>
                  <TableCell style={{ textAlign: 'right' }}>
                    <Money amount={attempt.amountReceived} currency={currency} />
                  </TableCell>
                  <TableCell>{attempt.reference || attempt.providerRef || ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}

      {payment.refunds.length > 0 && (
        <>
          <Text mt="lg" mb="sm">
            <strong>Refunds</strong>
          </Text>
          <Table data-testid="order-refunds">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Status</TableCell>
                <TableCell style={{ textAlign: 'right' }}>Amount</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Reference</TableCell>
                <TableCell>By</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {payment.refunds.map((refund) => (
                <TableRow key={refund.id} data-testid="order-refund-row">
                  <TableCell style={nowrap}>{when(refund.at)}</TableCell>
                  <TableCell>
                    {refund.status}
                    {refund.failureMessage ? `: ${refund.failureMessage}` : ''}
                  </TableCell>
                  <TableCell style={{ textAlign: 'right' }}>
                    <Money amount={refund.amount} currency={currency} />
                  </TableCell>
                  <TableCell>{refund.reason || ''}</TableCell>
                  <TableCell>{refund.reference || ''}</TableCell>
                  <TableCell>{refund.actorRole}</TableCell>
                  <TableCell>
                    {refund.canComplete &&
                      (form === `complete-${refund.id}` ? (
                        <form
                          data-testid="complete-refund-form"
                          onSubmit={(event) => {
                            event.preventDefault()
                            send('completeRefund', {
                              refundId: String(refund.id),
                              reference: values.reference,
                            })
                          }}
                        >
                          <Field
                            id="complete-reference"
                            label="Reference of the money sent back"
                            value={values.reference || ''}
                            onChange={set('reference')}
                            error={error('reference') || error('refundId')}
                          />
                          <Button type="submit" variant="contained" size="sm" disabled={busy}>
                            Mark sent
                          </Button>
                        </form>
                      ) : (
                        <Button
                          variant="outlined"
                          size="sm"
                          disabled={busy}
                          onClick={() => open(`complete-${refund.id}`, { reference: '' })}
                        >
                          Mark refund sent
                        </Button>
                      ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Box>
  )
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

  /**
   * A payment form sent: the page's new data and notice on success; the
   * field errors (and the notice) on a refusal.
   */
  const submit = async (actionName, data) => {
    setBusy(true)
    setNotice(null)
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName,
        data,
      })
      const answer = response.data
      if (answer.record && answer.record.orderPage) {
        setPage(answer.record.orderPage)
      }
      if (answer.notice) {
        setNotice(answer.notice)
      }
      const errors = (answer.record && answer.record.errors) || {}
      const ok = !(answer.notice && answer.notice.type === 'error')
      return { ok, errors }
    } catch {
      setNotice({ type: 'error', message: 'The change failed: try again.' })
      return null
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
          {page.payment && page.payment.refundable !== '0.00' && (
            <Text mb="default" data-testid="cancel-refunds">
              What may still be refunded ({page.payment.refundable} {page.currency}) is refunded.
            </Text>
          )}
          <Button mr="default" variant="danger" disabled={busy} onClick={() => run(confirming)}>
            Yes, cancel and restock
          </Button>
          <Button variant="text" disabled={busy} onClick={() => setConfirming(null)}>
            Keep the order
          </Button>
        </Box>
      )}

      {page.payment && (
        <PaymentCard payment={page.payment} currency={page.currency} busy={busy} submit={submit} />
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
                    : event.type === 'payment'
                      ? `payment: ${event.from === event.to ? event.to : `${event.from || 'new'} → ${event.to}`}${event.amount ? ` (${event.amount} ${page.currency})` : ''}${event.note ? `, ${event.note}` : ''}`
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
