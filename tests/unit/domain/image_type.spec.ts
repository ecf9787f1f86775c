import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { contentTypeOfExtension, sniffImageType } from '#domain/image_type'

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/images/${name}`, import.meta.url))

test.group('sniffImageType', () => {
  test('a PNG is read as PNG with its size', ({ assert }) => {
    assert.deepEqual(sniffImageType(fixture('pixel.png')), {
      kind: 'png',
      contentType: 'image/png',
      extension: 'png',
      width: 3,
      height: 2,
    })
  })

  test('a baseline JPEG is read as JPEG with its size from the frame header', ({ assert }) => {
    assert.deepEqual(sniffImageType(fixture('pixel.jpg')), {
      kind: 'jpeg',
      contentType: 'image/jpeg',
      extension: 'jpg',
      width: 5,
      height: 4,
    })
  })

  test('a lossless WebP is read as WebP with its size', ({ assert }) => {
    assert.deepEqual(sniffImageType(fixture('pixel.webp')), {
      kind: 'webp',
      contentType: 'image/webp',
      extension: 'webp',
      width: 1,
      height: 1,
    })
  })

  test('lossy (VP8) and extended (VP8X) WebP headers give their sizes', ({ assert }) => {
    const lossy = Buffer.alloc(30)
    lossy.write('RIFF', 0, 'ascii')
    lossy.write('WEBPVP8 ', 8, 'ascii')
    lossy.set([0x9d, 0x01, 0x2a], 23)
    lossy.writeUInt16LE(640, 26)
    lossy.writeUInt16LE(480, 28)
    assert.include(sniffImageType(lossy), { kind: 'webp', width: 640, height: 480 })

    const extended = Buffer.alloc(30)
    extended.write('RIFF', 0, 'ascii')
    extended.write('WEBPVP8X', 8, 'ascii')
    extended.writeUIntLE(1999, 24, 3)
    extended.writeUIntLE(99, 27, 3)
    assert.include(sniffImageType(extended), { kind: 'webp', width: 2000, height: 100 })
  })

  test('the name does not matter: only bytes are read', ({ assert }) => {
    assert.isNull(sniffImageType(fixture('not_an_image.png')))
  })

  test('{0} is not an image')
    .with<[string, Uint8Array][]>([
      ['an empty file', new Uint8Array()],
      ['a PNG signature alone', fixture('pixel.png').subarray(0, 8)],
      ['a PNG cut before its size', fixture('pixel.png').subarray(0, 20)],
      ['a JPEG start of image alone', new Uint8Array([0xff, 0xd8, 0xff])],
      [
        'a JPEG that reaches its scan without a frame',
        new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]),
      ],
      ['a RIFF file that is not WebP', Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt ')],
      ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00')],
      ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ])
    .run(({ assert }, [, bytes]) => {
      assert.isNull(sniffImageType(bytes))
    })

  test('a 0x0 PNG is refused', ({ assert }) => {
    const zero = Buffer.from(fixture('pixel.png'))
    zero.writeUInt32BE(0, 16)
    assert.isNull(sniffImageType(zero))
  })

  test('stored extensions map back to their content types', ({ assert }) => {
    assert.equal(contentTypeOfExtension('jpg'), 'image/jpeg')
    assert.equal(contentTypeOfExtension('png'), 'image/png')
    assert.equal(contentTypeOfExtension('webp'), 'image/webp')
    assert.isNull(contentTypeOfExtension('svg'))
  })
})
