import { readFile } from 'node:fs/promises'

const files = new Map<string, Promise<Buffer>>()

/**
 * A file read once and then served from memory (the small pages and the
 * scripts they load), optionally rewritten once as text.
 */
export function cachedFile(path: string, transform?: (source: string) => string) {
  let content = files.get(path)
  if (!content) {
    content = readFile(path).then((bytes) =>
      transform ? Buffer.from(transform(bytes.toString('utf8'))) : bytes
    )
    content.catch(() => files.delete(path))
    files.set(path, content)
  }
  return content
}
