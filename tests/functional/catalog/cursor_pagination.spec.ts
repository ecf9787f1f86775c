import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { truncateAll } from '#tests/support/database'
import { countQueries } from '#tests/support/query_counter'

const SORTS = ['-created_at', 'created_at', 'price', '-price', 'name', '-name', 'stock', '-stock']

/**
 * Few distinct values for every sort key, so most rows tie with others on
 * it and only the id decides their order. `created_at` values carry
 * microseconds (kept by PostgreSQL): a cursor must not round them.
 */
const NAMES = ['Alpha', 'alpha', 'ALPHA', 'beta', 'Gamma']
const PRICES = [1500, 2500, 1500, 900]
const STOCKS = [0, 7, 7, 3]
const CREATED = [
  '2026-01-01 10:00:00.123456',
  '2026-01-02 10:00:00.5',
  '2026-01-01 10:00:00.123456',
]

interface Meta {
  total: number | null
  per_page: number
  current_page: number | null
  last_page: number | null
  next_cursor: string | null
  prev_cursor: string | null
}
interface ListBody {
  data: Array<{ id: number }>
  meta: Meta
}

async function seed() {
  const red = await CategoryFactory.merge({ slug: 'red' }).create()
  const blue = await CategoryFactory.merge({ slug: 'blue' }).create()
  let active = 0
  for (let n = 0; n < 31; n++) {
    const isActive = n % 10 !== 9
    const product = await ProductFactory.merge({
      name: `${NAMES[n % NAMES.length]} lamp`,
      description: n % 2 ? 'brass lamp' : 'plain',
      price: PRICES[n % PRICES.length],
      stock: STOCKS[n % STOCKS.length],
      isActive,
      categoryId: (n % 3 ? red : blue).id,
    }).create()
    await Product.query()
      .where('id', product.id)
      .update({ created_at: CREATED[n % CREATED.length] })
    if (isActive) active++
  }
  return { active }
}

