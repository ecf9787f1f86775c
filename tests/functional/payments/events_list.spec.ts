import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import PaymentProviderEvent from '#models/payment_provider_event'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'

/**
 * GET /api/v1/admin/payment-events pages by cursor like every list (issue
 * 21, item 1), within its filter.
 */
test.group('Payments: the provider events list pages by cursor', (group) => {
  group.each.setup(() => truncateAll())

  test('newest first; the next page by cursor is the same as by page; a cursor belongs to its filter', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    for (let index = 1; index <= 5; index++) {
      await PaymentProviderEvent.create({
        provider: 'stripe',
        eventId: `evt_${index}`,
        type: 'payment_intent.succeeded',
        orderId: null,
        paymentId: null,
        outcome: index % 2 ? 'refused' : 'ignored',
        needsAttention: index % 2 === 1,
        message: `event ${index}`,
        amount: null,
        currency: null,
        receivedAt: DateTime.now(),
      })
    }
    const first = await client.get('/api/v1/admin/payment-events?per_page=2').loginAs(staff)
    first.assertStatus(200)
    assert.deepEqual(
      first.body().data.map((event: any) => event.event_id),
      ['evt_5', 'evt_4']
    )
    const byPage = await client.get('/api/v1/admin/payment-events?per_page=2&page=2').loginAs(staff)
    const cursor = encodeURIComponent(first.body().meta.next_cursor)
    const byCursor = await client
      .get(`/api/v1/admin/payment-events?per_page=2&cursor=${cursor}`)
      .loginAs(staff)
    byCursor.assertStatus(200)
    assert.deepEqual(
      byCursor.body().data.map((event: any) => event.event_id),
      byPage.body().data.map((event: any) => event.event_id)
    )
    assert.deepEqual(
      byCursor.body().data.map((event: any) => event.event_id),
      ['evt_3', 'evt_2']
    )
    assert.isNull(byCursor.body().meta.total)

    const flagged = await client
      .get('/api/v1/admin/payment-events?needs_attention=true&per_page=2')
      .loginAs(staff)
    assert.deepEqual(
      flagged.body().data.map((event: any) => event.event_id),
      ['evt_5', 'evt_3']
    )
    const rest = await client
      .get(
        `/api/v1/admin/payment-events?needs_attention=true&per_page=2&cursor=${encodeURIComponent(flagged.body().meta.next_cursor)}`
      )
      .loginAs(staff)
    assert.deepEqual(
      rest.body().data.map((event: any) => event.event_id),
      ['evt_1']
    )
    assert.isNull(rest.body().meta.next_cursor)
    // The unfiltered list's cursor is not one of the filtered list.
    const wrong = await client
      .get(`/api/v1/admin/payment-events?needs_attention=true&per_page=2&cursor=${cursor}`)
      .loginAs(staff)
    wrong.assertStatus(422)
    assert.equal(wrong.body().errors[0].field, 'cursor')
  })
})
