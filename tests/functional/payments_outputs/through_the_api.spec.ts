import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type { ParsedMail } from 'mailparser'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { SmtpReceiver } from '#tests/support/smtp_receiver'
import { WebhookReceiver, waitUntil } from '#tests/support/webhook_receiver'
import { compactText, fetchInvoice, readPdf } from '#tests/support/pdf'
import { serverUrl } from '#tests/support/app_process'
import {
  startPaymentOutputs,
  bankTransferMethod,
  cardOrder,
  cashOnDeliveryMethod,
  deliverWebhook,
  intentEvent,
  placeOrderPaying,
  startStripe,
  succeededEvent,
} from '#tests/support/payments'
import type { StripeStandIn } from '#tests/support/stripe_stand_in'
import { jwtSigner } from '#config/auth'

function text(mail: ParsedMail) {
  return [String(mail.html).replace(/<[^>]+>/g, ''), mail.text ?? '']
}

/**
 * The mails to `email` with `subject`, waiting for the first `count`.
 */
async function mailsWithSubject(smtp: SmtpReceiver, email: string, subject: string, count = 1) {
  await waitUntil(
    () => smtp.to(email).filter((mail) => mail.subject === subject).length >= count,
    `${count} mail(s) "${subject}"`
  )
  return smtp.to(email).filter((mail) => mail.subject === subject)
}

/**
 * The `order.payment_changed` events in the order they were published: by
 * their first delivery's id (an increment), since `created_at` keeps whole
 * seconds on SQLite and event ids are random.
 */
async function paymentWebhooks() {
  const rows = await db
    .from('webhook_events')
    .where('type', 'order.payment_changed')
    .orderByRaw('(select min(d.id) from webhook_deliveries d where d.event_id = webhook_events.id)')
  return rows.map((row) => JSON.parse(row.body).data)
}

/**
 * The outputs of real payments (issue 20), made through the API with the
 * payment service: the customer's mails (real SMTP), the webhook events
 * and the invoice.
 */
