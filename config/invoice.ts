import env from '#start/env'

/**
 * The fonts embedded in invoice PDFs (TrueType files, read from disk; none
 * is downloaded). The regular and bold fonts cover Latin, Latin Extended,
 * Greek and Cyrillic (Debian's fonts-dejavu-core); runs of Chinese,
 * Japanese or Korean text use the CJK font (Debian's fonts-droid-fallback).
 * Checked when the first invoice is rendered: a missing file is an error
 * naming it and the package that provides it.
 */
const invoiceConfig = {
  fonts: {
    regular: env.get('INVOICE_FONT') ?? '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    bold: env.get('INVOICE_FONT_BOLD') ?? '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
    cjk: env.get('INVOICE_FONT_CJK') ?? '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  },
}

export type InvoiceConfig = typeof invoiceConfig

export default invoiceConfig
