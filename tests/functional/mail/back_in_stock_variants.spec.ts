import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { SmtpReceiver } from '#tests/support/smtp_receiver'
import { createProductWithVariants, ledgerMismatches } from '#tests/support/variants'
import jobsConfig from '#config/jobs'
import { JobQueue } from '#services/job_queue'
import { StockService } from '#services/stock_service'

/**
 * Back-in-stock requests per variant (issue 18's request on issue 17's
 * variants): a request names a variant (variant_id or sku) and ends when
 * THAT variant comes back, by any stock movement; one without a variant
 * ends when the product (its active variants together) comes back.
 */
const subscriptions = (product: number | string) =>
  `/api/v1/products/${product}/stock-subscriptions`
const adjust = (variantId: number) => `/api/v1/variants/${variantId}/stock-adjustments`

/**
 * "Tee": M / red, L / red out of stock, S / blue with `blue` units (0: the
 * whole product is out of stock), and an inactive L / blue.
 */
async function tee(blue = 0, name = 'Tee') {
  const prefix = name.toUpperCase().replace(/[^A-Z]/g, '')
  const { product, variants } = await createProductWithVariants({
    name,
    options: [
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['red', 'blue'] },
    ],
    variants: [
      { sku: `${prefix}-M-RED`, values: ['M', 'red'], price: 1900, stock: 0 },
      { sku: `${prefix}-L-RED`, values: ['L', 'red'], price: 2100, stock: 0 },
      { sku: `${prefix}-S-BLUE`, values: ['S', 'blue'], price: 1800, stock: blue },
      { sku: `${prefix}-L-BLUE`, values: ['L', 'blue'], price: 2100, stock: 0, isActive: false },
    ],
  })
  const [mRed, lRed, sBlue, lBlue] = variants
  return { product, mRed, lRed, sBlue, lBlue }
}

async function requestsOf(userId: number) {
  const rows = await db
    .from('stock_subscriptions')
    .where('user_id', userId)
    .orderBy('id')
    .select('product_id', 'variant_id', 'notified_at')
  return rows.map((row) => ({
    product: Number(row.product_id),
    variant: row.variant_id === null ? null : Number(row.variant_id),
    open: row.notified_at === null,
  }))
}

async function queuedBackInStock() {
  const rows = await db.from('outbox_messages').where('job_name', 'mail.send').orderBy('id')
  return rows
    .map((row) => JSON.parse(row.payload))
    .filter((payload) => payload.kind === 'back_in_stock')
}

