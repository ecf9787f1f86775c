import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import ProductImage from '#models/product_image'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { ProductImageFiles } from '#services/product_image_service'
import { imageUploads } from '#config/drive'
import { jwtSigner } from '#config/auth'

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/images/${name}`, import.meta.url))

const PNG = fixture('pixel.png')
const JPEG = fixture('pixel.jpg')
const WEBP = fixture('pixel.webp')
const TEXT = fixture('not_an_image.png')

const imagesOf = (productId: number) =>
  ProductImage.query().where('product_id', productId).orderBy('position').orderBy('id')

async function storedKeys() {
  const rows = await db.from('product_images').whereNotNull('storage_key').select('storage_key')
  return rows.map((row: { storage_key: string }) => row.storage_key)
}

async function staffAndProduct() {
  const staff = await UserFactory.apply('staff').create()
  const product = await ProductFactory.merge({ isActive: true }).create()
  return { staff, product }
}

test.group('Product images: upload', (group) => {
  group.each.setup(async () => {
    await ProductImageFiles.remove(await storedKeys())
    await truncateAll()
  })

  test('a PNG named .jpg is stored as PNG under a generated name, and the product shows it', async ({
    client,
    assert,
  }) => {
    const { staff, product } = await staffAndProduct()
    // A cached public read first: the upload must clear it.
    const before = await client.get(`/api/v1/products/${product.id}`)
    before.assertStatus(200)
    assert.lengthOf(before.body().data.images, 0)

    const response = await client
      .post(`/api/v1/products/${product.slug}/images`)
      .loginAs(staff)
      .file('file', PNG, { filename: 'holiday.jpg', contentType: 'image/jpeg' })
      .field('alt', 'Front view')
    response.assertStatus(201)
    const data = response.body().data
    assert.include(data, {
      product_id: product.id,
      alt: 'Front view',
      position: 0,
      stored: true,
      content_type: 'image/png',
      size: PNG.length,
      width: 3,
      height: 2,
    })
    assert.match(data.url, /^\/images\/[0-9a-f]{32}\.png$/)
    assert.notInclude(data.url, 'holiday')

    const row = await ProductImage.findOrFail(data.id)
    assert.match(row.storageKey!, /^product-images\/[0-9a-f]{32}\.png$/)
    assert.isTrue(await drive.use().exists(row.storageKey!))
    assert.deepEqual(Buffer.from(await drive.use().getBytes(row.storageKey!)), PNG)

    const after = await client.get(`/api/v1/products/${product.id}`)
    assert.deepEqual(after.body().data.images, [
      { id: data.id, url: data.url, alt: 'Front view', position: 0 },
    ])
    const audit = await db.from('admin_actions').where('resource', 'product_images')
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].action, 'create')
  })

  test('JPEG and WebP are accepted with their types; positions follow on', async ({
    client,
    assert,
  }) => {
    const { staff, product } = await staffAndProduct()
    const jpeg = await client
      .post(`/api/v1/products/${product.id}/images`)
      .loginAs(staff)
      .file('file', JPEG, { filename: 'a.png' })
    jpeg.assertStatus(201)
    assert.include(jpeg.body().data, { content_type: 'image/jpeg', width: 5, height: 4 })
    assert.match(jpeg.body().data.url, /\.jpg$/)

    const webp = await client
      .post(`/api/v1/products/${product.id}/images`)
      .loginAs(staff)
      .file('file', WEBP, { filename: 'b' })
      .field('position', '7')
    webp.assertStatus(201)
    assert.include(webp.body().data, { content_type: 'image/webp', position: 7 })

    const third = await client
      .post(`/api/v1/products/${product.id}/images`)
      .loginAs(staff)
      .file('file', PNG, { filename: 'c.png' })
    third.assertStatus(201)
    assert.equal(third.body().data.position, 8)
  })

  test('a text file named .png is refused with 422 naming the accepted types; nothing is stored', async ({
    client,
    assert,
  }) => {
    const { staff, product } = await staffAndProduct()
    const response = await client
      .post(`/api/v1/products/${product.id}/images`)
      .loginAs(staff)
      .file('file', TEXT, { filename: 'photo.png', contentType: 'image/png' })
    response.assertStatus(422)
    const [error] = response.body().errors
    assert.equal(error.field, 'file')
    assert.include(error.message, 'JPEG, PNG or WebP')
    assert.lengthOf(await imagesOf(product.id), 0)
  })

  test('a file over the limit gets 413 in the error shape; nothing is stored', async ({
    client,
    assert,
  }) => {
    const { staff, product } = await staffAndProduct()
    const tooLarge = Buffer.alloc(imageUploads.maxBytes + 1)
    PNG.copy(tooLarge)
    const response = await client
      .post(`/api/v1/products/${product.id}/images`)
      .loginAs(staff)
      .file('file', tooLarge, { filename: 'big.png' })
    response.assertStatus(413)
    assert.equal(response.body().errors[0].code, 'E_BODY_TOO_LARGE')
    assert.include(response.body().errors[0].message, String(imageUploads.maxBytes))
    assert.lengthOf(await imagesOf(product.id), 0)

    const atTheLimit = Buffer.alloc(imageUploads.maxBytes)
    PNG.copy(atTheLimit)
    const accepted = await client
      .post(`/api/v1/products/${product.id}/images`)
      .loginAs(staff)
      .file('file', atTheLimit, { filename: 'limit.png' })
    accepted.assertStatus(201)
    assert.equal(accepted.body().data.size, imageUploads.maxBytes)
  })

  test('anonymous uploads are 401 and customers 403; nothing is stored', async ({
    client,
    assert,
  }) => {
    const { product } = await staffAndProduct()
    const customer = await UserFactory.create()
    const anonymous = await client
      .post(`/api/v1/products/${product.id}/images`)
      .file('file', PNG, { filename: 'a.png' })
    anonymous.assertStatus(401)
    const asCustomer = await client
      .post(`/api/v1/products/${product.id}/images`)
      .loginAs(customer)
      .file('file', PNG, { filename: 'a.png' })
    asCustomer.assertStatus(403)
    assert.lengthOf(await imagesOf(product.id), 0)
    assert.lengthOf(await storedKeys(), 0)
  })

  test('bad forms: JSON 415, no file 422, two files 422, unknown fields 422, malformed 400, unknown product 404', async ({
    client,
    assert,
  }) => {
    const { staff, product } = await staffAndProduct()
    const url = `/api/v1/products/${product.id}/images`

    const json = await client.post(url).loginAs(staff).json({ url: 'https://x.test/a.png' })
    json.assertStatus(415)
    assert.equal(json.body().errors[0].code, 'E_UNSUPPORTED_MEDIA_TYPE')

    const noFile = await client.post(url).loginAs(staff).field('alt', 'nothing')
    noFile.assertStatus(422)
    assert.equal(noFile.body().errors[0].field, 'file')

    const twoFiles = await client
      .post(url)
      .loginAs(staff)
      .file('file', PNG, { filename: 'a.png' })
      .file('file', PNG, { filename: 'b.png' })
    twoFiles.assertStatus(422)
    assert.equal(twoFiles.body().errors[0].field, 'file')

    const unknown = await client
      .post(url)
      .loginAs(staff)
      .file('file', PNG, { filename: 'a.png' })
      .field('caption', 'x')
      .file('thumbnail', PNG, { filename: 't.png' })
    unknown.assertStatus(422)
    assert.sameMembers(
      unknown.body().errors.map((error: { field: string }) => error.field),
      ['caption', 'thumbnail']
    )

    const badPosition = await client
      .post(url)
      .loginAs(staff)
      .file('file', PNG, { filename: 'a.png' })
      .field('position', '-1')
    badPosition.assertStatus(422)
    assert.equal(badPosition.body().errors[0].field, 'position')

    const base = `http://${process.env.HOST}:${process.env.PORT}`
    const token = (await jwtSigner.sign(staff)).value
    for (const [contentType, body] of [
      ['multipart/form-data', 'no boundary'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\ncut',
      ],
      ['multipart/form-data; boundary=x', 'not multipart at all'],
    ]) {
      const response = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'content-type': contentType, 'authorization': `Bearer ${token}` },
        body,
      })
      assert.equal(response.status, 400, `${contentType}: ${body}`)
      const answer = (await response.json()) as { errors: Array<{ code: string }> }
      assert.equal(answer.errors[0].code, 'E_MALFORMED_BODY')
    }

    const missing = await client
      .post('/api/v1/products/no-such-product/images')
      .loginAs(staff)
      .file('file', PNG, { filename: 'a.png' })
    missing.assertStatus(404)

    assert.lengthOf(await imagesOf(product.id), 0)
    assert.lengthOf(await storedKeys(), 0)
  })
})

