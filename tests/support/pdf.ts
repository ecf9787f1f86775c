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

/**
 * Text without any whitespace: pdf.js splits a line into items where the
 * font changes (readPdf joins them with spaces), so text is compared
 * without it.
 */
export function compactText(text: string): string {
  return text.replace(/\s+/g, '')
}

/**
 * GET an order's invoice with a bearer token; the status and the PDF's
 * bytes (empty unless 200).
 */
export async function fetchInvoice(
  baseUrl: string,
  orderNumber: string,
  token: string
): Promise<{ status: number; bytes: Uint8Array }> {
  const response = await fetch(`${baseUrl}/api/v1/orders/${orderNumber}/invoice`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { status: response.status, bytes: response.status === 200 ? bytes : new Uint8Array() }
}
