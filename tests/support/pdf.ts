import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/**
 * Parses a PDF (throws when it is not one) and returns its pages' text
 * and its title.
 */
export async function readPdf(
  bytes: Uint8Array
): Promise<{ pages: number; text: string; title?: string }> {
  const document = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false })
    .promise
  const texts: string[] = []
  for (let index = 1; index <= document.numPages; index++) {
    const page = await document.getPage(index)
    const content = await page.getTextContent()
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  const metadata = await document.getMetadata()
  const info = metadata.info as { Title?: string }
  const result = { pages: document.numPages, text: texts.join('\n'), title: info.Title }
  await document.destroy()
  return result
}