test.group('Catalog: cursor pagination', (group) => {
  let active = 0
  group.setup(async () => {
    await truncateAll()
    active = (await seed()).active
  })
  group.teardown(() => truncateAll())

  async function list(client: any, query: string): Promise<ListBody> {
    const response = await client.get(`/api/v1/products?${query}`)
    response.assertStatus(200)
    return response.body()
  }

  async function pageWalk(client: any, query: string) {
    const pages: number[][] = []
    for (let page = 1; ; page++) {
      const body = await list(client, `${query}&page=${page}`)
      pages.push(body.data.map((product) => product.id))
      if (page >= body.meta.last_page!) return pages
    }
  }

  async function cursorWalk(client: any, query: string) {
    const pages: number[][] = []
    const bodies: ListBody[] = []
    let body = await list(client, query)
    for (;;) {
      pages.push(body.data.map((product) => product.id))
      bodies.push(body)
      if (body.meta.next_cursor === null) break
      body = await list(client, `${query}&cursor=${body.meta.next_cursor}`)
    }
    return { pages, bodies }
  }

  for (const sort of SORTS) {
    test(`sort=${sort}: next_cursor walks every product once, in page order, and prev_cursor walks back`, async ({
      client,
      assert,
    }) => {
      const query = `sort=${sort}&per_page=4`
      const byPage = await pageWalk(client, query)
      const { pages, bodies } = await cursorWalk(client, query)

      assert.deepEqual(pages, byPage)
      const ids = pages.flat()
      assert.lengthOf(ids, active)
      assert.equal(new Set(ids).size, active)
      assert.isAbove(pages.length, 5)
      assert.isNull(bodies[0].meta.prev_cursor)
      assert.equal(bodies[0].meta.total, active)
      for (const body of bodies.slice(1)) {
        assert.isNull(body.meta.total)
        assert.isNull(body.meta.current_page)
        assert.isNull(body.meta.last_page)
        assert.equal(body.meta.per_page, 4)
      }

      const back: number[][] = []
      let body = bodies[bodies.length - 1]
      while (body.meta.prev_cursor !== null) {
        body = await list(client, `${query}&cursor=${body.meta.prev_cursor}`)
        back.unshift(body.data.map((product) => product.id))
      }
      assert.deepEqual(back, byPage.slice(0, -1))
      assert.isNotNull(body.meta.next_cursor)
    })
  }

  test('a page answer carries cursors: page 3 continues with page 4 and goes back to page 2', async ({
    client,
    assert,
  }) => {
    const byPage = await pageWalk(client, 'sort=price&per_page=4')
    const third = await list(client, 'sort=price&per_page=4&page=3')
    const fourth = await list(client, `sort=price&per_page=4&cursor=${third.meta.next_cursor}`)
    const second = await list(client, `sort=price&per_page=4&cursor=${third.meta.prev_cursor}`)
    assert.deepEqual(
      fourth.data.map((product) => product.id),
      byPage[3]
    )
    assert.deepEqual(
      second.data.map((product) => product.id),
      byPage[1]
    )
    const last = await list(client, `sort=price&per_page=4&page=${byPage.length}`)
    assert.isNull(last.meta.next_cursor)
  })

  test('filters and a search with a cursor walk the same products as pages', async ({
    client,
    assert,
  }) => {
    for (const query of [
      'sort=-price&per_page=3&category=red',
      'sort=name&per_page=2&min_price=10.00&max_price=20.00&in_stock=true',
      'sort=-created_at&per_page=3&q=brass',
      /**
       * A typo: the list is answered by the fuzzy search, and so are its
       * cursor pages.
       */
      'sort=price&per_page=3&q=lampp',
    ]) {
      const byPage = await pageWalk(client, query)
      const { pages } = await cursorWalk(client, query)
      assert.deepEqual(pages, byPage, query)
      assert.isAbove(pages.length, 1, query)
    }
  })

  test('a cursor page runs no count and no OFFSET', async ({ client, assert }) => {
    const first = await list(client, 'sort=stock&per_page=6')
    const statements = await countQueries(() =>
      client.get(`/api/v1/products?sort=stock&per_page=6&cursor=${first.meta.next_cursor}`)
    )
    const products = statements.filter((sql) => /from\s+[`"]?products\b/i.test(sql))
    assert.isAbove(products.length, 0)
    for (const sql of products) {
      assert.notMatch(sql, /count\(/i)
      assert.notMatch(sql, /offset/i)
    }
  })

  test('a search in order of relevance has no cursors', async ({ client, assert }) => {
    const body = await list(client, 'q=lamp&per_page=2')
    assert.lengthOf(body.data, 2)
    assert.isAbove(body.meta.total!, 2)
    assert.isNull(body.meta.next_cursor)
    const second = await list(client, 'q=lamp&per_page=2&page=2')
    assert.isNull(second.meta.prev_cursor)
  })

  test('a cached cursor page is the page of that cursor', async ({ client, assert }) => {
    const first = await list(client, 'sort=name&per_page=5')
    const again = await list(client, 'sort=name&per_page=5')
    assert.deepEqual(again, first)
    const second = await list(client, `sort=name&per_page=5&cursor=${first.meta.next_cursor}`)
    const third = await list(client, `sort=name&per_page=5&cursor=${second.meta.next_cursor}`)
    assert.notDeepEqual(second.data, third.data)
    assert.deepEqual(
      await list(client, `sort=name&per_page=5&cursor=${first.meta.next_cursor}`),
      second
    )
  })

  async function cursorOf(client: any, query: string) {
    return (await list(client, query)).meta.next_cursor!
  }

  async function assertCursorRefused(client: any, assert: any, query: string) {
    const response = await client.get(`/api/v1/products?${query}`)
    response.assertStatus(422)
    const errors = response.body().errors
    assert.lengthOf(errors, 1)
    assert.equal(errors[0].field, 'cursor')
    assert.equal(errors[0].code, 'E_VALIDATION_ERROR')
  }

  test('page and cursor together are 422 on cursor', async ({ client, assert }) => {
    const cursor = await cursorOf(client, 'sort=price&per_page=4')
    await assertCursorRefused(client, assert, `sort=price&per_page=4&page=2&cursor=${cursor}`)
  })

  test('a malformed or tampered cursor is 422 on cursor', async ({ client, assert }) => {
    const cursor = await cursorOf(client, 'sort=price&per_page=4')
    const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    const tampered = (change: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url')

    for (const bad of [
      'not-a-cursor',
      '!!!',
      Buffer.from('{"s":').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
      tampered({ i: payload.i + 1 }),
      tampered({ v: 1 }),
      tampered({ d: 'p' }),
      tampered({ m: 'fuzzy' }),
      tampered({ h: 'AAAAAAAAAAAAAAAA' }),
      tampered({ extra: 1 }),
      'x'.repeat(600),
    ]) {
      const response = await client.get(`/api/v1/products?sort=price&per_page=4&cursor=${bad}`)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'cursor', bad)
    }
    const response = await client.get(`/api/v1/products?sort=price&per_page=4&cursor=!!!`)
    assert.match(response.body().errors[0].message, /next_cursor or prev_cursor/)
  })

  test('a cursor from another sort, filter, search or per_page is refused', async ({
    client,
    assert,
  }) => {
    const cursor = await cursorOf(client, 'sort=price&per_page=4&category=red')
    for (const other of [
      'sort=-price&per_page=4&category=red',
      'per_page=4&category=red',
      'sort=price&per_page=5&category=red',
      'sort=price&per_page=4',
      'sort=price&per_page=4&category=blue',
      'sort=price&per_page=4&category=red&in_stock=true',
      'sort=price&per_page=4&category=red&min_price=1.00',
      'sort=price&per_page=4&category=red&q=lamp',
      'per_page=4&category=red&q=lamp',
    ]) {
      await assertCursorRefused(client, assert, `${other}&cursor=${cursor}`)
    }
  })

  test('the seed has ties on every sort key', async ({ assert }) => {
    const rows = await db
      .from('products')
      .where('is_active', true)
      .select('price', 'stock', 'created_at', 'name')
    const distinct = (values: unknown[]) => new Set(values.map(String)).size
    assert.isBelow(distinct(rows.map((row) => row.price)), 4)
    assert.isBelow(distinct(rows.map((row) => row.stock)), 4)
    assert.isBelow(distinct(rows.map((row) => row.created_at)), 3)
    assert.isAtMost(distinct(rows.map((row) => String(row.name).toLowerCase())), 3)
  })
})
