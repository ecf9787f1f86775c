import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Order from '#models/order'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { compactText, fetchInvoice, readPdf } from '#tests/support/pdf'
import { serverUrl } from '#tests/support/app_process'
import { jwtSigner } from '#config/auth'
import { placeOrder } from '#tests/support/orders'
import { InvoiceService } from '#services/invoice_service'

const CUSTOMERS = [
  { fullName: 'Łukasz Żółć', addressLine1: 'ul. Świętokrzyska 12', addressCity: 'Warszawa' },
  { fullName: 'Ελένη', addressLine1: 'Οδός Ερμού 5', addressCity: 'Αθήνα' },
  { fullName: 'Дмитрий', addressLine1: 'ул. Тверская 7', addressCity: 'Москва' },
  { fullName: '王小明', addressLine1: '长安街 1号', addressCity: '北京' },
]

test.group('Invoices: every script, numbered per year', (group) => {
  group.each.setup(() => truncateAll())

  test('an invoice prints Polish, Greek, Cyrillic and Chinese names and addresses as written', async ({
    client,
    assert,
  }) => {
    const product = await ProductFactory.merge({
      name: 'Čaj Ελληνικός Чай 茶',
      price: 1250,
      stock: 10,
    }).create()
    for (const customer of CUSTOMERS) {
      const user = await UserFactory.merge(customer).create()
      const number = await placeOrder(client, user, [[product, 1]])
      const token = (await jwtSigner.sign(user)).value
      const invoice = await fetchInvoice(serverUrl(), number, token)
      assert.equal(invoice.status, 200)
      const pdf = await readPdf(invoice.bytes)
      const text = compactText(pdf.text)
      for (const expected of [
        customer.fullName,
        customer.addressLine1,
        `${user.addressPostalCode} ${customer.addressCity}`,
        product.name,
        'Demo Shop',
        '12.50 USD',
      ]) {
        assert.include(text, compactText(expected), `${expected} in ${pdf.text}`)
      }
      const order = await Order.findByOrFail('number', number)
      assert.match(order.invoiceNumber!, /^\d{4}-\d{6}$/)
      assert.include(pdf.text, order.invoiceNumber!)
    }
  })

  test('the shop and the customer are printed in the same address format', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({
      addressLine1: '9 Elm Road',
      addressPostalCode: '54321',
      addressCity: 'Shelbyville',
      addressCountry: 'US',
    }).create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, user, [[product, 1]])
    const invoice = await fetchInvoice(serverUrl(), number, (await jwtSigner.sign(user)).value)
    const text = (await readPdf(invoice.bytes)).text.replace(/\s+/g, ' ')
    // Defaults of config/orders.ts: 1 Demo Street | 12345 | Springfield | US
    assert.include(text, '1 Demo Street 12345 Springfield US')
    assert.include(text, `${user.fullName} 9 Elm Road 54321 Shelbyville US`)
  })

  test('50 concurrent first requests for 50 orders get 50 consecutive numbers; a second request the same one', async ({
    client,
    assert,
  }) => {
    const product = await ProductFactory.merge({ stock: 100 }).create()
    const orders: Array<{ number: string; token: string }> = []
    for (let index = 0; index < 50; index++) {
      const user = await UserFactory.create()
      orders.push({
        number: await placeOrder(client, user, [[product, 1]]),
        token: (await jwtSigner.sign(user)).value,
      })
    }

    const statuses = await Promise.all(
      orders.map(({ number, token }) =>
        fetchInvoice(serverUrl(), number, token).then((invoice) => invoice.status)
      )
    )
    assert.deepEqual(statuses, Array(50).fill(200))

    const year = DateTime.utc().year
    const rows = await db.from('orders').select('number', 'invoice_number')
    const issued = rows.map((row) => row.invoice_number as string).sort()
    assert.deepEqual(
      issued,
      Array.from({ length: 50 }, (_, index) => `${year}-${String(index + 1).padStart(6, '0')}`)
    )
    const sequence = await db.from('invoice_sequences').where('year', year).firstOrFail()
    assert.equal(Number(sequence.last_number), 50)

    const again = await fetchInvoice(serverUrl(), orders[7].number, orders[7].token)
    const first = rows.find((row) => row.number === orders[7].number)!.invoice_number
    assert.include((await readPdf(again.bytes)).text, `Invoice ${first}`)
    assert.equal((await Order.findByOrFail('number', orders[7].number)).invoiceNumber, first)
    assert.equal(
      Number((await db.from('invoice_sequences').where('year', year).firstOrFail()).last_number),
      50
    )
  })

  test('concurrent first requests for one order agree on one number', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, user, [[product, 1]])
    const token = (await jwtSigner.sign(user)).value
    const before = await client.get(`/api/v1/orders/${number}`).loginAs(user)
    before.assertStatus(200)
    assert.isNull(before.body().data.invoice_number)

    const texts = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const invoice = await fetchInvoice(serverUrl(), number, token)
        assert.equal(invoice.status, 200)
        return (await readPdf(invoice.bytes)).text
      })
    )
    const year = DateTime.utc().year
    const expected = `${year}-000001`
    for (const text of texts) {
      assert.include(text, `Invoice ${expected}`)
    }
    assert.equal((await Order.findByOrFail('number', number)).invoiceNumber, expected)
    const after = await client.get(`/api/v1/orders/${number}`).loginAs(user)
    after.assertStatus(200)
    assert.equal(after.body().data.invoice_number, expected)
    const sequence = await db.from('invoice_sequences').where('year', year).firstOrFail()
    assert.equal(Number(sequence.last_number), 1)
  })

  test('a missing font file is an error naming it, and no number is allocated', async ({
    client,
    assert,
  }) => {
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, await UserFactory.create(), [[product, 1]])
    const order = await Order.query().where('number', number).preload('items').firstOrFail()
    const configured = app.config.get<string>('invoice.fonts.cjk')
    app.config.set('invoice.fonts.cjk', '/nonexistent/NoSuchFont.ttf')
    try {
      await assert.rejects(
        () => new InvoiceService().render(order),
        /invoice fonts missing: cjk \(\/nonexistent\/NoSuchFont\.ttf\)/
      )
    } finally {
      app.config.set('invoice.fonts.cjk', configured)
    }
    await order.refresh()
    assert.isNull(order.invoiceNumber)
    assert.lengthOf(await db.from('invoice_sequences'), 0)
  })

  test('numbers restart each year; an order keeps the number it was given', async ({
    client,
    assert,
  }) => {
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const ids: number[] = []
    for (let index = 0; index < 3; index++) {
      const number = await placeOrder(client, await UserFactory.create(), [[product, 1]])
      ids.push((await Order.findByOrFail('number', number)).id)
    }
    const invoices = await app.container.make(InvoiceService)

    assert.equal(await invoices.allocate(ids[0], 2031), '2031-000001')
    assert.equal(await invoices.allocate(ids[1], 2031), '2031-000002')
    assert.equal(await invoices.allocate(ids[2], 2032), '2032-000001')
    assert.equal(await invoices.allocate(ids[0], 2032), '2031-000001')
    const sequences = await db.from('invoice_sequences').orderBy('year')
    assert.deepEqual(
      sequences.map((row) => [Number(row.year), Number(row.last_number)]),
      [
        [2031, 2],
        [2032, 1],
      ]
    )
  })
})
