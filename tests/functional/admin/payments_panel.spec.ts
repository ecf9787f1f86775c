import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Order from '#models/order'
import PaymentProviderEvent from '#models/payment_provider_event'
import PaymentRefund from '#models/payment_refund'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'
import { waitUntil } from '#tests/support/webhook_receiver'
import {
  bankTransferMethod,
  cardMethod,
  cardOrder,
  cashOnDeliveryMethod,
  deliverWebhook,
  intentEvent,
  orderRow,
  placeOrderPaying,
  runJobsHere,
  startStripe,
} from '#tests/support/payments'

const ORDERS = '/resources/orders'
const METHODS = '/resources/payment_methods'
const EVENTS = '/resources/payment_provider_events'

async function staffPanel() {
  const staff = await UserFactory.apply('staff').create()
  return { staff, panel: await AdminSession.signIn(staff.email, 'password123') }
}

/**
 * A customer's bank-transfer order of 2 x 24.77 (49.54), placed through
 * the API.
 */
async function transferOrder(client: any) {
  await bankTransferMethod()
  const customer = await UserFactory.create()
  const product = await ProductFactory.merge({ price: 2477, stock: 10 }).create()
  const number = await placeOrderPaying(client, customer, [[product, 2]], 'transfer')
  return { customer, product, number, order: await orderRow(number) }
}

/**
 * A payment action of the order page: its form POSTed as the page sends it.
 */
function orderAction(
  panel: AdminSession,
  order: Order,
  action: string,
  data: Record<string, unknown> = {}
) {
  return panel.api('POST', `${ORDERS}/records/${order.id}/${action}`, data)
}

function assertRefused(assert: any, answer: { status: number; body: any }, field: string) {
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  assert.equal(answer.body.notice?.type, 'error', JSON.stringify(answer.body))
  assert.property(answer.body.record.errors, field, JSON.stringify(answer.body.record.errors))
}

function assertDone(assert: any, answer: { status: number; body: any }) {
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  assert.equal(answer.body.notice?.type, 'success', JSON.stringify(answer.body))
}

async function auditOf(resource: string, action?: string) {
  const query = db.from('admin_actions').where('resource', resource).orderBy('id')
  if (action) query.where('action', action)
  const rows = await query
  return rows.map((row) => ({
    action: row.action,
    recordId: row.record_id,
    adminEmail: row.admin_email,
    changes: row.changes ? JSON.parse(row.changes) : null,
  }))
}