test.group(
  'Payments (issue 20): mails, webhooks and invoice of payments made through the API',
  (group) => {
    let smtp: SmtpReceiver
    let receiver: WebhookReceiver
    let standIn: StripeStandIn
    group.setup(async () => {
      const outputs = await startPaymentOutputs()
      smtp = outputs.smtp
      receiver = outputs.receiver
      return outputs.stop
    })
    group.each.timeout(60_000)
    group.each.setup(async () => {
      await truncateAll()
      smtp.messages.length = 0
      receiver.received.length = 0
      const stripe = await startStripe()
      standIn = stripe.standIn
      return () => stripe.stop()
    })

    async function subscribe(client: any) {
      const admin = await UserFactory.apply('admin').create()
      const response = await client
        .post('/api/v1/admin/webhooks')
        .loginAs(admin)
        .json({ url: receiver.url, events: ['order.payment_changed'] })
      response.assertStatus(201)
    }

    test('bank transfer: staff record the money, then refund part of it: two mails, two events, the invoice lists both', async ({
      client,
      assert,
    }) => {
      await subscribe(client)
      await bankTransferMethod()
      const customer = await UserFactory.create()
      const staff = await UserFactory.apply('staff').create()
      const product = await ProductFactory.merge({ price: 1250, stock: 5 }).create()
      const number = await placeOrderPaying(client, customer, [[product, 2]], 'transfer')

      const recorded = await client
        .post(`/api/v1/admin/orders/${number}/payments`)
        .loginAs(staff)
        .json({ amount: '25.00', reference: 'BANK-42' })
      recorded.assertStatus(200)
      const [received] = await mailsWithSubject(
        smtp,
        customer.email,
        `Payment received for order ${number}`
      )
      for (const part of text(received)) {
        assert.include(part, 'payment of 25.00 USD')
        assert.include(part, 'Bank transfer')
      }

      const refunded = await client
        .post(`/api/v1/admin/orders/${number}/refunds`)
        .loginAs(staff)
        .header('Idempotency-Key', 'refund-scratched-lid')
        .json({ amount: '5.00', reason: 'Scratched lid', reference: 'BANK-OUT-7' })
      refunded.assertStatus(201)
      assert.equal(refunded.body().data.status, 'succeeded')
      const [refund] = await mailsWithSubject(smtp, customer.email, `Refund for order ${number}`)
      for (const part of text(refund)) {
        assert.include(part, 'refunded 5.00 USD')
        assert.include(part, 'Net paid: 20.00 USD')
      }

      await waitUntil(async () => receiver.received.length === 2, 'two deliveries')
      const events = await paymentWebhooks()
      assert.deepEqual(
        events.map((data) => [data.from_payment_status, data.to_payment_status, data.amount]),
        [
          ['unpaid', 'paid', '25.00'],
          ['paid', 'partially_refunded', '5.00'],
        ]
      )
      assert.equal(events[0].order.number, number)

      const invoice = await fetchInvoice(
        serverUrl(),
        number,
        (await jwtSigner.sign(customer)).value
      )
      assert.equal(invoice.status, 200)
      const pdf = compactText((await readPdf(invoice.bytes)).text)
      const today = DateTime.utc().toFormat('yyyy-MM-dd')
      assert.include(pdf, compactText('Payment: partially refunded'))
      assert.include(pdf, compactText('Payment method: Bank transfer'))
      assert.include(pdf, compactText('Amount paid: 25.00 USD'))
      assert.include(
        pdf,
        compactText(`Refund ${today} (ref. BANK-OUT-7, Scratched lid): -5.00 USD`)
      )
      assert.include(pdf, compactText('Net paid: 20.00 USD'))
    })

    test('card: a declined attempt mails "pay again" with the decline message; the retry that succeeds mails the receipt', async ({
      client,
      assert,
    }) => {
      const { customer, number, intent } = await cardOrder(client, standIn, { price: 2500 })
      const created = Math.floor(Date.now() / 1000)
      const failed = intentEvent(
        standIn,
        intent.id,
        'payment_intent.payment_failed',
        {
          status: 'requires_payment_method',
          last_payment_error: {
            type: 'card_error',
            code: 'card_declined',
            message: 'Your card was declined.',
          },
        },
        { created: created - 10 }
      )
      ;(await deliverWebhook(client, failed)).assertStatus(200)
      const [declined] = await mailsWithSubject(
        smtp,
        customer.email,
        `Payment failed for order ${number}: please pay again`
      )
      for (const part of text(declined)) {
        assert.include(part, 'Your card was declined.')
        assert.include(part, '50.00 USD')
        assert.include(part, 'kept for you until')
      }

      const again = await client.post(`/api/v1/orders/${number}/payment`).loginAs(customer)
      again.assertStatus(200)
      const retry = standIn.intent(again.body().data.payment_intent)
      const paid = succeededEvent(standIn, retry.id, { created: created + 10 })
      ;(await deliverWebhook(client, paid)).assertStatus(200)
      // A redelivery of the same event changes nothing and mails nothing more.
      ;(await deliverWebhook(client, paid)).assertStatus(200)
      const [receipt] = await mailsWithSubject(
        smtp,
        customer.email,
        `Payment received for order ${number}`
      )
      assert.include(receipt.text, 'payment of 50.00 USD')
      const kinds = await db.from('outbox_messages').where('job_name', 'mail.send').orderBy('id')
      assert.deepEqual(
        kinds.map((row) => JSON.parse(row.payload).kind),
        ['order_placed', 'payment_failed', 'payment_received']
      )
    })

    test('cash on delivery: shipping sends no payment mail; delivery records the money and mails the receipt', async ({
      client,
      assert,
    }) => {
      await cashOnDeliveryMethod()
      const customer = await UserFactory.create()
      const staff = await UserFactory.apply('staff').create()
      const product = await ProductFactory.merge({ price: 1999, stock: 5 }).create()
      const number = await placeOrderPaying(client, customer, [[product, 1]], 'cod')

      for (const status of ['shipped', 'delivered']) {
        const moved = await client
          .patch(`/api/v1/admin/orders/${number}/status`)
          .loginAs(staff)
          .json({ status })
        moved.assertStatus(200)
      }
      const [receipt] = await mailsWithSubject(
        smtp,
        customer.email,
        `Payment received for order ${number}`
      )
      for (const part of text(receipt)) {
        assert.include(part, 'payment of 19.99 USD')
        assert.include(part, 'Cash on delivery')
      }
      await mailsWithSubject(smtp, customer.email, `Order ${number} has shipped`)
      const queued = await db.from('outbox_messages').where('job_name', 'mail.send').orderBy('id')
      assert.deepEqual(
        queued.map((row) => JSON.parse(row.payload).kind),
        ['order_placed', 'order_shipped', 'payment_received']
      )
      const invoice = await fetchInvoice(
        serverUrl(),
        number,
        (await jwtSigner.sign(customer)).value
      )
      const pdf = compactText((await readPdf(invoice.bytes)).text)
      assert.include(pdf, compactText('Payment method: Cash on delivery (pay on delivery)'))
      assert.include(pdf, compactText('Amount paid: 19.99 USD'))
      assert.notInclude(pdf, 'Netpaid')
    })
  }
)
