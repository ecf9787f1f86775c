import { test } from '@japa/runner'
import {
  ATTEMPT_STATUSES,
  PAYMENT_STATUSES,
  REFUND_STATUSES,
  attemptMayMove,
  isPayable,
  isPaymentStatus,
  mayShip,
  refundable,
  settledStatus,
  type AttemptStatus,
  type PaymentStatus,
} from '#domain/payment_status'

/**
 * The payment state rules (issue 20), written out case by case rather
 * than derived, so a change to a rule shows up here.
 */
test.group('payment status: the states', () => {
  test('order payment states, attempt states and refund states', ({ assert }) => {
    assert.deepEqual(
      [...PAYMENT_STATUSES],
      ['unpaid', 'authorized', 'paid', 'partially_refunded', 'refunded', 'failed', 'expired']
    )
    assert.deepEqual(
      [...ATTEMPT_STATUSES],
      [
        'creating',
        'requires_action',
        'processing',
        'authorized',
        'succeeded',
        'failed',
        'cancelled',
      ]
    )
    assert.deepEqual([...REFUND_STATUSES], ['pending', 'succeeded', 'failed'])
  })

  test('isPaymentStatus({value}) is {expected}')
    .with([
      { value: 'unpaid', expected: true },
      { value: 'partially_refunded', expected: true },
      { value: 'expired', expected: true },
      { value: 'Paid', expected: false },
      { value: 'pending', expected: false },
      { value: '', expected: false },
      { value: null, expected: false },
      { value: 1, expected: false },
    ])
    .run(({ assert }, { value, expected }) => {
      assert.strictEqual(isPaymentStatus(value), expected)
    })
})

test.group('payment status: settledStatus (money decides once something was paid)', () => {
  test('total {total}, paid {amountPaid}, refunded {amountRefunded} -> {expected}')
    .with<Array<{ total: number; amountPaid: number; amountRefunded: number; expected: any }>>([
      // nothing paid: the state stays what events made it
      { total: 5000, amountPaid: 0, amountRefunded: 0, expected: null },
      // part of the total paid (a first transfer instalment): not yet paid
      { total: 5000, amountPaid: 2000, amountRefunded: 0, expected: null },
      { total: 5000, amountPaid: 4999, amountRefunded: 0, expected: null },
      // the total covered, exactly or more
      { total: 5000, amountPaid: 5000, amountRefunded: 0, expected: 'paid' },
      { total: 5000, amountPaid: 6000, amountRefunded: 0, expected: 'paid' },
      // some went back
      { total: 5000, amountPaid: 5000, amountRefunded: 1, expected: 'partially_refunded' },
      { total: 5000, amountPaid: 5000, amountRefunded: 4999, expected: 'partially_refunded' },
      // everything paid went back (also when the total was never covered)
      { total: 5000, amountPaid: 5000, amountRefunded: 5000, expected: 'refunded' },
      { total: 5000, amountPaid: 2000, amountRefunded: 2000, expected: 'refunded' },
      { total: 5000, amountPaid: 2000, amountRefunded: 1000, expected: 'partially_refunded' },
      // a zero total is never "paid" by nothing
      { total: 0, amountPaid: 0, amountRefunded: 0, expected: null },
    ])
    .run(({ assert }, { total, amountPaid, amountRefunded, expected }) => {
      assert.strictEqual(settledStatus({ total, amountPaid, amountRefunded }), expected)
    })
})

test.group('payment status: refundable', () => {
  test('paid {paid}, refunded {refunded}, pending {pending} -> {expected}')
    .with([
      { paid: 5000, refunded: 0, pending: 0, expected: 5000 },
      { paid: 5000, refunded: 1500, pending: 0, expected: 3500 },
      { paid: 5000, refunded: 1500, pending: 1000, expected: 2500 },
      { paid: 5000, refunded: 5000, pending: 0, expected: 0 },
      { paid: 0, refunded: 0, pending: 0, expected: 0 },
      // never negative, whatever the rows say
      { paid: 5000, refunded: 4000, pending: 2000, expected: 0 },
    ])
    .run(({ assert }, { paid, refunded, pending, expected }) => {
      assert.strictEqual(refundable(paid, refunded, pending), expected)
    })
})

const ALL_PAYMENT: PaymentStatus[] = [...PAYMENT_STATUSES]

