import { test } from '@japa/runner'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Order from '#models/order'
import Promotion from '#models/promotion'
import PromotionRedemption from '#models/promotion_redemption'
import type User from '#models/user'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'

const ZONES = '/resources/shipping_zones'
const METHODS = '/resources/shipping_methods'
const RATES = '/resources/tax_rates'
const PROMOTIONS = '/resources/promotions'

async function staffPanel() {
  const staff = await UserFactory.apply('staff').create()
  return { staff, panel: await AdminSession.signIn(staff.email, 'password123') }
}

async function auditOf(resource: string) {
  const rows = await db.from('admin_actions').where('resource', resource).orderBy('id')
  return rows.map((row) => ({
    action: row.action,
    recordId: row.record_id,
    adminEmail: row.admin_email,
    changes: row.changes ? JSON.parse(row.changes) : null,
  }))
}

/**
 * A refused form: 200 with an error notice, the field's error and the
 * values typed.
 */
function assertRefused(
  assert: any,
  answer: { status: number; body: any },
  field: string,
  typed: Record<string, unknown>
) {
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  assert.equal(answer.body.notice?.type, 'error', JSON.stringify(answer.body))
  assert.property(answer.body.record.errors, field, JSON.stringify(answer.body.record.errors))
  for (const [key, value] of Object.entries(typed)) {
    assert.equal(answer.body.record.params[key], value, key)
  }
}

function assertSaved(assert: any, answer: { status: number; body: any }) {
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  assert.equal(answer.body.notice?.type, 'success', JSON.stringify(answer.body))
}

let sequence = 0

async function orderFor(
  user: User,
  fields: Partial<{
    status: Order['status']
    subtotal: number
    discountTotal: number
    shippingTotal: number
    taxTotal: number
    total: number
    createdAt: DateTime
    pricing: Order['pricing']
    couponCode: string | null
    shippingMethodName: string | null
    pricesIncludeTax: boolean
  }> = {}
) {
  sequence += 1
  const subtotal = fields.subtotal ?? 1000
  return Order.create({
    number: `ORD-PRICING-${sequence}`,
    userId: user.id,
    status: fields.status ?? 'pending',
    currency: 'EUR',
    subtotal,
    discountTotal: fields.discountTotal ?? 0,
    shippingTotal: fields.shippingTotal ?? 0,
    taxTotal: fields.taxTotal ?? 0,
    total: fields.total ?? subtotal,
    pricesIncludeTax: fields.pricesIncludeTax ?? false,
    couponCode: fields.couponCode ?? null,
    shippingMethodName: fields.shippingMethodName ?? null,
    pricing: fields.pricing ?? null,
    itemCount: 1,
    shipFullName: user.fullName ?? 'Someone',
    shipLine1: '1 Street',
    shipCity: 'Berlin',
    shipPostalCode: '10115',
    shipCountry: 'DE',
    ...(fields.createdAt ? { createdAt: fields.createdAt } : {}),
  })
}