test.group('Payments in the panel (issue 20): an order’s payment', (group) => {
  group.each.setup(() => truncateAll())

  test('the order page shows the payment; staff record a bank transfer: paid, audited, in the timeline; a bad amount, too much or no reference is a field error and changes nothing', async ({
    client,
    assert,
  }) => {
    const { staff, panel } = await staffPanel()
    const { number, order } = await transferOrder(client)

    const shown = await panel.api('GET', `${ORDERS}/records/${order.id}/show`)
    assert.equal(shown.status, 200)
    const page = shown.body.record.orderPage.payment
    assert.equal(page.status, 'unpaid')
    assert.deepEqual(page.method, {
      code: 'transfer',
      name: 'Bank transfer',
      provider: 'manual',
      payOnDelivery: false,
    })
    assert.equal(page.amountDue, '49.54')
    assert.equal(page.amountPaid, '0.00')
    assert.isString(page.expiresAt, 'a bank transfer expires after 7 days')
    assert.deepEqual(page.forms, { recordPayment: true, refund: false, capture: false })
    assert.deepEqual([page.payments, page.refunds], [[], []])

    for (const [data, field] of [
      [{ amount: '12,50', reference: 'TRX-1' }, 'amount'],
      [{ amount: 'abc', reference: 'TRX-1' }, 'amount'],
      [{ amount: '0.00', reference: 'TRX-1' }, 'amount'],
      [{ amount: '', reference: 'TRX-1' }, 'amount'],
      [{ amount: '49.55', reference: 'TRX-1' }, 'amount'],
      [{ amount: '49.54', reference: '   ' }, 'reference'],
      [{ amount: '49.54', reference: 'x'.repeat(201) }, 'reference'],
    ] as const) {
      const refused = await orderAction(panel, order, 'recordPayment', data)
      assertRefused(assert, refused, field)
      assert.equal(refused.body.record.orderPage.payment.status, 'unpaid')
    }
    const tooMuch = await orderAction(panel, order, 'recordPayment', {
      amount: '49.55',
      reference: 'TRX-1',
    })
    assert.include(tooMuch.body.record.errors.amount.message, '49.54')
    assert.lengthOf(await db.from('payments'), 0)
    assert.lengthOf(await auditOf('orders', 'order:payment_recorded'), 0)

    const partly = await orderAction(panel, order, 'recordPayment', {
      amount: '20.00',
      reference: 'TRX-1',
    })
    assertDone(assert, partly)
    assert.equal(partly.body.record.orderPage.payment.amountDue, '29.54')
    assert.equal(partly.body.record.params.paymentStatus, 'unpaid')

    const rest = await orderAction(panel, order, 'recordPayment', {
      amount: '29.54',
      reference: 'TRX-2',
    })
    assertDone(assert, rest)
    const after = rest.body.record.orderPage
    assert.equal(after.payment.status, 'paid')
    assert.equal(after.payment.amountPaid, '49.54')
    assert.equal(after.payment.amountDue, '0.00')
    assert.deepEqual(after.payment.forms, { recordPayment: false, refund: true, capture: false })
    assert.deepEqual(
      after.payment.payments.map((row: any) => [
        row.provider,
        row.status,
        row.amount,
        row.reference,
      ]),
      [
        ['manual', 'succeeded', '20.00', 'TRX-1'],
        ['manual', 'succeeded', '29.54', 'TRX-2'],
      ]
    )
    assert.deepEqual(
      after.events
        .filter((event: any) => event.type === 'payment')
        .map((event: any) => [event.from, event.to, event.amount]),
      [
        ['unpaid', 'unpaid', '20.00'],
        ['unpaid', 'paid', '29.54'],
      ]
    )

    const stored = await orderRow(number)
    assert.equal(stored.paymentStatus, 'paid')
    assert.equal(Number(stored.amountPaid), 4954)
    assert.isNotNull(stored.paidAt)
    const audit = await auditOf('orders', 'order:payment_recorded')
    assert.deepEqual(
      audit.map((entry) => [entry.recordId, entry.adminEmail, entry.changes]),
      [
        [number, staff.email, { amount: '20.00', reference: 'TRX-1' }],
        [number, staff.email, { amount: '29.54', reference: 'TRX-2' }],
      ]
    )

    // Paid: one more is refused on the form.
    const again = await orderAction(panel, order, 'recordPayment', {
      amount: '1.00',
      reference: 'TRX-3',
    })
    assert.equal(again.status, 200)
    assert.equal(again.body.notice.type, 'error')
    assert.include(again.body.notice.message, 'nothing to pay')
    assert.lengthOf(await db.from('payments'), 2)

    // A GET changes nothing.
    const peek = await panel.api('GET', `${ORDERS}/records/${order.id}/recordPayment`)
    assert.equal(peek.status, 200)
    assert.lengthOf(await db.from('payments'), 2)
  })

  test('a refund form sent twice with its one-time key makes one refund; a new form a new one; too much, no reference for a transfer, or nothing left are refused on the form', async ({
    client,
    assert,
  }) => {
    const { staff, panel } = await staffPanel()
    const { number, order } = await transferOrder(client)
    assertDone(
      assert,
      await orderAction(panel, order, 'recordPayment', { amount: '49.54', reference: 'TRX-1' })
    )

    const form = (await panel.api('GET', `${ORDERS}/records/${order.id}/show`)).body.record
      .orderPage.payment
    assert.isTrue(form.refundNeedsReference)
    assert.equal(form.refundable, '49.54')
    const key = form.refundKey
    assert.isString(key)

    const noReference = await orderAction(panel, order, 'refund', {
      amount: '10.00',
      reason: 'Damaged',
      requestKey: key,
    })
    assertRefused(assert, noReference, 'reference')
    const tooMuch = await orderAction(panel, order, 'refund', {
      amount: '49.55',
      reference: 'BACK-1',
      requestKey: key,
    })
    assertRefused(assert, tooMuch, 'amount')
    assert.include(tooMuch.body.record.errors.amount.message, '49.54')
    const badAmount = await orderAction(panel, order, 'refund', {
      amount: '10.001',
      reference: 'BACK-1',
      requestKey: key,
    })
    assertRefused(assert, badAmount, 'amount')
    const noKey = await orderAction(panel, order, 'refund', {
      amount: '10.00',
      reference: 'BACK-1',
    })
    assertRefused(assert, noKey, 'requestKey')
    assert.lengthOf(await db.from('payment_refunds'), 0)

    // A double-click: the same form twice, at once.
    const sent = { amount: '10.00', reason: 'Damaged', reference: 'BACK-1', requestKey: key }
    const [first, second] = await Promise.all([
      orderAction(panel, order, 'refund', sent),
      orderAction(panel, order, 'refund', sent),
    ])
    assertDone(assert, first)
    assertDone(assert, second)
    const refunds = await PaymentRefund.query().where('order_id', order.id)
    assert.lengthOf(refunds, 1)
    assert.deepEqual(
      [refunds[0].amount, refunds[0].status, refunds[0].reference, refunds[0].reason],
      [1000, 'succeeded', 'BACK-1', 'Damaged']
    )
    assert.sameMembers(
      [first.body.notice.message, second.body.notice.message].map((message: string) =>
        message.includes('already requested')
      ),
      [true, false]
    )
    // And once more, later (a resent form).
    assertDone(assert, await orderAction(panel, order, 'refund', sent))
    assert.lengthOf(await PaymentRefund.query().where('order_id', order.id), 1)

    let stored = await orderRow(number)
    assert.equal(stored.paymentStatus, 'partially_refunded')
    assert.equal(Number(stored.amountRefunded), 1000)
    const audit = await auditOf('orders', 'order:refund')
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].adminEmail, staff.email)

    // The answer's page is a new form: a new key, the rest refundable.
    const next = (await panel.api('GET', `${ORDERS}/records/${order.id}/show`)).body.record
      .orderPage.payment
    assert.notEqual(next.refundKey, key)
    assert.equal(next.refundable, '39.54')
    assert.equal(next.status, 'partially_refunded')
    assert.deepEqual(
      next.refunds.map((refund: any) => [refund.status, refund.amount, refund.reference]),
      [['succeeded', '10.00', 'BACK-1']]
    )

    // Amount left empty: all that is left.
    const rest = await orderAction(panel, order, 'refund', {
      amount: '',
      reason: '',
      reference: 'BACK-2',
      requestKey: next.refundKey,
    })
    assertDone(assert, rest)
    stored = await orderRow(number)
    assert.equal(stored.paymentStatus, 'refunded')
    assert.equal(Number(stored.amountRefunded), 4954)
    assert.isFalse(rest.body.record.orderPage.payment.forms.refund)

    const nothing = await orderAction(panel, order, 'refund', {
      reference: 'BACK-3',
      requestKey: rest.body.record.orderPage.payment.refundKey,
    })
    assert.equal(nothing.status, 200)
    assert.equal(nothing.body.notice.type, 'error')
    assert.include(nothing.body.notice.message, 'nothing to refund')
    assert.lengthOf(await PaymentRefund.query().where('order_id', order.id), 2)
  })

  test('cancelling a paid transfer order leaves a pending refund; staff mark it sent with its reference (refused without one)', async ({
    client,
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { number, order } = await transferOrder(client)
    assertDone(
      assert,
      await orderAction(panel, order, 'recordPayment', { amount: '49.54', reference: 'TRX-1' })
    )
    const cancelled = await panel.api('GET', `${ORDERS}/records/${order.id}/cancel`)
    assertDone(assert, cancelled)
    const pending = await PaymentRefund.query().where('order_id', order.id).firstOrFail()
    assert.deepEqual([pending.status, pending.amount], ['pending', 4954])
    const page = (await panel.api('GET', `${ORDERS}/records/${order.id}/show`)).body.record
      .orderPage.payment
    assert.deepEqual(
      page.refunds.map((refund: any) => [refund.id, refund.status, refund.canComplete]),
      [[pending.id, 'pending', true]]
    )
    assert.isFalse(page.forms.refund, 'the pending refund covers what was paid')

    const noReference = await orderAction(panel, order, 'completeRefund', {
      refundId: String(pending.id),
      reference: '',
    })
    assertRefused(assert, noReference, 'reference')
    const noRefund = await orderAction(panel, order, 'completeRefund', {
      refundId: 'x',
      reference: 'BACK-1',
    })
    assertRefused(assert, noRefund, 'refundId')
    await pending.refresh()
    assert.equal(pending.status, 'pending')

    const sent = await orderAction(panel, order, 'completeRefund', {
      refundId: String(pending.id),
      reference: 'BACK-1',
    })
    assertDone(assert, sent)
    await pending.refresh()
    assert.deepEqual([pending.status, pending.reference], ['succeeded', 'BACK-1'])
    const stored = await orderRow(number)
    assert.deepEqual([stored.status, stored.paymentStatus], ['cancelled', 'refunded'])
    assert.isFalse(sent.body.record.orderPage.payment.refunds[0].canComplete)

    const twice = await orderAction(panel, order, 'completeRefund', {
      refundId: String(pending.id),
      reference: 'BACK-2',
    })
    assert.equal(twice.body.notice.type, 'error')
    assert.lengthOf(await auditOf('orders', 'order:refund_sent'), 1)
  })

  test('the orders list shows and filters the payment state; the dashboard counts orders awaiting payment and events needing attention', async ({
    client,
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { order } = await transferOrder(client)
    const { order: other } = await transferOrder(client)
    assertDone(
      assert,
      await orderAction(panel, other, 'recordPayment', { amount: '49.54', reference: 'TRX-1' })
    )

    // Paid on delivery: not awaiting payment now.
    await cashOnDeliveryMethod()
    const product = await ProductFactory.merge({ price: 500, stock: 5 }).create()
    const cod = await placeOrderPaying(client, await UserFactory.create(), [[product, 1]], 'cod')

    const list = await panel.api('GET', `${ORDERS}/actions/list`)
    assert.equal(list.status, 200)
    const states = Object.fromEntries(
      list.body.records.map((record: any) => [record.params.number, record.params.paymentStatus])
    )
    assert.deepEqual(states, { [order.number]: 'unpaid', [other.number]: 'paid', [cod]: 'unpaid' })
    const unpaid = await panel.api('GET', `${ORDERS}/actions/list?filters.paymentStatus=unpaid`)
    assert.sameMembers(
      unpaid.body.records.map((record: any) => record.params.number),
      [order.number, cod]
    )

    await PaymentProviderEvent.createMany([
      {
        provider: 'stripe',
        eventId: 'evt_attention',
        type: 'payment_intent.succeeded',
        orderId: order.id,
        outcome: 'refused',
        needsAttention: true,
        message: 'The amount does not match',
        amount: 100,
        currency: 'EUR',
        receivedAt: DateTime.now(),
      },
      {
        provider: 'stripe',
        eventId: 'evt_fine',
        type: 'payment_intent.processing',
        outcome: 'applied',
        needsAttention: false,
        message: '',
        receivedAt: DateTime.now(),
      },
    ])
    const dashboard = await panel.api('GET', '/dashboard')
    assert.equal(dashboard.status, 200)
    assert.deepEqual(dashboard.body.payments, { awaitingPayment: 1, needingAttention: 1 })
  })
})

