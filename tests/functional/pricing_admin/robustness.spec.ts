import { test } from '@japa/runner'
import fc from 'fast-check'
import { UserFactory } from '#database/factories/user_factory'
import { ProductFactory } from '#database/factories/catalog_factory'
import { truncateAll } from '#tests/support/database'
import ShippingZone from '#models/shipping_zone'
import { ROUTE_INPUTS } from '#validators/route_inputs'

/**
 * A valid body with up to 3 fields given random values, for every
 * pricing write (a fixed seed): no answer is a 5xx, and each answer
 * matches the OpenAPI contract (checked for every functional request).
 */
const RESOURCES = [
  ['shipping-zones', 'shipping_zones'],
  ['shipping-methods', 'shipping_methods'],
  ['tax-rates', 'tax_rates'],
  ['promotions', 'promotions'],
] as const

const scalar = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -1, 1.5, 2 ** 40, '', 'DE', 'de', '10', '7.5', '0'),
  fc.constantFrom('100.01', '4.90', 'lines', 'order', 'weight', 'flat', 'free_over'),
  fc.constantFrom('percentage', 'fixed', 'free_shipping', '2026-12-01', '2026-11-01T10:00:00Z'),
  fc.string({ maxLength: 12 }),
  fc.integer()
)
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.record({ max_grams: scalar, price: scalar }), { maxLength: 3 })
)

test.group('Pricing admin: random bodies never answer 5xx', (group) => {
  group.each.setup(() => truncateAll())
  group.each.timeout(120_000)

  for (const [path, name] of RESOURCES) {
    test(`POST and PATCH /api/v1/admin/${path}`, async ({ client, assert }) => {
      const staff = await UserFactory.apply('staff').create()
      const zone = await ShippingZone.create({ name: 'Z', countries: ['DE'] })
      const product = await ProductFactory.create()
      const valid: Record<string, Record<string, unknown>> = {
        'shipping-zones': { name: 'Z', countries: ['AT'] },
        'shipping-methods': { zone_id: zone.id, name: 'M', rate_type: 'flat', price: '4.90' },
        'tax-rates': { country: 'FR', name: 'TVA', rate: '20' },
        'promotions': {
          name: 'P',
          effect: 'percentage',
          percent_off: '10',
          target: 'lines',
          product_ids: [product.id],
        },
      }
      const fields = (kind: 'store' | 'update') =>
        Object.keys(
          (ROUTE_INPUTS[`v1.admin.${name}.${kind}`].body!.toJSONSchema() as any).properties
        )
      const body = (kind: 'store' | 'update') =>
        fc
          .dictionary(fc.constantFrom(...fields(kind)), value, { maxKeys: 3 })
          .map((changes) => ({ ...valid[path], ...changes }))

      const statuses = new Set<number>()
      await fc.assert(
        fc.asyncProperty(body('store'), body('update'), async (created, changed) => {
          const response = await client.post(`/api/v1/admin/${path}`).loginAs(staff).json(created)
          assert.isBelow(response.status(), 500, JSON.stringify(created))
          const listed = await client.get(`/api/v1/admin/${path}`).loginAs(staff)
          assert.equal(listed.status(), 200)
          const id = listed.body().data[0]?.id ?? 1
          const patched = await client
            .patch(`/api/v1/admin/${path}/${id}`)
            .loginAs(staff)
            .json(changed)
          assert.isBelow(patched.status(), 500, JSON.stringify(changed))
          statuses.add(response.status()).add(patched.status())
        }),
        { seed: 19, numRuns: 80 }
      )
      assert.includeMembers([...statuses], [200, 201, 422])
    })
  }
})