test.group('Product images: edit, reorder, delete, serve', (group) => {
  group.each.setup(async () => {
    await ProductImageFiles.remove(await storedKeys())
    await truncateAll()
  })

  async function upload(client: any, staff: any, productId: number, bytes = PNG) {
    const response = await client
      .post(`/api/v1/products/${productId}/images`)
      .loginAs(staff)
      .file('file', bytes, { filename: 'x.png' })
    response.assertStatus(201)
    return response.body().data as { id: number; url: string }
  }

  test('PATCH changes alt and position: the product lists images in the new order', async ({
    client,
    assert,
  }) => {
    const { staff, product } = await staffAndProduct()
    const first = await upload(client, staff, product.id)
    const second = await upload(client, staff, product.id, JPEG)
    const read = async () =>
      (await client.get(`/api/v1/products/${product.id}`))
        .body()
        .data.images.map((image: { id: number }) => image.id)
    assert.deepEqual(await read(), [first.id, second.id])

    const moved = await client
      .patch(`/api/v1/products/${product.id}/images/${second.id}`)
      .loginAs(staff)
      .json({ position: 0, alt: 'Side' })
    moved.assertStatus(200)
    assert.include(moved.body().data, { id: second.id, position: 0, alt: 'Side' })
    await client
      .patch(`/api/v1/products/${product.id}/images/${first.id}`)
      .loginAs(staff)
      .json({ position: 1 })
    assert.deepEqual(await read(), [second.id, first.id])

    const customer = await UserFactory.create()
    const forbidden = await client
      .patch(`/api/v1/products/${product.id}/images/${first.id}`)
      .loginAs(customer)
      .json({ position: 5 })
    forbidden.assertStatus(403)

    const other = await ProductFactory.create()
    const wrongProduct = await client
      .patch(`/api/v1/products/${other.id}/images/${first.id}`)
      .loginAs(staff)
      .json({ position: 5 })
    wrongProduct.assertStatus(404)
    const junk = await client
      .patch(`/api/v1/products/${product.id}/images/abc`)
      .loginAs(staff)
      .json({ position: 5 })
    junk.assertStatus(404)
    const invalid = await client
      .patch(`/api/v1/products/${product.id}/images/${first.id}`)
      .loginAs(staff)
      .json({ position: '2' })
    invalid.assertStatus(422)
  })

  test('DELETE removes the row and the file; the URL is then 404', async ({ client, assert }) => {
    const { staff, product } = await staffAndProduct()
    const image = await upload(client, staff, product.id)
    const row = await ProductImage.findOrFail(image.id)
    assert.isTrue(await drive.use().exists(row.storageKey!))

    const response = await client
      .delete(`/api/v1/products/${product.id}/images/${image.id}`)
      .loginAs(staff)
    response.assertStatus(204)
    assert.isNull(await ProductImage.find(image.id))
    assert.isFalse(await drive.use().exists(row.storageKey!))
    const served = await client.get(image.url)
    served.assertStatus(404)
    const again = await client
      .delete(`/api/v1/products/${product.id}/images/${image.id}`)
      .loginAs(staff)
    again.assertStatus(404)
  })

  test('deleting a product removes its image files after the commit', async ({
    client,
    assert,
  }) => {
    const { staff, product } = await staffAndProduct()
    await upload(client, staff, product.id)
    await upload(client, staff, product.id, WEBP)
    const keys = await storedKeys()
    assert.lengthOf(keys, 2)
    const keep = await ProductFactory.create()
    const kept = await upload(client, staff, keep.id)

    const response = await client.delete(`/api/v1/products/${product.id}`).loginAs(staff)
    response.assertStatus(204)
    for (const key of keys) {
      assert.isFalse(await drive.use().exists(key))
    }
    const keptRow = await ProductImage.findOrFail(kept.id)
    assert.isTrue(await drive.use().exists(keptRow.storageKey!))
  })

  test('a product PATCH with images keeps the uploads it lists and removes the files of the others', async ({
    client,
    assert,
  }) => {
    const { staff, product } = await staffAndProduct()
    const kept = await upload(client, staff, product.id)
    const dropped = await upload(client, staff, product.id, WEBP)
    const keptKey = (await ProductImage.findOrFail(kept.id)).storageKey!
    const droppedKey = (await ProductImage.findOrFail(dropped.id)).storageKey!

    const response = await client
      .patch(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .json({
        images: [
          { url: 'https://cdn.example.test/side.jpg', alt: 'Side' },
          { url: kept.url, alt: 'Front' },
        ],
      })
    response.assertStatus(200)
    assert.deepEqual(
      response.body().data.images.map((image: { url: string }) => image.url),
      ['https://cdn.example.test/side.jpg', kept.url]
    )
    const rows = await imagesOf(product.id)
    assert.deepEqual(
      rows.map((row) => row.storageKey),
      [null, keptKey]
    )
    assert.equal(rows[1].contentType, 'image/png')
    assert.isTrue(await drive.use().exists(keptKey))
    assert.isFalse(await drive.use().exists(droppedKey))

    await client
      .delete(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .then((r) => r.assertStatus(204))
    assert.isFalse(await drive.use().exists(keptKey))
  })

  test('GET /images/{name}: the bytes, the type, a year of immutable caching, nosniff', async ({
    client,
    assert,
  }) => {
    const { staff, product } = await staffAndProduct()
    const image = await upload(client, staff, product.id)
    const response = await client.get(image.url)
    response.assertStatus(200)
    response.assertHeader('content-type', 'image/png')
    response.assertHeader('cache-control', 'public, max-age=31536000, immutable')
    response.assertHeader('x-content-type-options', 'nosniff')
    response.assertHeader('content-length', String(PNG.length))
    const served = await fetch(new URL(image.url, `http://${process.env.HOST}:${process.env.PORT}`))
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG)
  })

  test('unknown names and path tricks are 404 in the error shape', async ({ client, assert }) => {
    const base = `http://${process.env.HOST}:${process.env.PORT}`
    for (const path of [
      '/images/0123456789abcdef0123456789abcdef.png',
      '/images/package.json',
      '/images/..%2F..%2Fpackage.json',
      '/images/%2e%2e%2fpackage.json',
      '/images/0123456789abcdef0123456789abcdef.svg',
      '/images/product-images%2F0123456789abcdef0123456789abcdef.png',
    ]) {
      const response = await fetch(`${base}${path}`)
      assert.equal(response.status, 404, path)
      const body = (await response.json()) as { errors: Array<{ code: string }> }
      assert.equal(body.errors[0].code, 'E_NOT_FOUND', path)
    }
    const raw = await client.get('/images/../package.json')
    raw.assertStatus(404)
  })
})
