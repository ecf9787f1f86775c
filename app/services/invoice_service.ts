import PDFDocument from 'pdfkit'
import app from '@adonisjs/core/services/app'
import type Order from '#models/order'
import type OrderItem from '#models/order_item'
import type { OrdersConfig } from '#config/orders'
import { toDecimalString } from '#services/money'

/**
 * The invoice of an order as a PDF: the shop, the order number and date,
 * the shipping address, one row per line and the totals. Built from the
 * order's own copies of names and prices, so it never changes after
 * checkout.
 */
export class InvoiceService {
  render(order: Order): Promise<Buffer> {
    const { shop } = app.config.get<OrdersConfig>('orders')
    const items = [...((order.$preloaded.items ?? []) as OrderItem[])].sort(
      (a, b) => a.productId - b.productId
    )
    const money = (minor: number) => `${toDecimalString(minor)} ${order.currency}`

    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: {
        Title: `Invoice ${order.number}`,
        Author: shop.name,
        Subject: `Order ${order.number}`,
      },
    })
    const chunks: Buffer[] = []
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk))
      doc.on('end', () => resolve(Buffer.concat(chunks)))
      doc.on('error', reject)
    })

    doc.fontSize(20).text(shop.name)
    doc.fontSize(9).fillColor('#555555')
    for (const line of shop.address) {
      doc.text(line)
    }
    doc.text(shop.email)
    doc.moveDown(1.5).fillColor('#000000')

    doc.fontSize(16).text(`Invoice for order ${order.number}`)
    doc
      .fontSize(10)
      .text(`Date: ${order.createdAt.toUTC().toFormat('yyyy-MM-dd')}`)
      .text(`Status: ${order.status}`)
      .moveDown()

    doc.fontSize(11).text('Ship to', { underline: true }).fontSize(10)
    for (const line of [
      order.shipFullName,
      order.shipLine1,
      order.shipLine2,
      `${order.shipPostalCode} ${order.shipCity}`,
      order.shipCountry,
      order.shipPhone,
    ]) {
      if (line) {
        doc.text(line)
      }
    }
    doc.moveDown()

    const columns = { product: 50, quantity: 330, unit: 390, total: 470 }
    const header = doc.y
    doc.fontSize(10).font('Helvetica-Bold')
    doc.text('Product', columns.product, header)
    doc.text('Qty', columns.quantity, header)
    doc.text('Unit price', columns.unit, header)
    doc.text('Line total', columns.total, header)
    doc.font('Helvetica').moveDown(0.5)
    for (const item of items) {
      const row = doc.y
      doc.text(item.productName, columns.product, row, { width: 270 })
      const after = doc.y
      doc.text(String(item.quantity), columns.quantity, row)
      doc.text(money(item.unitPrice), columns.unit, row)
      doc.text(money(item.lineTotal), columns.total, row)
      doc.y = Math.max(after, doc.y)
      doc.moveDown(0.3)
    }
    doc.moveDown()
    doc.text(`Subtotal: ${money(order.subtotal)}`, columns.unit, doc.y)
    doc.font('Helvetica-Bold').text(`Total: ${money(order.total)}`, columns.unit)
    doc.end()
    return done
  }
}
