import { test } from '@japa/runner'
import {
  ACTOR_ROLES,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  allowedMoves,
  canMove,
  isOrderStatus,
  type ActorRole,
  type OrderStatus,
} from '#domain/order_transitions'
import { ORDER_STATUSES as MODEL_ORDER_STATUSES } from '#models/order'
import { USER_ROLES } from '#models/user'

/**
 * Every (from, to, role) and what must happen, written out rather than
 * derived, so a change to the table shows up here.
 */
const ALLOWED: Record<ActorRole, Array<[OrderStatus, OrderStatus]>> = {
  customer: [['pending', 'cancelled']],
  staff: [
    ['pending', 'shipped'],
    ['pending', 'cancelled'],
    ['shipped', 'delivered'],
  ],
  admin: [
    ['pending', 'shipped'],
    ['pending', 'cancelled'],
    ['shipped', 'delivered'],
  ],
}

const cases = ACTOR_ROLES.flatMap((role) =>
  ORDER_STATUSES.flatMap((from) =>
    ORDER_STATUSES.map((to) => ({
      role,
      from,
      to,
      allowed: ALLOWED[role].some(([a, b]) => a === from && b === to),
    }))
  )
)

test.group('order transitions', () => {
  test("the statuses and roles are the models' ones", ({ assert }) => {
    assert.deepEqual([...ORDER_STATUSES], [...MODEL_ORDER_STATUSES])
    assert.deepEqual([...ACTOR_ROLES], [...USER_ROLES])
  })

  test('the machine: pending -> shipped -> delivered, pending -> cancelled', ({ assert }) => {
    assert.deepEqual(ORDER_TRANSITIONS, {
      pending: ['shipped', 'cancelled'],
      shipped: ['delivered'],
      delivered: [],
      cancelled: [],
    })
  })

  test('{role}: {from} -> {to} allowed={allowed}')
    .with(cases)
    .run(({ assert }, { role, from, to, allowed }) => {
      const decision = canMove(from, to, role, 'SO-261122-7KQ3MZ4P')
      assert.strictEqual(decision.allowed, allowed)
      assert.strictEqual(allowedMoves(from, role).includes(to), allowed)
      if (decision.allowed) {
        return
      }
      const staff = role !== 'customer'
      const machine = ORDER_TRANSITIONS[from]
      const expectedReason = !machine.length
        ? 'final'
        : machine.includes(to)
          ? 'not_for_role'
          : 'not_in_machine'
      assert.strictEqual(decision.reason, expectedReason)
      assert.deepEqual(decision.allowedMoves, allowedMoves(from, role))
      assert.strictEqual(
        decision.message,
        decision.allowedMoves.length
          ? `Order SO-261122-7KQ3MZ4P is ${from}: it can move to ${decision.allowedMoves.join(' or ')}, not ${to}`
          : `Order SO-261122-7KQ3MZ4P is ${from}: no change is possible${staff ? '' : ' for you'}`
      )
    })

  test('the messages the API sends', ({ assert }) => {
    assert.deepEqual(canMove('pending', 'delivered', 'staff', 'SO-1'), {
      allowed: false,
      reason: 'not_in_machine',
      message: 'Order SO-1 is pending: it can move to shipped or cancelled, not delivered',
      allowedMoves: ['shipped', 'cancelled'],
    })
    assert.deepEqual(canMove('pending', 'shipped', 'customer', 'SO-1'), {
      allowed: false,
      reason: 'not_for_role',
      message: 'Order SO-1 is pending: it can move to cancelled, not shipped',
      allowedMoves: ['cancelled'],
    })
    assert.deepEqual(canMove('shipped', 'cancelled', 'customer', 'SO-1'), {
      allowed: false,
      reason: 'not_in_machine',
      message: 'Order SO-1 is shipped: no change is possible for you',
      allowedMoves: [],
    })
    assert.deepEqual(canMove('delivered', 'cancelled', 'admin'), {
      allowed: false,
      reason: 'final',
      message: 'The order is delivered: no change is possible',
      allowedMoves: [],
    })
  })

  test("a customer may not move someone else's order at all: {0} -> {1}")
    .with<[OrderStatus, OrderStatus][]>(
      ORDER_STATUSES.flatMap((from) =>
        ORDER_STATUSES.map((to): [OrderStatus, OrderStatus] => [from, to])
      )
    )
    .run(({ assert }, [from, to]) => {
      const stranger = { role: 'customer' as const, ownsOrder: false }
      assert.deepEqual(allowedMoves(from, stranger), [])
      assert.deepEqual(canMove(from, to, stranger), {
        allowed: false,
        reason: 'not_owner',
        message: 'Order not found',
        allowedMoves: [],
      })
    })

  test('staff act on any order, theirs or not', ({ assert }) => {
    for (const role of ['staff', 'admin'] as const) {
      assert.deepEqual(canMove('pending', 'shipped', { role, ownsOrder: false }), {
        allowed: true,
      })
    }
  })

  test('an unknown status allows nothing', ({ assert }) => {
    assert.isFalse(isOrderStatus('refunded'))
    assert.isTrue(isOrderStatus('pending'))
    assert.deepEqual(allowedMoves('refunded' as OrderStatus, 'admin'), [])
    assert.isFalse(canMove('refunded' as OrderStatus, 'cancelled', 'admin').allowed)
  })

  test('the table cannot be changed at run time by a caller', ({ assert }) => {
    const moves = allowedMoves('pending', 'staff')
    moves.push('delivered')
    assert.deepEqual(allowedMoves('pending', 'staff'), ['shipped', 'cancelled'])
  })
})