test.group('payment status: mayShip', () => {
  test('a card or transfer order ships only when paid or partially refunded', ({ assert }) => {
    const shippable = ALL_PAYMENT.filter((status) =>
      mayShip(status, { hasMethod: true, payOnDelivery: false })
    )
    assert.deepEqual(shippable, ['paid', 'partially_refunded'])
  })

  test('pay on delivery ships in every payment state', ({ assert }) => {
    for (const status of ALL_PAYMENT) {
      assert.isTrue(mayShip(status, { hasMethod: true, payOnDelivery: true }), status)
    }
  })

  test('an order without a payment method (paid outside the system) ships as before', ({
    assert,
  }) => {
    for (const status of ALL_PAYMENT) {
      assert.isTrue(mayShip(status, { hasMethod: false, payOnDelivery: false }), status)
    }
  })
})

test.group('payment status: isPayable', () => {
  test('only unpaid and failed orders may (re)start paying', ({ assert }) => {
    assert.deepEqual(
      ALL_PAYMENT.filter((status) => isPayable(status)),
      ['unpaid', 'failed']
    )
  })
})

/**
 * Every (from, to) pair an attempt may move through by a newer event
 * (equal ranks move only when the event is not older): written out.
 */
const FORWARD: Array<[AttemptStatus, AttemptStatus]> = [
  ['creating', 'requires_action'],
  ['creating', 'processing'],
  ['creating', 'failed'],
  ['creating', 'authorized'],
  ['creating', 'succeeded'],
  ['creating', 'cancelled'],
  ['requires_action', 'processing'],
  ['requires_action', 'failed'],
  ['requires_action', 'authorized'],
  ['requires_action', 'succeeded'],
  ['requires_action', 'cancelled'],
  ['processing', 'requires_action'],
  ['processing', 'failed'],
  ['processing', 'authorized'],
  ['processing', 'succeeded'],
  ['processing', 'cancelled'],
  ['failed', 'requires_action'],
  ['failed', 'processing'],
  ['failed', 'authorized'],
  ['failed', 'succeeded'],
  ['failed', 'cancelled'],
  ['authorized', 'succeeded'],
  ['authorized', 'cancelled'],
]

const SAME_RANK = new Set(['requires_action', 'processing', 'failed'])

const attemptCases = ATTEMPT_STATUSES.flatMap((from) =>
  ATTEMPT_STATUSES.map((to) => ({
    from,
    to,
    allowed: FORWARD.some(([a, b]) => a === from && b === to),
    sameRank: from !== to && SAME_RANK.has(from) && SAME_RANK.has(to),
  }))
)

test.group('payment status: attemptMayMove (attempts only move forward)', () => {
  test('{from} -> {to} with a newer event: {allowed}')
    .with(attemptCases)
    .run(({ assert }, { from, to, allowed }) => {
      assert.strictEqual(attemptMayMove(from, to, 100, 200), allowed)
      // an event of unknown age decides the same way
      assert.strictEqual(attemptMayMove(from, to, null, null), allowed)
    })

  test('{from} -> {to} with an older event: only a higher rank moves it')
    .with(attemptCases)
    .run(({ assert }, { from, to, allowed, sameRank }) => {
      assert.strictEqual(attemptMayMove(from, to, 200, 100), allowed && !sameRank)
    })

  test('succeeded and cancelled are final; nothing moves an attempt to where it is', ({
    assert,
  }) => {
    for (const to of ATTEMPT_STATUSES) {
      assert.isFalse(attemptMayMove('succeeded', to, null, null), `succeeded -> ${to}`)
      assert.isFalse(attemptMayMove('cancelled', to, null, null), `cancelled -> ${to}`)
      assert.isFalse(attemptMayMove(to, to, 100, 200), `${to} -> ${to}`)
    }
  })

  test('events out of order: an older processing never undoes succeeded', ({ assert }) => {
    assert.isTrue(attemptMayMove('requires_action', 'succeeded', 100, 300))
    assert.isFalse(attemptMayMove('succeeded', 'processing', 300, 200))
    // a retry after a failure, reported by a newer event, moves on
    assert.isTrue(attemptMayMove('failed', 'processing', 100, 101))
    // the same second counts as newer
    assert.isTrue(attemptMayMove('failed', 'processing', 100, 100))
    assert.isFalse(attemptMayMove('processing', 'failed', 101, 100))
  })
})