test.group('Back in stock per variant: asking', (group) => {
  group.each.setup(() => truncateAll())

  test('a request names a variant by id or SKU: 201, then 200 with the same request; a product-level one is another request', async ({
    client,
    assert,
  }) => {
    const ada = await UserFactory.create()
    const { product, mRed } = await tee()

    const first = await client
      .post(subscriptions(product.id))
      .loginAs(ada)
      .json({ variant_id: mRed.id })
    first.assertStatus(201)
    assert.deepInclude(first.body().data, {
      product_id: product.id,
      variant_id: mRed.id,
      sku: 'TEE-M-RED',
    })

    const again = await client
      .post(subscriptions(product.slug))
      .loginAs(ada)
      .json({ sku: 'TEE-M-RED' })
    again.assertStatus(200)
    assert.deepEqual(again.body().data, first.body().data)

    // No body at all, or an empty one: the product as a whole.
    const whole = await client.post(subscriptions(product.id)).loginAs(ada)
    whole.assertStatus(201)
    assert.deepInclude(whole.body().data, { product_id: product.id, variant_id: null, sku: null })
    const wholeAgain = await client.post(subscriptions(product.id)).loginAs(ada).json({})
    wholeAgain.assertStatus(200)
    assert.deepEqual(wholeAgain.body().data, whole.body().data)

    assert.deepEqual(await requestsOf(ada.id), [
      { product: product.id, variant: mRed.id, open: true },
      { product: product.id, variant: null, open: true },
    ])
  })

  test('the same request ten times at once: one row, one 201, the others 200 with it', async ({
    client,
    assert,
  }) => {
    const ada = await UserFactory.create()
    const { product, mRed } = await tee()
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        client
          .post(subscriptions(product.id))
          .loginAs(ada)
          .json(index % 2 ? { variant_id: mRed.id } : { sku: mRed.sku })
      )
    )
    assert.deepEqual(
      responses.map((response) => response.status()).sort(),
      [200, 200, 200, 200, 200, 200, 200, 200, 200, 201]
    )
    for (const response of responses) {
      assert.deepEqual(response.body().data, responses[0].body().data)
    }
    assert.deepEqual(await requestsOf(ada.id), [
      { product: product.id, variant: mRed.id, open: true },
    ])
  })

  test('refused: another product’s, unknown or inactive variant (404), a variant in stock (409), a product-level request while any active variant is in stock (409), bad input (422)', async ({
    client,
    assert,
  }) => {
    const ada = await UserFactory.create()
    const { product, mRed, sBlue, lBlue } = await tee(4)
    const other = await tee(0, 'Mug')

    const foreign = await client
      .post(subscriptions(product.id))
      .loginAs(ada)
      .json({ variant_id: other.mRed.id })
    foreign.assertStatus(404)
    assert.equal(foreign.body().errors[0].field, 'variant_id')
    assert.include(foreign.body().errors[0].message, `id ${other.mRed.id}`)
    const foreignSku = await client
      .post(subscriptions(product.id))
      .loginAs(ada)
      .json({ sku: 'MUG-M-RED' })
    foreignSku.assertStatus(404)
    assert.equal(foreignSku.body().errors[0].field, 'sku')
    ;(
      await client.post(subscriptions(product.id)).loginAs(ada).json({ sku: 'NO-SUCH-SKU' })
    ).assertStatus(404)
    ;(
      await client.post(subscriptions(product.id)).loginAs(ada).json({ variant_id: 2_147_483_647 })
    ).assertStatus(404)
    ;(
      await client.post(subscriptions(product.id)).loginAs(ada).json({ variant_id: lBlue.id })
    ).assertStatus(404)
    // The SKU is matched as written.
    ;(
      await client.post(subscriptions(product.id)).loginAs(ada).json({ sku: 'tee-m-red' })
    ).assertStatus(404)
    // A known variant on an unknown product is still 404.
    ;(
      await client.post(subscriptions(999_999)).loginAs(ada).json({ variant_id: mRed.id })
    ).assertStatus(404)

    const inStock = await client
      .post(subscriptions(product.id))
      .loginAs(ada)
      .json({ sku: sBlue.sku })
    inStock.assertStatus(409)
    assert.equal(inStock.body().errors[0].code, 'E_PRODUCT_IN_STOCK')
    assert.equal(inStock.body().errors[0].field, 'sku')
    assert.include(inStock.body().errors[0].message, 'Tee (S / blue)')

    const productLevel = await client.post(subscriptions(product.id)).loginAs(ada)
    productLevel.assertStatus(409)
    assert.equal(productLevel.body().errors[0].code, 'E_PRODUCT_IN_STOCK')
    assert.equal(productLevel.body().errors[0].field, 'product')

    for (const body of [
      { variant_id: mRed.id, sku: mRed.sku },
      { variant_id: String(mRed.id) },
      { variant_id: 0 },
      { variant_id: 1.5 },
      { sku: 'TEE M RED' },
      { sku: '' },
      { variant: mRed.id },
    ]) {
      const response = await client.post(subscriptions(product.id)).loginAs(ada).json(body)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].code, 'E_VALIDATION_ERROR', JSON.stringify(body))
    }
    for (const query of [
      { variant_id: 'abc' },
      { variant_id: mRed.id, sku: mRed.sku },
      { size: 'M' },
    ]) {
      const response = await client.delete(subscriptions(product.id)).loginAs(ada).qs(query)
      response.assertStatus(422)
    }
    ;(await client.post(subscriptions(product.id)).json({ variant_id: mRed.id })).assertStatus(401)

    assert.deepEqual(await requestsOf(ada.id), [])
  })

  test('a product-level request counts only active variants: an inactive one in stock does not refuse it', async ({
    client,
    assert,
  }) => {
    const ada = await UserFactory.create()
    const { product } = await createProductWithVariants({
      name: 'Lamp',
      options: [{ name: 'Colour', values: ['black', 'white'] }],
      variants: [
        { sku: 'LAMP-BLACK', values: ['black'], price: 5000, stock: 0 },
        { sku: 'LAMP-WHITE', values: ['white'], price: 5000, stock: 7, isActive: false },
      ],
    })
    ;(await client.post(subscriptions(product.id)).loginAs(ada)).assertStatus(201)
    assert.lengthOf(await requestsOf(ada.id), 1)
  })

  test('DELETE with ?variant_id= or ?sku= withdraws that variant’s request only', async ({
    client,
    assert,
  }) => {
    const ada = await UserFactory.create()
    const { product, mRed, lRed } = await tee()
    const other = await tee(0, 'Mug')
    for (const body of [{ variant_id: mRed.id }, { sku: lRed.sku }, {}]) {
      ;(await client.post(subscriptions(product.id)).loginAs(ada).json(body)).assertStatus(201)
    }

    ;(
      await client.delete(subscriptions(product.id)).loginAs(ada).qs({ variant_id: mRed.id })
    ).assertStatus(204)
    assert.deepEqual(
      (await requestsOf(ada.id)).map((row) => row.variant),
      [lRed.id, null]
    )
    // Again: nothing open, still 204. Another product's variant: 404.
    ;(
      await client.delete(subscriptions(product.id)).loginAs(ada).qs({ variant_id: mRed.id })
    ).assertStatus(204)
    ;(
      await client.delete(subscriptions(product.id)).loginAs(ada).qs({ variant_id: other.mRed.id })
    ).assertStatus(404)
    ;(
      await client.delete(subscriptions(product.id)).loginAs(ada).qs({ sku: 'NO-SUCH' })
    ).assertStatus(404)

    // Without a variant: the product-level request only.
    ;(await client.delete(subscriptions(product.id)).loginAs(ada)).assertStatus(204)
    assert.deepEqual(
      (await requestsOf(ada.id)).map((row) => row.variant),
      [lRed.id]
    )
    ;(
      await client.delete(subscriptions(product.slug)).loginAs(ada).qs({ sku: lRed.sku })
    ).assertStatus(204)
    assert.deepEqual(await requestsOf(ada.id), [])
  })
})