test.group('Pricing in the panel (issue 19): zones, methods, tax rates, promotions', (group) => {
  group.each.setup(() => truncateAll())

  test('shipping zones: created, edited and deleted through the service (its methods with it), audited; bad countries are field errors and store nothing', async ({
    assert,
  }) => {
    const { staff, panel } = await staffPanel()

    const repeated = await panel.api('POST', `${ZONES}/actions/new`, {
      name: 'Domestic',
      countries: 'DE, de',
    })
    assertRefused(assert, repeated, 'countries', { name: 'Domestic', countries: 'DE, de' })
    const empty = await panel.api('POST', `${ZONES}/actions/new`, {
      name: 'Domestic',
      countries: '',
    })
    assertRefused(assert, empty, 'countries', {})
    const badCode = await panel.api('POST', `${ZONES}/actions/new`, {
      name: 'Domestic',
      countries: 'Germany',
    })
    assertRefused(assert, badCode, 'countries', { countries: 'Germany' })
    const noName = await panel.api('POST', `${ZONES}/actions/new`, { countries: 'DE' })
    assertRefused(assert, noName, 'name', {})
    assert.lengthOf(await db.from('shipping_zones'), 0)

    const created = await panel.api('POST', `${ZONES}/actions/new`, {
      name: 'EU',
      countries: 'de, at ,FR',
    })
    assertSaved(assert, created)
    const [zone] = await db.from('shipping_zones')
    assert.deepEqual(JSON.parse(zone.countries), ['DE', 'AT', 'FR'])
    assert.equal(created.body.record.params.countries, 'DE, AT, FR')
    assert.include(created.body.redirectUrl, `/shipping_zones/records/${zone.id}/show`)

    const shown = await panel.api('GET', `${ZONES}/records/${zone.id}/show`)
    assert.equal(shown.body.record.params.countries, 'DE, AT, FR')
    assert.include(shown.body.record.params.methods, 'None yet')
    const listed = await panel.api('GET', `${ZONES}/actions/list`)
    assert.equal(listed.body.records[0].params.countries, 'DE, AT, FR')

    // The edit form sends back what it shows.
    const form = (await panel.api('GET', `${ZONES}/records/${zone.id}/edit`)).body.record.params
    const edited = await panel.api('POST', `${ZONES}/records/${zone.id}/edit`, {
      ...form,
      name: 'Europe',
      countries: 'DE, AT',
    })
    assertSaved(assert, edited)
    const refusedEdit = await panel.api('POST', `${ZONES}/records/${zone.id}/edit`, {
      ...form,
      countries: 'DE, XX1',
    })
    assertRefused(assert, refusedEdit, 'countries', { countries: 'DE, XX1' })
    const [after] = await db.from('shipping_zones')
    assert.equal(after.name, 'Europe')
    assert.deepEqual(JSON.parse(after.countries), ['DE', 'AT'])

    const method = await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: String(zone.id),
      name: 'Standard',
      rateType: 'flat',
      price: '4.90',
    })
    assertSaved(assert, method)
    const withMethod = await panel.api('GET', `${ZONES}/records/${zone.id}/show`)
    assert.equal(withMethod.body.record.params.methods, 'Standard (flat 4.90)')
    const deleted = await panel.api('POST', `${ZONES}/records/${zone.id}/delete`)
    assertSaved(assert, deleted)
    assert.lengthOf(await db.from('shipping_zones'), 0)
    assert.lengthOf(await db.from('shipping_methods'), 0, 'its methods went with it')

    // A form sent for a zone deleted meanwhile: AdminJS's "not found" notice, not a 5xx.
    const gone = await panel.api('POST', `${ZONES}/records/${zone.id}/edit`, { ...form })
    assert.equal(gone.status, 200)
    assert.equal(gone.body.notice.type, 'error')
    assert.include(gone.body.notice.message, 'cannot be found')

    const audit = await auditOf('shipping_zones')
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['new', 'edit', 'delete']
    )
    assert.isTrue(audit.every((entry) => entry.adminEmail === staff.email))
    assert.deepEqual(audit[1].changes.name, { from: 'EU', to: 'Europe' })
  })

  test('shipping methods: flat, free over and weight bands typed as lines; refused rules are field errors', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    await panel.api('POST', `${ZONES}/actions/new`, { name: 'Domestic', countries: 'DE' })
    const [zone] = await db.from('shipping_zones')

    const noZone = await panel.api('POST', `${METHODS}/actions/new`, {
      name: 'Standard',
      rateType: 'flat',
      price: '4.90',
    })
    assertRefused(assert, noZone, 'zoneId', { name: 'Standard', price: '4.90' })
    const unknownZone = await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: String(zone.id + 100),
      name: 'Standard',
      rateType: 'flat',
      price: '4.90',
    })
    assertRefused(assert, unknownZone, 'zoneId', {})
    const badPrice = await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: String(zone.id),
      name: 'Standard',
      rateType: 'flat',
      price: 'cheap',
    })
    assertRefused(assert, badPrice, 'price', { price: 'cheap' })
    const noThreshold = await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: String(zone.id),
      name: 'Standard',
      rateType: 'free_over',
      price: '4.90',
    })
    assertRefused(assert, noThreshold, 'freeOver', {})
    const unreadable = await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: String(zone.id),
      name: 'Express',
      rateType: 'weight',
      weightBands: '1000: 4.90\nheavy',
    })
    assertRefused(assert, unreadable, 'weightBands', { weightBands: '1000: 4.90\nheavy' })
    assert.include(unreadable.body.record.errors.weightBands.message, 'line 2')
    const descending = await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: String(zone.id),
      name: 'Express',
      rateType: 'weight',
      weightBands: '5000: 9.90\n1000: 4.90',
    })
    assertRefused(assert, descending, 'weightBands', {})
    const anyNotLast = await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: String(zone.id),
      name: 'Express',
      rateType: 'weight',
      weightBands: '*: 19.90\n1000: 4.90',
    })
    assertRefused(assert, anyNotLast, 'weightBands', {})
    const noBands = await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: String(zone.id),
      name: 'Express',
      rateType: 'weight',
      weightBands: '',
    })
    assertRefused(assert, noBands, 'weightBands', {})
    assert.lengthOf(await db.from('shipping_methods'), 0)

    assertSaved(
      assert,
      await panel.api('POST', `${METHODS}/actions/new`, {
        zoneId: String(zone.id),
        name: 'Standard',
        deliveryEstimate: '2-3 days',
        rateType: 'free_over',
        price: '4.90',
        freeOver: '50',
        isActive: 'true',
      })
    )
    const express = await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: String(zone.id),
      name: 'Express',
      rateType: 'weight',
      weightBands: '1000: 4.90\n5000 g: 9.90\n*: 19.90',
      position: '2',
    })
    assertSaved(assert, express)
    const rows = await db.from('shipping_methods').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [
        row.name,
        row.rate_type,
        Number(row.price),
        row.free_over === null ? null : Number(row.free_over),
        Boolean(row.is_active),
      ]),
      [
        ['Standard', 'free_over', 490, 5000, true],
        ['Express', 'weight', 0, null, true],
      ]
    )
    assert.deepEqual(JSON.parse(rows[1].weight_bands), [
      { maxGrams: 1000, price: 490 },
      { maxGrams: 5000, price: 990 },
      { maxGrams: null, price: 1990 },
    ])
    assert.equal(rows[1].position, 2)

    const shown = await panel.api('GET', `${METHODS}/records/${rows[1].id}/show`)
    assert.equal(shown.body.record.params.weightBands, '1000: 4.90\n5000: 9.90\n*: 19.90')
    const list = await panel.api('GET', `${METHODS}/actions/list`)
    const standard = list.body.records.find((record: any) => record.params.name === 'Standard')
    assert.equal(standard.params.price, '4.90')
    assert.equal(standard.params.freeOver, '50.00')

    // Edit with the form as shown: the bands change, the rest stays.
    const form = (await panel.api('GET', `${METHODS}/records/${rows[1].id}/edit`)).body.record
      .params
    assert.equal(form.weightBands, '1000: 4.90\n5000: 9.90\n*: 19.90')
    const edited = await panel.api('POST', `${METHODS}/records/${rows[1].id}/edit`, {
      ...form,
      weightBands: '2000: 5.90\n*: 12.00',
      isActive: 'false',
    })
    assertSaved(assert, edited)
    const [express2] = await db.from('shipping_methods').where('id', rows[1].id)
    assert.deepEqual(JSON.parse(express2.weight_bands), [
      { maxGrams: 2000, price: 590 },
      { maxGrams: null, price: 1200 },
    ])
    assert.isFalse(Boolean(express2.is_active))
    // A flat method's form (free over left empty) saves as it is shown.
    const standardForm = (await panel.api('GET', `${METHODS}/records/${rows[0].id}/edit`)).body
      .record.params
    assertSaved(
      assert,
      await panel.api('POST', `${METHODS}/records/${rows[0].id}/edit`, {
        ...standardForm,
        rateType: 'flat',
        freeOver: '',
        price: '5.50',
      })
    )
    const [flat] = await db.from('shipping_methods').where('id', rows[0].id)
    assert.deepEqual([flat.rate_type, Number(flat.price), flat.free_over], ['flat', 550, null])
    const refusedEdit = await panel.api('POST', `${METHODS}/records/${rows[0].id}/edit`, {
      ...standardForm,
      rateType: 'flat',
      freeOver: '',
      price: '-1',
    })
    assertRefused(assert, refusedEdit, 'price', { price: '-1' })
    assert.equal(Number((await db.from('shipping_methods').where('id', rows[0].id))[0].price), 550)

    assertSaved(assert, await panel.api('POST', `${METHODS}/records/${rows[0].id}/delete`))
    assert.lengthOf(await db.from('shipping_methods'), 1)
    assert.deepEqual(
      (await auditOf('shipping_methods')).map((entry) => entry.action),
      ['new', 'new', 'edit', 'edit', 'delete']
    )
  })

  test('tax rates: the rate typed as a percentage, one per country and class (a duplicate is a field error), audited', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const tooHigh = await panel.api('POST', `${RATES}/actions/new`, {
      country: 'DE',
      name: 'VAT',
      rate: '120',
    })
    assertRefused(assert, tooHigh, 'rate', { rate: '120' })
    const badClass = await panel.api('POST', `${RATES}/actions/new`, {
      country: 'DE',
      taxClass: 'Reduced rate!',
      name: 'VAT',
      rate: '7',
    })
    assertRefused(assert, badClass, 'taxClass', {})
    assert.lengthOf(await db.from('tax_rates'), 0)

    assertSaved(
      assert,
      await panel.api('POST', `${RATES}/actions/new`, { country: 'de', name: 'VAT', rate: '20' })
    )
    assertSaved(
      assert,
      await panel.api('POST', `${RATES}/actions/new`, {
        country: 'DE',
        taxClass: 'reduced',
        name: 'VAT reduced',
        rate: '7.5',
      })
    )
    const duplicate = await panel.api('POST', `${RATES}/actions/new`, {
      country: 'DE',
      taxClass: 'standard',
      name: 'Again',
      rate: '19',
    })
    assertRefused(assert, duplicate, 'country', { name: 'Again' })
    const rows = await db.from('tax_rates').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.country, row.tax_class, row.name, Number(row.rate_bp)]),
      [
        ['DE', 'standard', 'VAT', 2000],
        ['DE', 'reduced', 'VAT reduced', 750],
      ]
    )
    const list = await panel.api('GET', `${RATES}/actions/list`)
    assert.sameMembers(
      list.body.records.map((record: any) => record.params.rate),
      ['20.00', '7.50']
    )

    const form = (await panel.api('GET', `${RATES}/records/${rows[0].id}/edit`)).body.record.params
    assert.equal(form.rate, '20.00')
    assertSaved(
      assert,
      await panel.api('POST', `${RATES}/records/${rows[0].id}/edit`, { ...form, rate: '19' })
    )
    const clash = await panel.api('POST', `${RATES}/records/${rows[0].id}/edit`, {
      ...form,
      rate: '19',
      taxClass: 'reduced',
    })
    assertRefused(assert, clash, 'country', { taxClass: 'reduced' })
    assert.equal(Number((await db.from('tax_rates').where('id', rows[0].id))[0].rate_bp), 1900)
    assertSaved(assert, await panel.api('POST', `${RATES}/records/${rows[1].id}/delete`))
    assert.lengthOf(await db.from('tax_rates'), 1)
    const audit = await auditOf('tax_rates')
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['new', 'new', 'edit', 'delete']
    )
    assert.deepEqual(audit[2].changes.rate, { from: '20.00', to: '19.00' })
  })

  test('promotions: codes in capitals, effects and targets checked by the service, a used promotion cannot be deleted', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const product = await ProductFactory.create()

    const noValue = await panel.api('POST', `${PROMOTIONS}/actions/new`, {
      name: 'Welcome',
      code: 'welcome10',
      effect: 'percentage',
    })
    assertRefused(assert, noValue, 'percentOff', { code: 'welcome10' })
    const badCode = await panel.api('POST', `${PROMOTIONS}/actions/new`, {
      name: 'Welcome',
      code: 'no spaces please',
      effect: 'percentage',
      percentOff: '10',
    })
    assertRefused(assert, badCode, 'code', {})
    const unknownProduct = await panel.api('POST', `${PROMOTIONS}/actions/new`, {
      name: 'Mugs',
      effect: 'fixed',
      amountOff: '2.00',
      target: 'lines',
      productIds: `${product.id}, 999999`,
    })
    assertRefused(assert, unknownProduct, 'productIds', { productIds: `${product.id}, 999999` })
    assert.include(unknownProduct.body.record.errors.productIds.message, '999999')
    const window = await panel.api('POST', `${PROMOTIONS}/actions/new`, {
      name: 'Weekend',
      effect: 'free_shipping',
      startsAt: '2026-12-05T00:00:00.000Z',
      endsAt: '2026-12-01T00:00:00.000Z',
    })
    assertRefused(assert, window, 'endsAt', {})
    assert.lengthOf(await db.from('promotions'), 0)

    const welcome = await panel.api('POST', `${PROMOTIONS}/actions/new`, {
      name: 'Welcome',
      code: 'welcome10',
      effect: 'percentage',
      percentOff: '10',
      firstOrderOnly: 'true',
      perCustomerLimit: '1',
    })
    assertSaved(assert, welcome)
    assert.equal(welcome.body.record.params.offer, '10.00% off')
    const mugs = await panel.api('POST', `${PROMOTIONS}/actions/new`, {
      name: 'Mugs',
      effect: 'fixed',
      amountOff: '2.00',
      target: 'lines',
      productIds: String(product.id),
      minSubtotal: '20',
      startsAt: '2026-12-01T00:00:00.000Z',
    })
    assertSaved(assert, mugs)
    const duplicate = await panel.api('POST', `${PROMOTIONS}/actions/new`, {
      name: 'Again',
      code: 'WELCOME10',
      effect: 'free_shipping',
    })
    assertRefused(assert, duplicate, 'code', { name: 'Again' })

    const rows = await db.from('promotions').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [
        row.name,
        row.code,
        row.effect,
        Number(row.value),
        row.target,
        JSON.parse(row.product_ids),
        row.min_subtotal === null ? null : Number(row.min_subtotal),
        Boolean(row.first_order_only),
        row.per_customer_limit,
        Boolean(row.is_active),
      ]),
      [
        ['Welcome', 'WELCOME10', 'percentage', 1000, 'order', [], null, true, 1, true],
        ['Mugs', null, 'fixed', 200, 'lines', [product.id], 2000, false, null, true],
      ]
    )

    // The edit form as shown saves; a change of effect needs its value.
    const form = (await panel.api('GET', `${PROMOTIONS}/records/${rows[1].id}/edit`)).body.record
      .params
    assert.equal(form.amountOff, '2.00')
    assert.equal(form.productIds, String(product.id))
    assert.equal(form.minSubtotal, '20.00')
    assertSaved(
      assert,
      await panel.api('POST', `${PROMOTIONS}/records/${rows[1].id}/edit`, {
        ...form,
        amountOff: '3.00',
        isActive: 'false',
      })
    )
    // An emptied date is cleared.
    assertSaved(
      assert,
      await panel.api('POST', `${PROMOTIONS}/records/${rows[1].id}/edit`, {
        ...form,
        amountOff: '3.00',
        isActive: 'false',
        startsAt: '',
      })
    )
    assert.isNull((await db.from('promotions').where('id', rows[1].id))[0].starts_at)
    const switched = await panel.api('POST', `${PROMOTIONS}/records/${rows[1].id}/edit`, {
      ...form,
      effect: 'percentage',
      amountOff: '',
    })
    assertRefused(assert, switched, 'percentOff', { effect: 'percentage' })
    const [mugsAfter] = await db.from('promotions').where('id', rows[1].id)
    assert.deepEqual(
      [mugsAfter.effect, Number(mugsAfter.value), Boolean(mugsAfter.is_active)],
      ['fixed', 300, false]
    )

    // Used by an order: deleting is refused (deactivate it); the show page counts its uses.
    const customer = await UserFactory.create()
    const order = await orderFor(customer, { discountTotal: 150 })
    await PromotionRedemption.create({
      promotionId: rows[0].id,
      userId: customer.id,
      orderId: order.id,
      amount: 150,
    })
    await db.from('promotions').where('id', rows[0].id).update({ times_used: 1 })
    const shown = await panel.api('GET', `${PROMOTIONS}/records/${rows[0].id}/show`)
    assert.equal(shown.body.record.params.redemptions, 1)
    assert.equal(shown.body.record.params.discountGiven, '1.50')
    const refusedDelete = await panel.api('POST', `${PROMOTIONS}/records/${rows[0].id}/delete`)
    assert.equal(refusedDelete.status, 200)
    assert.equal(refusedDelete.body.notice.type, 'error')
    assert.include(refusedDelete.body.notice.message, 'deactivate it')
    assert.lengthOf(await db.from('promotions'), 2)
    assertSaved(assert, await panel.api('POST', `${PROMOTIONS}/records/${rows[1].id}/delete`))
    assert.lengthOf(await db.from('promotions'), 1)

    assert.deepEqual(
      (await auditOf('promotions')).map((entry) => entry.action),
      ['new', 'new', 'edit', 'edit', 'delete']
    )
  })

  test('random form input on every pricing form: never a 5xx; a refused form writes nothing', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    await panel.api('POST', `${ZONES}/actions/new`, { name: 'Domestic', countries: 'DE' })
    await panel.api('POST', `${METHODS}/actions/new`, {
      zoneId: '1',
      name: 'Standard',
      rateType: 'flat',
      price: '4.90',
    })
    await panel.api('POST', `${RATES}/actions/new`, { country: 'DE', name: 'VAT', rate: '20' })
    await panel.api('POST', `${PROMOTIONS}/actions/new`, {
      name: 'Welcome',
      effect: 'percentage',
      percentOff: '10',
    })
    const fields: Record<string, string[]> = {
      shipping_zones: ['name', 'countries', 'countries.0', 'countries.x'],
      shipping_methods: [
        'zoneId',
        'name',
        'deliveryEstimate',
        'rateType',
        'price',
        'freeOver',
        'weightBands',
        'weightBands.0.maxGrams',
        'isActive',
        'position',
      ],
      tax_rates: ['country', 'taxClass', 'name', 'rate'],
      promotions: [
        'name',
        'code',
        'isActive',
        'effect',
        'percentOff',
        'amountOff',
        'target',
        'productIds',
        'categoryIds',
        'variantIds',
        'minSubtotal',
        'firstOrderOnly',
        'startsAt',
        'endsAt',
        'usageLimit',
        'perCustomerLimit',
      ],
    }
    const value = fc.oneof(
      fc.constantFrom('', '0', '-1', '1,50', '19.999', 'true', 'false', 'null', '*: 1', '1: x'),
      fc.constantFrom('flat', 'free_over', 'weight', 'percentage', 'fixed', 'free_shipping'),
      fc.constantFrom('lines', 'order', 'DE', 'de, at', '2026-13-45', '2026-12-01T00:00:00Z'),
      fc.constantFrom(
        '99999999999999999999',
        '1e400',
        '1000: 4.90\n*: 9.90',
        '\u0000',
        'x'.repeat(300)
      ),
      fc.string({ maxLength: 30 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 })
    )
    const request = fc.oneof(
      ...Object.entries(fields).map(([resource, names]) =>
        fc.record({
          resource: fc.constant(resource),
          action: fc.constantFrom('new', 'edit'),
          payload: fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 6 }),
        })
      )
    )
    const digest = async () =>
      JSON.stringify(
        await Promise.all(
          ['shipping_zones', 'shipping_methods', 'tax_rates', 'promotions'].map((table) =>
            db.from(table).orderBy('id').select('*')
          )
        ),
        (_key, item) => (typeof item === 'bigint' ? String(item) : item)
      ).replace(/"updated_at":"?[^,}]*"?/g, '')
    let baseline = await digest()
    await fc.assert(
      fc.asyncProperty(request, async ({ resource, action, payload }) => {
        const path =
          action === 'new'
            ? `/resources/${resource}/actions/new`
            : `/resources/${resource}/records/1/edit`
        const answer = await panel.api('POST', path, payload)
        const described = `${path} ${JSON.stringify(payload)} -> ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`
        assert.isBelow(answer.status, 500, described)
        const refused =
          answer.status >= 400 ||
          answer.body?.notice?.type === 'error' ||
          Object.keys(answer.body?.record?.errors ?? {}).length > 0
        if (refused) {
          assert.equal(await digest(), baseline, `the database changed: ${described}`)
        } else {
          baseline = await digest()
        }
      }),
      { seed: 19, numRuns: 300, endOnFailure: true }
    )
  }).timeout(120_000)

  test('customers cannot reach the pricing resources; staff and admins can', async ({ assert }) => {
    const customer = await UserFactory.create()
    const signIn = await new AdminSession().postForm('/admin/login', {
      email: customer.email,
      password: 'password123',
    })
    assert.notEqual(signIn.status, 302)
    const admin = await UserFactory.apply('admin').create()
    const panel = await AdminSession.signIn(admin.email, 'password123')
    for (const resource of [ZONES, METHODS, RATES, PROMOTIONS]) {
      const list = await panel.api('GET', `${resource}/actions/list`)
      assert.equal(list.status, 200, resource)
    }
    // Sorts and filters of the lists: answered, or a 422 saying what is accepted; never a 5xx.
    for (const query of [
      `${ZONES}/actions/list?sortBy=countries&direction=desc&filters.name=Dom`,
      `${METHODS}/actions/list?filters.zoneId=1&filters.isActive=true&filters.rateType=flat`,
      `${METHODS}/actions/list?sortBy=weightBands&filters.zoneId=x`,
      `${RATES}/actions/list?sortBy=rate&filters.country=DE&filters.taxClass=std`,
      `${PROMOTIONS}/actions/list?sortBy=offer&filters.code=WEL&filters.effect=fixed&filters.isActive=false`,
      `${PROMOTIONS}/actions/list?sortBy=endsAt&direction=asc&filters.isActive=maybe`,
      `${PROMOTIONS}/search/WEL`,
    ]) {
      const answer = await panel.api('GET', query)
      assert.include([200, 422], answer.status, `${query}: ${JSON.stringify(answer.body)}`)
    }
    assertSaved(
      assert,
      await panel.api('POST', `${RATES}/actions/new`, { country: 'AT', name: 'USt', rate: '20' })
    )
    assert.equal((await auditOf('tax_rates'))[0].adminEmail, admin.email)
  })
})

