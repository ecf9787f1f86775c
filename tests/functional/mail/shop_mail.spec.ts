import { test } from '@japa/runner'
import Order from '#models/order'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { SmtpReceiver } from '#tests/support/smtp_receiver'
import { MAIL_KINDS, sendShopMail } from '#services/shop_mail'
import { ShopSettingsService } from '#services/shop_settings_service'

/**
 * Each kind of e-mail, rendered from its templates and sent through SMTP
 * to a real server the test runs: both parts carry the facts and the
 * shop's name and address from its settings.
 */
test.group('Shop e-mails', (group) => {
  let smtp: SmtpReceiver
  group.each.setup(async () => {
    await truncateAll()
    smtp = await SmtpReceiver.start()
    return () => smtp.stop()
  })

  test('order confirmation: number, lines and total with currency in HTML and text', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.merge({ fullName: 'Ada <Lovelace>' }).create()
    const tea = await ProductFactory.merge({ name: 'Green & Tea', price: 1250, stock: 5 }).create()
    const cup = await ProductFactory.merge({ name: 'Cup', price: 399, stock: 5 }).create()
    const number = await placeOrder(client, customer, [
      [tea, 2],
      [cup, 1],
    ])
    const order = await Order.findByOrFail('number', number)
    const shop = await new ShopSettingsService().get()

    await sendShopMail({ kind: 'order_placed', orderId: order.id })

    const [mail] = await smtp.waitFor(1)
    assert.equal(mail.subject, `Order ${number} confirmed`)
    assert.deepEqual(mail.to && !Array.isArray(mail.to) ? mail.to.value[0] : null, {
      address: customer.email,
      name: 'Ada <Lovelace>',
    })
    assert.equal(mail.from?.value[0].name, shop.name)
    assert.equal(mail.from?.value[0].address, shop.email)
    const html = String(mail.html)
    const text = mail.text ?? ''
    for (const part of [html, text]) {
      assert.include(part, number)
      assert.include(part, `28.99 ${order.currency}`)
      assert.include(part, `12.50 ${order.currency}`)
      assert.include(part, shop.address.city)
      assert.include(part, shop.address.lines[0])
    }
    assert.include(html, 'Green &amp; Tea')
    assert.include(html, 'Ada &lt;Lovelace&gt;')
    assert.include(text, '2 x Green & Tea: 25.00')
    assert.include(text, 'Hello Ada <Lovelace>,')
    assert.notInclude(text, '&amp;')
    assert.notInclude(text, '&lt;')
    assert.lengthOf(smtp.messages, 1)
  })

  test('every kind renders both parts with the shop in them', async ({ client, assert }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ name: 'Kettle', price: 4500, stock: 3 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    const order = await Order.findByOrFail('number', number)
    const shop = await new ShopSettingsService().get()

    const expected: Record<(typeof MAIL_KINDS)[number], string[]> = {
      order_placed: [number, '45.00'],
      order_shipped: [number, 'left our warehouse'],
      order_cancelled: [number, 'has been cancelled', 'put back in stock', 'nothing to refund'],
      password_changed: ['password', customer.email],
      back_in_stock: ['Kettle', 'back in stock', `/api/v1/products/${product.slug}`],
      payment_received: [number, 'We received your payment', '45.00'],
      payment_refunded: [number, 'We refunded', 'Refunded in all'],
      payment_failed: [number, 'did not go through', 'Please pay again'],
    }
    for (const kind of MAIL_KINDS) {
      await sendShopMail({ kind, orderId: order.id, userId: customer.id, productId: product.id })
    }
    const mails = await smtp.waitFor(MAIL_KINDS.length)
    MAIL_KINDS.forEach((kind, index) => {
      const mail = mails[index]
      for (const part of [String(mail.html), mail.text ?? '']) {
        for (const fact of [...expected[kind], shop.name, shop.address.city]) {
          assert.include(part, fact, `${kind} mentions ${fact}`)
        }
      }
    })
  })

  test('a mail about something deleted is dropped, not sent', async ({ assert }) => {
    await sendShopMail({ kind: 'password_changed', userId: 999_999 })
    await sendShopMail({ kind: 'order_placed', orderId: 999_999 })
    const customer = await UserFactory.create()
    await sendShopMail({ kind: 'password_changed', userId: customer.id })
    const [mail] = await smtp.waitFor(1)
    assert.equal(mail.subject, 'Your password was changed')
    assert.lengthOf(smtp.messages, 1)
  })
})