test.group('Back in stock per variant: the notice', (group) => {
  let smtp: SmtpReceiver
  const savedPollMs = jobsConfig.pollMs

  group.setup(async () => {
    smtp = await SmtpReceiver.start()
    jobsConfig.pollMs = 100
    await JobQueue.start({ worker: true })
    return async () => {
      await JobQueue.stop()
      await smtp.stop()
      jobsConfig.pollMs = savedPollMs
    }
  })
  group.each.setup(async () => {
    await truncateAll()
    smtp.messages.length = 0
  })

  test('a variant request ends only when THAT variant comes back; the product-level one when the first variant does; a second restock sends nothing', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const ada = await UserFactory.create()
    const bob = await UserFactory.create()
    const cyd = await UserFactory.create()
    const { product, mRed, lRed } = await tee()
    ;(
      await client.post(subscriptions(product.id)).loginAs(ada).json({ sku: 'TEE-M-RED' })
    ).assertStatus(201)
    ;(
      await client.post(subscriptions(product.id)).loginAs(bob).json({ variant_id: lRed.id })
    ).assertStatus(201)
    ;(await client.post(subscriptions(product.id)).loginAs(cyd)).assertStatus(201)

    // L / red comes back: Bob (that variant) and Cyd (the product) hear.
    ;(
      await client.post(adjust(lRed.id)).loginAs(staff).json({ delta: 2, reason: 'delivery' })
    ).assertStatus(200)
    await smtp.waitFor(2)
    const [bobs] = smtp.to(bob.email)
    assert.equal(bobs.subject, 'Tee (L / red) is back in stock')
    for (const part of [String(bobs.html), bobs.text ?? '']) {
      assert.include(part, 'Tee (L / red)')
      assert.include(part, 'TEE-L-RED')
      assert.include(part, '21.00')
      assert.include(part, `/api/v1/products/${product.slug}`)
    }
    const [cyds] = smtp.to(cyd.email)
    assert.equal(cyds.subject, 'Tee is back in stock')
    assert.include(cyds.text ?? '', 'from 18.00')
    assert.lengthOf(smtp.to(ada.email), 0)
    assert.deepEqual(await requestsOf(ada.id), [
      { product: product.id, variant: mRed.id, open: true },
    ])

    // M / red comes back: Ada hears, about M / red.
    ;(
      await client
        .post(adjust(mRed.id))
        .loginAs(staff)
        .json({ set: 3, expected: 0, reason: 'count' })
    ).assertStatus(200)
    await smtp.waitFor(3)
    const [adas] = smtp.to(ada.email)
    assert.equal(adas.subject, 'Tee (M / red) is back in stock')
    for (const part of [String(adas.html), adas.text ?? '']) {
      assert.include(part, 'Tee (M / red)')
      assert.include(part, 'TEE-M-RED')
      assert.include(part, '19.00')
    }

    // Sold out and back again: every request is over, nothing is sent.
    for (const variant of [mRed, lRed]) {
      const current = Number(
        (await db.from('product_variants').where('id', variant.id).first()).stock
      )
      ;(
        await client
          .post(adjust(variant.id))
          .loginAs(staff)
          .json({ delta: -current, reason: 'count' })
      ).assertStatus(200)
      ;(
        await client.post(adjust(variant.id)).loginAs(staff).json({ delta: 1, reason: 'delivery' })
      ).assertStatus(200)
    }
    assert.lengthOf(await queuedBackInStock(), 3)
    assert.lengthOf(smtp.messages, 3)
    for (const user of [ada, bob, cyd]) {
      assert.isTrue((await requestsOf(user.id)).every((row) => !row.open))
    }
    assert.deepEqual(await ledgerMismatches(), [])
  })

  test('any movement brings a variant back: a cancelled order, a return, an import; a rolled-back move sends nothing', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const buyer = await UserFactory.create()
    const ada = await UserFactory.create()
    const bob = await UserFactory.create()
    const cyd = await UserFactory.create()
    const { product, mRed, lRed, sBlue } = await tee(1)

    // The buyer takes the last S / blue; Ada waits for it.
    const order = await client
      .post('/api/v1/orders')
      .loginAs(buyer)
      .json({ items: [{ variant_id: sBlue.id, quantity: 1 }] })
    order.assertStatus(201)
    const number = order.body().data.number
    ;(
      await client.post(subscriptions(product.id)).loginAs(ada).json({ sku: sBlue.sku })
    ).assertStatus(201)
    ;(
      await client.post(subscriptions(product.id)).loginAs(bob).json({ sku: mRed.sku })
    ).assertStatus(201)
    ;(
      await client.post(subscriptions(product.id)).loginAs(cyd).json({ sku: lRed.sku })
    ).assertStatus(201)

    // A rolled-back import of M / red: no notice, Bob's request stays open.
    await assert.rejects(() =>
      db.transaction(async (trx) => {
        await StockService.adjust(mRed.id, { delta: 5 }, trx, { reason: 'import' })
        throw new Error('the import failed on a later row')
      })
    )
    assert.lengthOf(await queuedBackInStock(), 0)
    assert.isTrue((await requestsOf(bob.id))[0].open)

    // The cancellation puts S / blue back: Ada hears.
    ;(await client.post(`/api/v1/orders/${number}/cancel`).loginAs(buyer)).assertStatus(200)
    // A return of L / red: Cyd hears.
    ;(
      await client
        .post(adjust(lRed.id))
        .loginAs(staff)
        .json({ delta: 1, reason: 'parcel came back', kind: 'return' })
    ).assertStatus(200)
    // An import raising M / red: Bob hears.
    await db.transaction((trx) =>
      StockService.adjust(mRed.id, { delta: 4 }, trx, { reason: 'import', note: 'stock.csv' })
    )

    await smtp.waitFor(5)
    assert.deepEqual(
      [ada, bob, cyd].map((user) => smtp.to(user.email).map((mail) => mail.subject)),
      [
        ['Tee (S / blue) is back in stock'],
        ['Tee (M / red) is back in stock'],
        ['Tee (L / red) is back in stock'],
      ]
    )
    assert.sameMembers(
      smtp.to(buyer.email).map((mail) => mail.subject),
      [`Order ${number} confirmed`, `Order ${number} was cancelled`]
    )
    assert.lengthOf(await queuedBackInStock(), 3)
    assert.deepEqual(await ledgerMismatches(), [])
  })

  test('a customer with a variant request and a product-level one gets one e-mail, naming the variant', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const ada = await UserFactory.create()
    const { product, mRed } = await tee()
    ;(
      await client.post(subscriptions(product.id)).loginAs(ada).json({ variant_id: mRed.id })
    ).assertStatus(201)
    ;(await client.post(subscriptions(product.id)).loginAs(ada)).assertStatus(201)

    ;(
      await client.post(adjust(mRed.id)).loginAs(staff).json({ delta: 1, reason: 'delivery' })
    ).assertStatus(200)
    await smtp.waitFor(1)
    assert.deepEqual(
      (await queuedBackInStock()).map((job) => [job.userId, job.variantId]),
      [[ada.id, mRed.id]]
    )
    assert.equal(smtp.messages[0].subject, 'Tee (M / red) is back in stock')
    assert.deepEqual(
      (await requestsOf(ada.id)).map((row) => row.open),
      [false, false]
    )
  })

  test('a variant deactivated since the request: its restock sends nothing and the request stays open', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const ada = await UserFactory.create()
    const { product, mRed } = await tee(2)
    ;(
      await client.post(subscriptions(product.id)).loginAs(ada).json({ variant_id: mRed.id })
    ).assertStatus(201)
    ;(
      await client.patch(`/api/v1/variants/${mRed.id}`).loginAs(staff).json({ is_active: false })
    ).assertStatus(200)

    ;(
      await client.post(adjust(mRed.id)).loginAs(staff).json({ delta: 3, reason: 'delivery' })
    ).assertStatus(200)
    assert.lengthOf(await queuedBackInStock(), 0)
    assert.deepEqual(await requestsOf(ada.id), [
      { product: product.id, variant: mRed.id, open: true },
    ])
    // Ada can still withdraw it.
    ;(
      await client.delete(subscriptions(product.id)).loginAs(ada).qs({ variant_id: mRed.id })
    ).assertStatus(204)
    assert.deepEqual(await requestsOf(ada.id), [])
  })
})