test.group('Pricing on the dashboard and the order page (issue 19)', (group) => {
  group.each.setup(() => truncateAll())

  test('the dashboard sums discounts, shipping and tax of the orders not cancelled, and names the promotions used most', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const customer = await UserFactory.create()
    const old = DateTime.now().minus({ days: 10 })
    const today = await orderFor(customer, {
      subtotal: 5000,
      discountTotal: 500,
      shippingTotal: 490,
      taxTotal: 900,
      total: 5890,
    })
    const earlier = await orderFor(customer, {
      subtotal: 2000,
      discountTotal: 200,
      shippingTotal: 0,
      taxTotal: 360,
      total: 2160,
      createdAt: old,
    })
    const cancelled = await orderFor(customer, {
      status: 'cancelled',
      discountTotal: 700,
      shippingTotal: 490,
      taxTotal: 100,
    })
    await orderFor(customer, {
      subtotal: 1200,
      createdAt: DateTime.now().minus({ days: 40 }),
      discountTotal: 999,
    })

    const promotion = (name: string, code: string | null, effect: Promotion['effect']) =>
      Promotion.create({
        name,
        code,
        isActive: true,
        effect,
        value: effect === 'percentage' ? 1000 : 0,
        target: 'order',
        productIds: [],
        categoryIds: [],
        variantIds: [],
        firstOrderOnly: false,
        timesUsed: 0,
      })
    const welcome = await promotion('Welcome', 'WELCOME10', 'percentage')
    const shipping = await promotion('Free shipping', null, 'free_shipping')
    const redeem = (used: Promotion, orderId: number, amount: number) =>
      PromotionRedemption.create({ promotionId: used.id, userId: customer.id, orderId, amount })
    await redeem(welcome, today.id, 500)
    await redeem(welcome, earlier.id, 200)
    await redeem(welcome, cancelled.id, 700)
    await redeem(shipping, today.id, 490)

    const dashboard = await panel.api('GET', '/dashboard')
    assert.equal(dashboard.status, 200)
    const body = dashboard.body
    assert.deepInclude(body.today, { discounts: '5.00', shipping: '4.90', tax: '9.00' })
    assert.deepInclude(body.last30Days, {
      orders: 2,
      revenue: '80.50',
      discounts: '7.00',
      shipping: '4.90',
      tax: '12.60',
    })
    assert.deepEqual(body.topPromotions, [
      { id: welcome.id, name: 'Welcome', code: 'WELCOME10', redemptions: 2, amount: '7.00' },
      { id: shipping.id, name: 'Free shipping', code: null, redemptions: 1, amount: '4.90' },
    ])
  })

  test('rules set in the panel price a checkout; the order page and the dashboard show its discount, shipping and tax, and a later rate change does not touch them', async ({
    assert,
    client,
  }) => {
    const { panel } = await staffPanel()
    assertSaved(
      assert,
      await panel.api('POST', `${ZONES}/actions/new`, { name: 'Domestic', countries: 'DE' })
    )
    const [zone] = await db.from('shipping_zones')
    assertSaved(
      assert,
      await panel.api('POST', `${METHODS}/actions/new`, {
        zoneId: String(zone.id),
        name: 'Standard',
        deliveryEstimate: '2-3 days',
        rateType: 'flat',
        price: '4.90',
      })
    )
    const [method] = await db.from('shipping_methods')
    assertSaved(
      assert,
      await panel.api('POST', `${RATES}/actions/new`, { country: 'DE', name: 'VAT', rate: '20' })
    )
    assertSaved(
      assert,
      await panel.api('POST', `${PROMOTIONS}/actions/new`, {
        name: 'Welcome',
        code: 'WELCOME10',
        effect: 'percentage',
        percentOff: '10',
      })
    )

    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 2000, stock: 5 }).create()
    const placed = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({
        items: [{ product_id: product.id, quantity: 2 }],
        shipping_address: {
          full_name: 'Erika Muster',
          line1: 'Hauptstr. 1',
          city: 'Berlin',
          postal_code: '10115',
          country: 'DE',
        },
        shipping_method_id: method.id,
        coupon_code: 'welcome10',
      })
    placed.assertStatus(201)
    // 40.00 - 4.00 + 4.90 shipping + 20% tax on 36.00 and on 4.90 (7.20 + 0.98)
    assert.equal(placed.body().data.total, '49.08')
    const order = await Order.findByOrFail('number', placed.body().data.number)

    const page = (await panel.api('GET', `/resources/orders/records/${order.id}/show`)).body.record
      .orderPage
    assert.deepInclude(page, {
      subtotal: '40.00',
      discountTotal: '4.00',
      shippingTotal: '4.90',
      taxTotal: '8.18',
      total: '49.08',
      couponCode: 'WELCOME10',
    })
    assert.deepEqual(
      page.discounts.map((discount: any) => [discount.name, discount.code, discount.amount]),
      [['Welcome', 'WELCOME10', '4.00']]
    )
    assert.deepInclude(page.shipping, { name: 'Standard', zoneName: 'Domestic', price: '4.90' })
    assert.deepEqual(
      page.taxes.map((tax: any) => [tax.name, tax.rate, tax.base, tax.amount]),
      [['VAT', '20.00', '40.90', '8.18']]
    )

    const dashboard = (await panel.api('GET', '/dashboard')).body
    assert.deepInclude(dashboard.today, { discounts: '4.00', shipping: '4.90', tax: '8.18' })
    assert.deepEqual(
      dashboard.topPromotions.map((row: any) => [row.name, row.redemptions, row.amount]),
      [['Welcome', 1, '4.00']]
    )

    // The rate changes in the panel: the placed order keeps what it was charged.
    const [rate] = await db.from('tax_rates')
    const form = (await panel.api('GET', `${RATES}/records/${rate.id}/edit`)).body.record.params
    assertSaved(
      assert,
      await panel.api('POST', `${RATES}/records/${rate.id}/edit`, { ...form, rate: '25' })
    )
    const again = (await panel.api('GET', `/resources/orders/records/${order.id}/show`)).body.record
      .orderPage
    assert.deepEqual(again.taxes, page.taxes)
    assert.equal(again.total, '49.08')
  })

  test('the order page shows each discount, the shipping method and the tax per rate from the snapshot; an order from before shows as before', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const customer = await UserFactory.create()
    const priced = await orderFor(customer, {
      subtotal: 5000,
      discountTotal: 990,
      shippingTotal: 490,
      taxTotal: 900,
      total: 5400,
      couponCode: 'WELCOME10',
      shippingMethodName: 'Standard',
      pricing: {
        discounts: [
          { promotionId: 1, name: 'Welcome', code: 'WELCOME10', level: 'order', amount: 500 },
          { promotionId: 2, name: 'Free shipping', code: null, level: 'shipping', amount: 490 },
        ],
        taxes: [
          {
            rateId: 1,
            name: 'VAT',
            country: 'DE',
            taxClass: 'standard',
            rateBp: 2000,
            base: 3000,
            amount: 600,
          },
          {
            rateId: 2,
            name: 'VAT reduced',
            country: 'DE',
            taxClass: 'reduced',
            rateBp: 750,
            base: 4000,
            amount: 300,
          },
        ],
        shipping: {
          methodId: 1,
          name: 'Standard',
          zoneName: 'Domestic',
          deliveryEstimate: '2-3 days',
          price: 490,
        },
        weightGrams: 1200,
      },
    })
    const page = (await panel.api('GET', `/resources/orders/records/${priced.id}/show`)).body.record
      .orderPage
    assert.deepInclude(page, {
      subtotal: '50.00',
      discountTotal: '9.90',
      shippingTotal: '4.90',
      taxTotal: '9.00',
      total: '54.00',
      couponCode: 'WELCOME10',
      pricesIncludeTax: false,
    })
    assert.deepEqual(page.discounts, [
      { name: 'Welcome', code: 'WELCOME10', level: 'order', amount: '5.00' },
      { name: 'Free shipping', code: null, level: 'shipping', amount: '4.90' },
    ])
    assert.deepEqual(page.shipping, {
      name: 'Standard',
      zoneName: 'Domestic',
      deliveryEstimate: '2-3 days',
      price: '4.90',
    })
    assert.deepEqual(page.taxes, [
      {
        name: 'VAT',
        country: 'DE',
        taxClass: 'standard',
        rate: '20.00',
        base: '30.00',
        amount: '6.00',
      },
      {
        name: 'VAT reduced',
        country: 'DE',
        taxClass: 'reduced',
        rate: '7.50',
        base: '40.00',
        amount: '3.00',
      },
    ])

    const before = await orderFor(customer, { subtotal: 1999, total: 1999 })
    const plain = (await panel.api('GET', `/resources/orders/records/${before.id}/show`)).body
      .record.orderPage
    assert.deepInclude(plain, {
      subtotal: '19.99',
      total: '19.99',
      discountTotal: '0.00',
      shippingTotal: '0.00',
      taxTotal: '0.00',
      shipping: null,
      couponCode: null,
    })
    assert.deepEqual(plain.discounts, [])
    assert.deepEqual(plain.taxes, [])
  })

  test("a product's tax class shows on its page and filters the products list", async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const book = await ProductFactory.merge({ name: 'Pricing Book' }).create()
    const mug = await ProductFactory.merge({ name: 'Pricing Mug' }).create()
    await db.from('products').where('id', book.id).update({ tax_class: 'reduced' })

    const page = (await panel.api('GET', `/resources/products/records/${book.id}/show`)).body.record
      .productPage
    assert.equal(page.taxClass, 'reduced')
    const other = (await panel.api('GET', `/resources/products/records/${mug.id}/show`)).body.record
      .productPage
    assert.equal(other.taxClass, 'standard')
    const list = await panel.api('GET', '/resources/products/actions/list?filters.taxClass=reduced')
    assert.equal(list.status, 200)
    assert.deepEqual(
      list.body.records.map((record: any) => record.params.name),
      ['Pricing Book']
    )
  })

  test('settings: "Prices include tax" is saved from the form\'s "true"/"false", audited, and refused when it is not a yes or no', async ({
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const panel = await AdminSession.signIn(admin.email, 'password123')
    await panel.api('GET', '/resources/shop_settings/actions/list')
    const form = (await panel.api('GET', '/resources/shop_settings/records/1/edit')).body.record
      .params
    assert.isFalse(form.pricesIncludeTax)

    assertSaved(
      assert,
      await panel.api('POST', '/resources/shop_settings/records/1/edit', {
        ...form,
        pricesIncludeTax: 'true',
      })
    )
    const [row] = await db.from('shop_settings')
    assert.isTrue(Boolean(row.prices_include_tax))
    const shown = await panel.api('GET', '/resources/shop_settings/records/1/show')
    assert.isTrue(shown.body.record.params.pricesIncludeTax)

    const refused = await panel.api('POST', '/resources/shop_settings/records/1/edit', {
      ...form,
      pricesIncludeTax: 'maybe',
    })
    assert.equal(refused.body.notice.type, 'error')
    assert.property(refused.body.record.errors, 'pricesIncludeTax')
    assert.isTrue(Boolean((await db.from('shop_settings'))[0].prices_include_tax))

    assertSaved(
      assert,
      await panel.api('POST', '/resources/shop_settings/records/1/edit', {
        ...form,
        pricesIncludeTax: 'false',
      })
    )
    assert.isFalse(Boolean((await db.from('shop_settings'))[0].prices_include_tax))
    const audit = await db.from('admin_actions').where('resource', 'shop_settings').orderBy('id')
    assert.lengthOf(audit, 2)
    assert.deepInclude(JSON.parse(audit[0].changes), {
      pricesIncludeTax: { from: false, to: true },
    })
  })
})
