import { test } from '@japa/runner'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import ProductImage from '#models/product_image'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { freePort, startApp } from '#tests/support/app_process'
import { jwtSigner } from '#config/auth'

const PNG = readFileSync(new URL('../../fixtures/images/pixel.png', import.meta.url))
const BUCKET = 'shop-images-test'
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/**
 * The S3 disk, end to end: an app process configured with DRIVE_DISK=s3
 * against s3rver (a local S3-compatible server this test starts on
 * 127.0.0.1), sharing the run's database.
 */
test.group('Product images on an S3 bucket', (group) => {
  group.each.setup(() => truncateAll())

  test('upload -> the object is in the bucket -> served by the app and at the public URL; delete removes it', async ({
    assert,
    cleanup,
  }) => {
    const directory = mkdtempSync(join(tmpdir(), 's3rver-'))
    cleanup(() => rmSync(directory, { recursive: true, force: true }))
    const port = await freePort()
    const s3 = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    })
    await s3.run()
    cleanup(() => s3.close())
    const endpoint = `http://127.0.0.1:${port}`

    const app = await startApp({
      DRIVE_DISK: 's3',
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      S3_PUBLIC_URL: `${endpoint}/${BUCKET}/`,
      SQLITE_FILE: process.env.SQLITE_FILE ?? '',
      DB_AUTO_MIGRATE: 'false',
      DEMO_DATA: 'false',
      JOBS_IN_PROCESS: 'false',
    })
    cleanup(() => app.stop())

    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.create()
    const token = (await jwtSigner.sign(staff)).value
    const form = new FormData()
    form.append('file', new Blob([PNG], { type: 'image/jpeg' }), 'renamed.jpg')
    form.append('alt', 'From the bucket')
    const uploaded = await fetch(`${app.url}/api/v1/products/${product.id}/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    })
    assert.equal(uploaded.status, 201, app.output())
    const { data } = (await uploaded.json()) as {
      data: { id: number; url: string; content_type: string }
    }
    assert.equal(data.content_type, 'image/png')
    const row = await ProductImage.findOrFail(data.id)
    assert.match(row.storageKey!, /^product-images\/[0-9a-f]{32}\.png$/)
    assert.equal(data.url, `${endpoint}/${BUCKET}/${row.storageKey}`)

    const client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: CREDENTIALS,
    })
    cleanup(() => client.destroy())
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: row.storageKey! }))
    assert.equal(object.ContentType, 'image/png')
    assert.equal(object.CacheControl, 'public, max-age=31536000, immutable')
    assert.deepEqual(Buffer.from(await object.Body!.transformToByteArray()), PNG)

    const atBucket = await fetch(data.url)
    assert.equal(atBucket.status, 200)
    assert.deepEqual(Buffer.from(await atBucket.arrayBuffer()), PNG)

    const name = row.storageKey!.split('/').pop()
    const served = await fetch(`${app.url}/images/${name}`)
    assert.equal(served.status, 200)
    assert.equal(served.headers.get('content-type'), 'image/png')
    assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff')
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG)
    const unknown = await fetch(`${app.url}/images/0123456789abcdef0123456789abcdef.png`)
    assert.equal(unknown.status, 404)

    const deleted = await fetch(`${app.url}/api/v1/products/${product.id}/images/${data.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(deleted.status, 204)
    await assert.rejects(() =>
      client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: row.storageKey! }))
    )
  }).timeout(90_000)
})