test.group('Payments in the panel (issue 20): methods and provider events', (group) => {
  group.each.setup(() => truncateAll())

  test('payment methods: created, edited and deleted through the service, audited; refusals are field errors with the values typed; a method pending orders wait on is not deleted', async ({
    client,
    assert,
  }) => {
    const { staff, panel } = await staffPanel()

    const badCode = await panel.api('POST', `${METHODS}/actions/new`, {
      code: 'Bank Transfer',
      name: 'Bank transfer',
      provider: 'manual',
    })
    assertRefused(assert, badCode, 'code')
    assert.equal(badCode.body.record.params.code, 'Bank Transfer')
    const codOnStripe = await panel.api('POST', `${METHODS}/actions/new`, {
      code: 'cod',
      name: 'Cash',
      provider: 'stripe',
      payOnDelivery: 'true',
      isActive: 'false',
    })
    assertRefused(assert, codOnStripe, 'payOnDelivery')
    const badExpiry = await panel.api('POST', `${METHODS}/actions/new`, {
      code: 'transfer',
      name: 'Bank transfer',
      provider: 'manual',
      expiresAfterMinutes: 'soon',
    })
    assertRefused(assert, badExpiry, 'expiresAfterMinutes')
    const noProvider = await panel.api('POST', `${METHODS}/actions/new`, {
      code: 'transfer',
      name: 'Bank transfer',
    })
    assertRefused(assert, noProvider, 'provider')
    assert.lengthOf(await db.from('payment_methods'), 0)

    const created = await panel.api('POST', `${METHODS}/actions/new`, {
      code: 'transfer',
      name: 'Bank transfer',
      provider: 'manual',
      payOnDelivery: 'false',
      expiresAfterMinutes: '10080',
      instructions: 'IBAN DE89 3704 0044 0532 0130 00',
      isActive: 'true',
      position: '',
    })
    assertDone(assert, created)
    const [method] = await db.from('payment_methods')
    assert.include(created.body.redirectUrl, `/payment_methods/records/${method.id}/show`)
    assert.deepEqual(
      [method.code, method.provider, Number(method.expires_after_minutes), Number(method.position)],
      ['transfer', 'manual', 10080, 0]
    )
    assert.isTrue(Boolean(method.is_active))

    const taken = await panel.api('POST', `${METHODS}/actions/new`, {
      code: 'transfer',
      name: 'Another',
      provider: 'manual',
    })
    assertRefused(assert, taken, 'code')

    const form = (await panel.api('GET', `${METHODS}/records/${method.id}/edit`)).body.record.params
    const edited = await panel.api('POST', `${METHODS}/records/${method.id}/edit`, {
      ...form,
      name: 'SEPA transfer',
      expiresAfterMinutes: '',
    })
    assertDone(assert, edited)
    const refusedEdit = await panel.api('POST', `${METHODS}/records/${method.id}/edit`, {
      ...form,
      capture: 'manual',
    })
    assertRefused(assert, refusedEdit, 'capture')
    assert.equal(refusedEdit.body.record.params.capture, 'manual')
    const [afterEdit] = await db.from('payment_methods')
    assert.deepEqual(
      [afterEdit.name, afterEdit.expires_after_minutes, afterEdit.capture],
      ['SEPA transfer', null, 'automatic']
    )

    // A pending order waiting to be paid with it.
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1000, stock: 5 }).create()
    const number = await placeOrderPaying(client, customer, [[product, 1]], 'transfer')
    const inUse = await panel.api('POST', `${METHODS}/records/${method.id}/delete`)
    assert.equal(inUse.status, 200)
    assert.equal(inUse.body.notice.type, 'error')
    assert.include(inUse.body.notice.message, 'deactivate it instead')
    assert.lengthOf(await db.from('payment_methods'), 1)

    await Order.query().where('number', number).update({ status: 'cancelled' })
    const deleted = await panel.api('POST', `${METHODS}/records/${method.id}/delete`)
    assertDone(assert, deleted)
    assert.lengthOf(await db.from('payment_methods'), 0)

    const audit = await auditOf('payment_methods')
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['new', 'edit', 'delete']
    )
    assert.isTrue(audit.every((entry) => entry.adminEmail === staff.email))
    assert.deepEqual(audit[1].changes.name, { from: 'Bank transfer', to: 'SEPA transfer' })
  })

  test('provider events: newest first, filtered by needing attention and outcome, read-only; "Resolve" through the service, audited', async ({
    assert,
  }) => {
    const { staff, panel } = await staffPanel()
    const base = DateTime.now().minus({ minutes: 10 })
    const [refused, applied, late] = await PaymentProviderEvent.createMany([
      {
        provider: 'stripe',
        eventId: 'evt_1',
        type: 'payment_intent.succeeded',
        outcome: 'refused',
        needsAttention: true,
        message: 'Amount 100 EUR does not match the attempt (4954 EUR): refused',
        amount: 100,
        currency: 'EUR',
        receivedAt: base,
      },
      {
        provider: 'stripe',
        eventId: 'evt_2',
        type: 'payment_intent.processing',
        outcome: 'applied',
        needsAttention: false,
        message: '',
        receivedAt: base.plus({ minutes: 1 }),
      },
      {
        provider: 'stripe',
        eventId: 'evt_3',
        type: 'payment_intent.succeeded',
        outcome: 'late',
        needsAttention: true,
        message: 'Paid after the order expired: refunded in full',
        amount: 4954,
        currency: 'EUR',
        receivedAt: base.plus({ minutes: 2 }),
      },
    ])

    const list = await panel.api('GET', `${EVENTS}/actions/list`)
    assert.equal(list.status, 200)
    assert.deepEqual(
      list.body.records.map((record: any) => record.params.eventId),
      ['evt_3', 'evt_2', 'evt_1']
    )
    assert.equal(
      list.body.records.find((record: any) => record.params.eventId === 'evt_3').params.amount,
      '49.54'
    )
    const attention = await panel.api('GET', `${EVENTS}/actions/list?filters.needsAttention=true`)
    assert.equal(attention.status, 200, JSON.stringify(attention.body))
    assert.deepEqual(
      attention.body.records.map((record: any) => record.params.eventId),
      ['evt_3', 'evt_1']
    )
    const quiet = await panel.api('GET', `${EVENTS}/actions/list?filters.needsAttention=false`)
    assert.deepEqual(
      quiet.body.records.map((record: any) => record.params.eventId),
      ['evt_2']
    )
    const byOutcome = await panel.api('GET', `${EVENTS}/actions/list?filters.outcome=late`)
    assert.deepEqual(
      byOutcome.body.records.map((record: any) => record.params.eventId),
      ['evt_3']
    )

    // Read-only: no new, edit or delete.
    for (const path of [
      `${EVENTS}/actions/new`,
      `${EVENTS}/records/${refused.id}/edit`,
      `${EVENTS}/records/${refused.id}/delete`,
    ]) {
      const answer = await panel.api('POST', path, { outcome: 'applied' })
      assert.notEqual(answer.body?.notice?.type, 'success', path)
    }
    await refused.refresh()
    assert.equal(refused.outcome, 'refused')

    // Resolve: offered only on what needs attention.
    const shown = await panel.api('GET', `${EVENTS}/records/${refused.id}/show`)
    assert.include(
      shown.body.record.recordActions.map((action: any) => action.name),
      'resolve'
    )
    const fine = await panel.api('GET', `${EVENTS}/records/${applied.id}/show`)
    assert.notInclude(
      fine.body.record.recordActions.map((action: any) => action.name),
      'resolve'
    )
    const resolved = await panel.api('POST', `${EVENTS}/records/${refused.id}/resolve`)
    assertDone(assert, resolved)
    await refused.refresh()
    assert.isFalse(refused.needsAttention)
    assert.isNotNull(refused.resolvedAt)
    assert.equal(refused.resolvedBy, staff.id)
    const again = await panel.api('POST', `${EVENTS}/records/${refused.id}/resolve`)
    assert.notEqual(again.body?.notice?.type, 'success')
    const stillOpen = await panel.api('GET', `${EVENTS}/actions/list?filters.needsAttention=true`)
    assert.deepEqual(
      stillOpen.body.records.map((record: any) => record.params.eventId),
      ['evt_3']
    )
    await late.refresh()
    assert.isTrue(late.needsAttention)
    const audit = await auditOf('payment_events')
    assert.deepEqual(
      audit.map((entry) => [entry.action, entry.recordId, entry.adminEmail]),
      [['resolve', String(refused.id), staff.email]]
    )
  })
})

