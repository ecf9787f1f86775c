/**
 * What an uploaded file is, read from its bytes, never from its name or
 * the type the client claims (issue 17, item 5): JPEG, PNG and WebP are
 * accepted, recognised by their signature and a header that parses far
 * enough to give the picture's width and height. Pure: no I/O.
 */

export type ImageKind = 'jpeg' | 'png' | 'webp'

export interface ImageType {
  kind: ImageKind
  contentType: string
  extension: string
  width: number
  height: number
}

export const IMAGE_TYPES: Record<ImageKind, { contentType: string; extension: string }> = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
  webp: { contentType: 'image/webp', extension: 'webp' },
}

/**
 * The accepted types, for messages: "JPEG, PNG or WebP".
 */
export const ACCEPTED_IMAGE_TYPES = 'JPEG, PNG or WebP'

/**
 * The content type of a stored file's extension (the extension is the one
 * `IMAGE_TYPES` gave it), or null.
 */
export function contentTypeOfExtension(extension: string): string | null {
  for (const type of Object.values(IMAGE_TYPES)) {
    if (type.extension === extension) return type.contentType
  }
  return null
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function startsWith(bytes: Uint8Array, signature: number[], offset = 0) {
  if (bytes.length < offset + signature.length) return false
  return signature.every((byte, index) => bytes[offset + index] === byte)
}

function ascii(bytes: Uint8Array, offset: number, length: number) {
  if (bytes.length < offset + length) return ''
  return String.fromCharCode(...bytes.subarray(offset, offset + length))
}

function uint16be(bytes: Uint8Array, offset: number) {
  return (bytes[offset] << 8) | bytes[offset + 1]
}

function uint32be(bytes: Uint8Array, offset: number) {
  return (
    ((bytes[offset] << 24) >>> 0) +
    (bytes[offset + 1] << 16) +
    (bytes[offset + 2] << 8) +
    bytes[offset + 3]
  )
}

function uint16le(bytes: Uint8Array, offset: number) {
  return bytes[offset] | (bytes[offset + 1] << 8)
}

function uint24le(bytes: Uint8Array, offset: number) {
  return bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16)
}

type Size = { width: number; height: number }

/**
 * PNG: the signature, then the IHDR chunk first, with the width and the
 * height as 32-bit big-endian numbers.
 */
function pngSize(bytes: Uint8Array): Size | null {
  if (!startsWith(bytes, PNG_SIGNATURE) || ascii(bytes, 12, 4) !== 'IHDR' || bytes.length < 24) {
    return null
  }
  return { width: uint32be(bytes, 16), height: uint32be(bytes, 20) }
}

/**
 * JPEG: SOI, then marker segments up to the first start-of-frame (SOF0 to
 * SOF15 but DHT, JPG and DAC), which carries the height and the width.
 */
function jpegSize(bytes: Uint8Array): Size | null {
  if (!startsWith(bytes, [0xff, 0xd8, 0xff])) return null
  let offset = 2
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1]
    if (marker === 0xff) {
      offset += 1
      continue
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2
      continue
    }
    if (marker === 0xd9 || marker === 0xda) return null
    const length = uint16be(bytes, offset + 2)
    if (length < 2) return null
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (isFrame) {
      if (offset + 9 > bytes.length) return null
      return { height: uint16be(bytes, offset + 5), width: uint16be(bytes, offset + 7) }
    }
    offset += 2 + length
  }
  return null
}

/**
 * WebP: a RIFF container of type WEBP whose first chunk is VP8 (lossy),
 * VP8L (lossless) or VP8X (extended), each with the size in its header.
 */
function webpSize(bytes: Uint8Array): Size | null {
  if (ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return null
  const chunk = ascii(bytes, 12, 4)
  if (chunk === 'VP8 ') {
    if (bytes.length < 30 || !startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return null
    return { width: uint16le(bytes, 26) & 0x3fff, height: uint16le(bytes, 28) & 0x3fff }
  }
  if (chunk === 'VP8L') {
    if (bytes.length < 25 || bytes[20] !== 0x2f) return null
    const bits = bytes[21] | (bytes[22] << 8) | (bytes[23] << 16) | (bytes[24] << 24)
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8X') {
    if (bytes.length < 30) return null
    return { width: uint24le(bytes, 24) + 1, height: uint24le(bytes, 27) + 1 }
  }
  return null
}

/**
 * The image type of these bytes, or null when they are not a JPEG, PNG
 * or WebP whose header gives a size of at least 1x1.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const candidates: Array<[ImageKind, (input: Uint8Array) => Size | null]> = [
    ['png', pngSize],
    ['jpeg', jpegSize],
    ['webp', webpSize],
  ]
  for (const [kind, sizeOf] of candidates) {
    const size = sizeOf(bytes)
    if (size) {
      if (size.width < 1 || size.height < 1) return null
      return { kind, ...IMAGE_TYPES[kind], ...size }
    }
  }
  return null
}
