import { existsSync } from 'node:fs'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Order from '#models/order'
import type OrderItem from '#models/order_item'
import PaymentRefund from '#models/payment_refund'
import type { PostalAddress } from '#config/orders'
import type { InvoiceConfig } from '#config/invoice'
import { toDecimalString } from '#services/money'
import { ApiError } from '#exceptions/api_error'
import { ShopSettingsService } from '#services/shop_settings_service'
import { dbTimestamp } from '#services/db_time'
import { DEFAULT_VARIANT_TITLE, variantLabel } from '#services/stock_service'

type FontName = 'regular' | 'bold' | 'cjk'

/**
 * Chinese, Japanese and Korean characters (and their punctuation and
 * full-width forms): the runs of text set in the CJK font. Everything else
 * is set in the regular (or bold) font, which covers Latin, Latin
 * Extended, Greek and Cyrillic.
 */
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]+/gu

/**
 * Splits `text` into runs, each with the font that has its glyphs.
 */
export function fontRuns(text: string, base: 'regular' | 'bold'): Array<[FontName, string]> {
  const runs: Array<[FontName, string]> = []
  let last = 0
  for (const match of text.matchAll(CJK)) {
    if (match.index > last) {
      runs.push([base, text.slice(last, match.index)])
    }
    runs.push(['cjk', match[0]])
    last = match.index + match[0].length
  }
  if (last < text.length || runs.length === 0) {
    runs.push([base, text.slice(last)])
  }
  return runs
}

/**
 * An invoice number as printed: the year and the number within it,
 * `2026-000001`.
 */