test.group('Payments in the panel (issue 20): capture (jobs run here)', (group) => {
  group.setup(() => runJobsHere())
  group.each.setup(() => truncateAll())
  group.each.timeout(60_000)

  test('an authorized card payment is captured from the order page (the provider captures it once); capture of an unpaid order is refused, never a 500', async ({
    client,
    assert,
    cleanup,
  }) => {
    const stripe = await startStripe()
    cleanup(() => stripe.stop())
    await cardMethod({ capture: 'manual' })
    const { panel } = await staffPanel()
    const { number, order, intent } = await cardOrder(client, stripe.standIn)

    // A card order's money is recorded by the provider, not by hand.
    const byHand = await orderAction(panel, order, 'recordPayment', {
      amount: '1.00',
      reference: 'CASH',
    })
    assert.equal(byHand.status, 200)
    assert.equal(byHand.body.notice.type, 'error')
    assert.include(byHand.body.notice.message, 'stripe')
    assert.isFalse(byHand.body.record.orderPage.payment.forms.recordPayment)

    const early = await orderAction(panel, order, 'capture')
    assert.equal(early.status, 200)
    assert.equal(early.body.notice.type, 'error')
    assert.include(early.body.notice.message, 'only an authorized payment')

    const authorized = intentEvent(
      stripe.standIn,
      intent.id,
      'payment_intent.amount_capturable_updated',
      { status: 'requires_capture', amount_capturable: intent.amount }
    )
    const delivered = await deliverWebhook(client, authorized)
    delivered.assertStatus(200)
    const page = (await panel.api('GET', `${ORDERS}/records/${order.id}/show`)).body.record
      .orderPage.payment
    assert.equal(page.status, 'authorized')
    assert.isTrue(page.forms.capture)

    const captured = await orderAction(panel, order, 'capture')
    assertDone(assert, captured)
    await waitUntil(
      async () => (await orderRow(number)).paymentStatus === 'paid',
      'the capture job made the order paid',
      15_000
    )
    assert.lengthOf(stripe.standIn.captures, 1)
    assert.lengthOf(await auditOf('orders', 'order:capture'), 1)
  })
})