export function formatInvoiceNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`
}

/**
 * A postal address as lines, the same format for the shop and the
 * customer: name, street lines, postal code and city, country.
 */
export function addressLines(name: string, address: PostalAddress): string[] {
  return [
    name,
    ...address.lines,
    [address.postalCode, address.city].filter(Boolean).join(' '),
    address.country,
  ].filter((line) => line.trim() !== '')
}

/**
 * A tax rate in basis points as printed: 2000 -> "20%", 750 -> "7.5%".
 */
export function formatRate(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100)
  const fraction = String(Math.abs(rateBp % 100))
    .padStart(2, '0')
    .replace(/0+$/, '')
  return `${whole}${fraction ? `.${fraction}` : ''}%`
}

export interface SummaryRow {
  label: string
  amount: string
}

/**
 * What an order's totals say beyond the lines (issue 19), from its own
 * snapshot: the subtotal, each discount (its promotion and code), the
 * shipping method and its price, tax per rate, the total. With prices
 * entered without tax, the tax rows add up before the total; with prices
 * that hold tax, the total says "incl. tax" and the tax rows after it say
 * what part of it is tax ("of which VAT 20%"). Null for an order with no
 * discount, no shipping and no tax (every order from before issue 19, and
 * orders of a shop without rules): its totals read as they always did.
 * The invoice and the order e-mails print the same rows.
 */
export interface OrderSummary {
  subtotal: SummaryRow
  /**
   * Discounts (negative amounts), then shipping.
   */
  adjustments: SummaryRow[]
  /**
   * Prices without tax: the tax per rate, added before the total.
   */
  taxes: SummaryRow[]
  total: SummaryRow
  /**
   * Prices with tax: the part of the total that is tax, per rate.
   */
  includedTaxes: SummaryRow[]
}

export function orderSummary(
  order: Pick<
    Order,
    | 'subtotal'
    | 'total'
    | 'discountTotal'
    | 'shippingTotal'
    | 'taxTotal'
    | 'pricesIncludeTax'
    | 'shippingMethodName'
    | 'couponCode'
    | 'pricing'
  >,
  money: (minor: number) => string
): OrderSummary | null {
  const pricing = order.pricing
  const discounts = pricing?.discounts ?? []
  const taxes = pricing?.taxes ?? []
  const shipping = pricing?.shipping ?? null
  const shippingName = shipping?.name ?? order.shippingMethodName ?? null
  if (
    discounts.length === 0 &&
    taxes.length === 0 &&
    shippingName === null &&
    !Number(order.discountTotal) &&
    !Number(order.shippingTotal) &&
    !Number(order.taxTotal)
  ) {
    return null
  }
  const included = Boolean(order.pricesIncludeTax)
  const discountRow = (discount: (typeof discounts)[number]): SummaryRow => {
    const what =
      discount.level === 'shipping'
        ? 'Free shipping'
        : discount.level === 'lines'
          ? 'Discount on items'
          : 'Discount'
    const code = discount.code ? ` ${discount.code}` : ''
    return { label: `${what}${code} (${discount.name})`, amount: money(-discount.amount) }
  }
  // Discounts on the goods, the shipping, then a discount on the shipping.
  const adjustments: SummaryRow[] = discounts
    .filter((discount) => discount.level !== 'shipping')
    .map(discountRow)
  if (discounts.length === 0 && Number(order.discountTotal) > 0) {
    // A snapshot without its detail: the sum, and the code when there was one.
    const code = order.couponCode ? ` ${order.couponCode}` : ''
    adjustments.push({ label: `Discount${code}`, amount: money(-Number(order.discountTotal)) })
  }
  if (shippingName !== null || Number(order.shippingTotal) > 0) {
    const zone = shipping?.zoneName ? `, ${shipping.zoneName}` : ''
    adjustments.push({
      label: `Shipping (${shippingName ?? 'shipping'}${zone})`,
      amount: money(Number(order.shippingTotal)),
    })
  }
  adjustments.push(
    ...discounts.filter((discount) => discount.level === 'shipping').map(discountRow)
  )
  const taxRows: SummaryRow[] = taxes.map((tax) => ({
    label: `${included ? 'of which ' : ''}${tax.name} ${formatRate(tax.rateBp)} (on ${money(tax.base)})`,
    amount: money(tax.amount),
  }))
  if (taxRows.length === 0 && Number(order.taxTotal) > 0) {
    taxRows.push({
      label: `${included ? 'of which ' : ''}tax`,
      amount: money(Number(order.taxTotal)),
    })
  }
  return {
    subtotal: {
      label: included ? 'Subtotal (incl. tax)' : 'Subtotal',
      amount: money(order.subtotal),
    },
    adjustments,
    taxes: included ? [] : taxRows,
    total: { label: included ? 'Total (incl. tax)' : 'Total', amount: money(order.total) },
    includedTaxes: included ? taxRows : [],
  }
}

/**
 * What was paid for an order and given back (issue 20), as the invoice
 * prints it below the totals: the way it was paid, the amount paid, each
 * refund that went through (its date, reference and reason; pending and
 * failed ones are not money that moved) and, after refunds, the net paid.
 * Null for an order with no payment method, nothing paid and no refund
 * (every order from before issue 20, and orders of a shop without payment
 * methods): its invoice reads as it always did.
 */
export interface PaymentSummary {
  /**
   * "Payment method: Bank transfer" (null: none chosen).
   */
  method: string | null
  paid: SummaryRow
  refunds: SummaryRow[]
  /**
   * Only when something was refunded.
   */
  net: SummaryRow | null
}

export function paymentSummary(
  order: Pick<Order, 'paymentMethodName' | 'payOnDelivery' | 'amountPaid'>,
  refunds: Array<
    Pick<PaymentRefund, 'amount' | 'status' | 'reason' | 'reference' | 'createdAt' | 'completedAt'>
  >,
  money: (minor: number) => string
): PaymentSummary | null {
  const succeeded = refunds.filter((refund) => refund.status === 'succeeded')
  const paid = Number(order.amountPaid)
  if (!order.paymentMethodName && paid === 0 && succeeded.length === 0) {
    return null
  }
  const refunded = succeeded.reduce((sum, refund) => sum + Number(refund.amount), 0)
  return {
    method: order.paymentMethodName
      ? `Payment method: ${order.paymentMethodName}${order.payOnDelivery ? ' (pay on delivery)' : ''}`
      : null,
    paid: { label: 'Amount paid', amount: money(paid) },
    refunds: succeeded.map((refund) => {
      const on = (refund.completedAt ?? refund.createdAt).toUTC().toFormat('yyyy-MM-dd')
      const details = [
        refund.reference ? `ref. ${refund.reference}` : '',
        refund.reason ?? '',
      ].filter((detail) => detail.trim() !== '')
      return {
        label: `Refund ${on}${details.length ? ` (${details.join(', ')})` : ''}`,
        amount: money(-Number(refund.amount)),
      }
    }),
    net: succeeded.length ? { label: 'Net paid', amount: money(paid - refunded) } : null,
  }
}

/**
 * Raised inside the allocation transaction when another request stored a
 * number on the order first: rolls the counter back.
 */
class AlreadyIssued extends Error {}

/**
 * The invoice of an order as a PDF: the shop (with its logo when one was
 * uploaded), the invoice number and issue date, the order number and
 * date, the shipping address, one row per line and the totals, then
 * what was paid and refunded (paymentSummary).
 * Built from the order's own copies of names and prices, so it never
 * changes after checkout. Fonts are embedded (config/invoice.ts), so names
 * in any of Latin, Greek, Cyrillic or CJK print as written.
 */
export class InvoiceService {
  #fontsChecked = false

  /**
   * The order's invoice number, allocated on first issue (see allocate).
   */
  async issue(order: Order): Promise<string> {
    if (!order.invoiceNumber) {
      order.invoiceNumber = await this.allocate(order.id, DateTime.utc().year)
    }
    return order.invoiceNumber
  }

  /**
   * Gives the order the next number of `year`'s gapless sequence, or
   * returns the one it already has. One transaction: the order row locked
   * (PostgreSQL; SQLite's writers are serialised), the year's counter
   * incremented by one upsert that returns the new value, and the number
   * stored on the order only where it has none. The counter and the order
   * commit together, so a failure leaves no gap, and concurrent first
   * requests for one order agree on one number.
   */
  async allocate(orderId: number, year: number): Promise<string> {
    try {
      return await db.transaction(async (trx) => {
        const existing = await this.lockedNumber(orderId, trx)
        if (existing) {
          return existing
        }
        const result = await trx.rawQuery(
          `INSERT INTO invoice_sequences (year, last_number) VALUES (?, 1)
           ON CONFLICT (year) DO UPDATE SET last_number = invoice_sequences.last_number + 1
           RETURNING last_number`,
          [year]
        )
        const rows: Array<{ last_number: number | string }> = Array.isArray(result)
          ? result
          : result.rows
        const number = formatInvoiceNumber(year, Number(rows[0].last_number))
        const updated = await trx
          .from('orders')
          .where('id', orderId)
          .whereNull('invoice_number')
          .update({ invoice_number: number, invoice_issued_at: dbTimestamp(trx) })
        if (Number(Array.isArray(updated) ? updated[0] : updated) !== 1) {
          throw new AlreadyIssued()
        }
        return number
      })
    } catch (error) {
      if (error instanceof AlreadyIssued) {
        const row = await db.from('orders').where('id', orderId).select('invoice_number').first()
        return row.invoice_number as string
      }
      throw error
    }
  }

  private async lockedNumber(orderId: number, trx: TransactionClientContract) {
    const query = trx.from('orders').where('id', orderId).select('invoice_number')
    if (trx.dialect.name === 'postgres') {
      query.forUpdate()
    }
    const row = await query.first()
    if (!row) {
      throw new Error(`order ${orderId} does not exist`)
    }
    return (row.invoice_number as string | null) ?? null
  }

  /**
   * The configured font files, checked once: a missing one is an error
   * that names it and the Debian package that provides the default.
   */
  private fonts(): InvoiceConfig['fonts'] {
    const { fonts } = app.config.get<InvoiceConfig>('invoice')
    if (!this.#fontsChecked) {
      const missing = Object.entries(fonts).filter(([, path]) => !existsSync(path))
      if (missing.length > 0) {
        const message = `invoice fonts missing: ${missing
          .map(([name, path]) => `${name} (${path})`)
          .join(
            ', '
          )}; install Debian's fonts-dejavu-core and fonts-droid-fallback, or set INVOICE_FONT, INVOICE_FONT_BOLD and INVOICE_FONT_CJK`
        logger.error(message)
        /**
         * The server is set up wrong, not the request: 503 in the error
         * shape (with the message the operator needs in the log).
         */
        throw new ApiError(
          503,
          'E_SERVICE_UNAVAILABLE',
          `Invoices are unavailable on this server: ${message}`
        )
      }
      this.#fontsChecked = true
    }
    return fonts
  }

  /**
   * When the order's invoice was issued (stored with its number).
   */
  async issuedAt(orderId: number): Promise<DateTime | null> {
    const row = await db.from('orders').where('id', orderId).select('invoice_issued_at').first()
    const value: unknown = row?.invoice_issued_at
    if (value === null || value === undefined) {
      return null
    }
    const at =
      value instanceof Date
        ? DateTime.fromJSDate(value)
        : DateTime.fromSQL(String(value), { zone: 'utc' }).isValid
          ? DateTime.fromSQL(String(value), { zone: 'utc' })
          : DateTime.fromISO(String(value), { zone: 'utc' })
    return at.isValid ? at : null
  }

  async render(order: Order): Promise<Buffer> {
    const fonts = this.fonts()
    const invoiceNumber = await this.issue(order)
    const issuedAt = (await this.issuedAt(order.id)) ?? DateTime.utc()
    const settings = await app.container.make(ShopSettingsService)
    const logo = await settings.logo()
    /**
     * The shop as its settings say today (admins edit them in the panel);
     * amounts stay in the order's own currency, as charged.
     */
    const shop = await app.container.make(ShopSettingsService).then((service) => service.get())
    const items = [...((order.$preloaded.items ?? []) as OrderItem[])].sort(
      (a, b) => a.productId - b.productId || a.variantId - b.variantId
    )
    const money = (minor: number) => `${toDecimalString(minor)} ${order.currency}`
    const summary = orderSummary(order, money)
    const refunds = await PaymentRefund.query()
      .where('order_id', order.id)
      .where('status', 'succeeded')
      .orderBy('id')
    const payment = paymentSummary(order, refunds, money)

    const { default: PDFDocument } = await import('pdfkit')
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: {
        Title: `Invoice ${order.number}`,
        Author: shop.name,
        Subject: `Invoice ${invoiceNumber} for order ${order.number}`,
      },
    })
    doc.registerFont('regular', fonts.regular)
    doc.registerFont('bold', fonts.bold)
    doc.registerFont('cjk', fonts.cjk)
    const chunks: Buffer[] = []
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk))
      doc.on('end', () => resolve(Buffer.concat(chunks)))
      doc.on('error', reject)
    })

    /**
     * One piece of text, each run in the font that has its glyphs; at
     * (x, y) when given, else where the last one ended.
     */
    const write = (
      text: string,
      options: {
        x?: number
        y?: number
        width?: number
        bold?: boolean
        align?: 'left' | 'right'
      } = {}
    ) => {
      const runs = fontRuns(text, options.bold ? 'bold' : 'regular')
      runs.forEach(([font, run], index) => {
        const continued = index < runs.length - 1
        const textOptions = options.align
          ? { width: options.width, continued, align: options.align }
          : { width: options.width, continued }
        doc.font(font)
        if (index === 0 && options.x !== undefined) {
          doc.text(run, options.x, options.y, textOptions)
        } else {
          doc.text(run, textOptions)
        }
      })
    }
    const block = (lines: string[]) => {
      for (const line of lines) {
        write(line)
      }
    }

    if (logo) {
      // PNG or JPEG only (checked on upload), at most 160 x 60 points.
      doc.image(logo.data, 50, 50, { fit: [160, 60] })
      doc.y = 50 + 60 + 10
      doc.x = 50
    }
    doc.fontSize(20)
    write(shop.name, { bold: true })
    doc.fontSize(9).fillColor('#555555')
    block(addressLines('', shop.address))
    write(shop.email)
    doc.moveDown(1.5).fillColor('#000000')

    doc.fontSize(16)
    write(`Invoice ${invoiceNumber}`, { bold: true })
    doc.fontSize(10)
    write(`Order: ${order.number}`)
    write(`Invoice date: ${issuedAt.toUTC().toFormat('yyyy-MM-dd')}`)
    write(`Order date: ${order.createdAt.toUTC().toFormat('yyyy-MM-dd')}`)
    write(`Status: ${order.status}`)
    if (payment) {
      write(`Payment: ${order.paymentStatus.replaceAll('_', ' ')}`)
    }
    doc.moveDown()

    doc.fontSize(11)
    write('Ship to', { bold: true })
    doc.fontSize(10)
    block(
      addressLines(order.shipFullName, {
        lines: [order.shipLine1, order.shipLine2 ?? ''],
        postalCode: order.shipPostalCode,
        city: order.shipCity,
        country: order.shipCountry,
      })
    )
    if (order.shipPhone) {
      write(order.shipPhone)
    }
    doc.moveDown()

    const columns = { product: 50, quantity: 330, unit: 390, total: 470 }
    const header = doc.y
    doc.fontSize(10)
    write('Product', { x: columns.product, y: header, bold: true })
    write('Qty', { x: columns.quantity, y: header, bold: true })
    write('Unit price', { x: columns.unit, y: header, bold: true })
    write('Line total', { x: columns.total, y: header, bold: true })
    doc.moveDown(0.5)
    for (const item of items) {
      const row = doc.y
      // A variant's line names it and its SKU; the line of a product
      // without options (every order from before variants) reads as it did.
      write(variantLabel({ name: item.productName, title: item.variantTitle }), {
        x: columns.product,
        y: row,
        width: 270,
      })
      if (item.variantTitle !== DEFAULT_VARIANT_TITLE) {
        doc.fontSize(8)
        write(`SKU ${item.sku}`, { x: columns.product, width: 270 })
        doc.fontSize(10)
      }
      if (summary) {
        // What the line was charged beyond its price (issue 19).
        const notes = [
          Number(item.discountTotal) > 0 ? `Discount ${money(-Number(item.discountTotal))}` : '',
          Number(item.taxRateBp) > 0
            ? `Tax ${formatRate(Number(item.taxRateBp))}: ${money(Number(item.taxTotal))}`
            : '',
        ].filter(Boolean)
        if (notes.length > 0) {
          doc.fontSize(8)
          write(notes.join(' · '), { x: columns.product, width: 270 })
          doc.fontSize(10)
        }
      }
      const after = doc.y
      write(String(item.quantity), { x: columns.quantity, y: row })
      write(money(item.unitPrice), { x: columns.unit, y: row })
      write(money(item.lineTotal), { x: columns.total, y: row })
      doc.y = Math.max(after, doc.y)
      doc.moveDown(0.3)
    }
    doc.moveDown()
    /**
     * One row per amount: the label right-aligned before the amount
     * column.
     */
    const line = (row: SummaryRow, bold = false) => {
      const top = doc.y
      write(`${row.label}:`, { x: columns.product, y: top, width: 410, align: 'right', bold })
      const after = doc.y
      write(row.amount, { x: columns.total, y: top, width: 75, align: 'right', bold })
      doc.y = Math.max(after, doc.y)
    }
    if (summary) {
      line(summary.subtotal)
      summary.adjustments.forEach((row) => line(row))
      summary.taxes.forEach((row) => line(row))
      line(summary.total, true)
      summary.includedTaxes.forEach((row) => line(row))
    } else {
      write(`Subtotal: ${money(order.subtotal)}`, { x: columns.unit, y: doc.y })
      write(`Total: ${money(order.total)}`, { x: columns.unit, bold: true })
    }
    if (payment) {
      doc.moveDown()
      if (payment.method) {
        write(payment.method, { x: columns.product, y: doc.y, width: 495, align: 'right' })
      }
      line(payment.paid)
      payment.refunds.forEach((row) => line(row))
      if (payment.net) line(payment.net, true)
    }
    if (shop.invoiceFooter.trim() !== '') {
      doc.moveDown(2).fontSize(9).fillColor('#555555')
      for (const footerLine of shop.invoiceFooter.split(/\r?\n/)) {
        write(footerLine, { x: 50, width: 495 })
      }
    }
    doc.end()
    return done
  }
}
