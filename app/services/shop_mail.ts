import { DateTime } from 'luxon'
import { Edge } from 'edge.js'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import Order from '#models/order'
import OrderEvent from '#models/order_event'
import Product from '#models/product'
import ProductVariant from '#models/product_variant'
import User from '#models/user'
import { shopMail } from '#config/mail'
import { toDecimalString } from '#domain/money'
import { addressLines, orderSummary } from '#services/invoice_service'
import { variantLabel } from '#services/stock_service'
import { ShopSettingsService, type ShopSettings } from '#services/shop_settings_service'

/**
 * One e-mail to send, as the `mail.send` job carries it: what happened
 * and the ids to load (the mail is built from the data as it is when the
 * job runs). `to` overrides the recipient's own address.
 */
export type MailJob = {
  kind: MailKind
  orderId?: number
  userId?: number
  productId?: number
  /**
   * back_in_stock: the variant the request was for (none: the product as
   * a whole).
   */
  variantId?: number
  /**
   * Payment mails (issue 20): the `payment` order_events row it is about
   * (its amount and time).
   */
  eventId?: number
  to?: string
}

/**
 * A new kind is a template folder (resources/views/emails/<kind>/html.edge
 * and text.edge) and a composer below.
 */
export const MAIL_KINDS = [
  'order_placed',
  'order_shipped',
  'order_cancelled',
  'password_changed',
  'back_in_stock',
  'payment_received',
  'payment_refunded',
  'payment_failed',
] as const
export type MailKind = (typeof MAIL_KINDS)[number]

/**
 * A rendered e-mail, ready for SMTP.
 */
export interface ShopMailMessage {
  to: { address: string; name: string }
  from: { address: string; name: string }
  subject: string
  html: string
  text: string
}

interface Composed {
  to: { address: string; name: string }
  subject: string
  data: Record<string, unknown>
}

type Composer = (job: MailJob, shop: ShopSettings) => Promise<Composed | null>

let edge: Edge | null = null

/**
 * The e-mail templates (resources/views/emails), on an Edge instance of
 * their own: the app renders no other views.
 */
function templates(): Edge {
  if (!edge) {
    edge = Edge.create({ cache: app.inProduction })
    edge.mount(app.viewsPath())
  }
  return edge
}

function money(minorUnits: number | string, currency: string) {
  return `${toDecimalString(Number(minorUnits))} ${currency}`
}

function day(date: DateTime | null | undefined) {
  return (date ?? DateTime.now()).toUTC().toFormat('d LLLL yyyy')
}

function recipient(job: MailJob, user: User) {
  return { address: job.to ?? user.email, name: user.fullName ?? '' }
}

/**
 * "Hello Ada," or, for an account without a name, "Hello there,".
 */
function greetingName(user: User) {
  return user.fullName?.trim() || 'there'
}

async function loadOrder(job: MailJob) {
  if (!job.orderId) {
    return null
  }
  return Order.query()
    .where('id', job.orderId)
    .preload('items', (items) => items.orderBy('id'))
    .preload('user')
    .first()
}

/**
 * The `payment` row a payment mail is about, when it is this order's.
 */
async function paymentEvent(job: MailJob, order: Order) {
  if (!job.eventId) {
    return null
  }
  return OrderEvent.query()
    .where('id', job.eventId)
    .where('order_id', order.id)
    .where('type', 'payment')
    .first()
}

function paymentOf(order: Order) {
  return {
    method: order.paymentMethodName,
    paid: money(order.amountPaid, order.currency),
    refunded: money(order.amountRefunded, order.currency),
    net: money(Number(order.amountPaid) - Number(order.amountRefunded), order.currency),
  }
}

function shipTo(order: Order) {
  return addressLines(order.shipFullName, {
    lines: [order.shipLine1, order.shipLine2 ?? ''].filter(Boolean),
    postalCode: order.shipPostalCode,
    city: order.shipCity,
    country: order.shipCountry,
  })
}

const composers: Record<MailKind, Composer> = {
  async order_placed(job) {
    const order = await loadOrder(job)
    if (!order) return null
    return {
      to: recipient(job, order.user),
      subject: `Order ${order.number} confirmed`,
      data: {
        customerName: greetingName(order.user),
        order: {
          number: order.number,
          placedOn: day(order.createdAt),
          lines: order.items.map((item) => ({
            name: variantLabel({ name: item.productName, title: item.variantTitle }),
            quantity: item.quantity,
            unitPrice: money(item.unitPrice, order.currency),
            lineTotal: money(item.lineTotal, order.currency),
          })),
          subtotal: money(order.subtotal, order.currency),
          total: money(order.total, order.currency),
          // Discounts, shipping and tax per rate (null: none, as before issue 19).
          summary: orderSummary(order, (minor) => money(minor, order.currency)),
          shipTo: shipTo(order),
        },
      },
    }
  },

  async order_shipped(job) {
    const order = await loadOrder(job)
    if (!order) return null
    return {
      to: recipient(job, order.user),
      subject: `Order ${order.number} has shipped`,
      data: {
        customerName: greetingName(order.user),
        order: {
          number: order.number,
          shippedOn: day(order.shippedAt),
          total: money(order.total, order.currency),
          shipTo: shipTo(order),
        },
      },
    }
  },

  /**
   * A cancellation always puts the lines back in stock
   * (OrderLifecycleService). `refunded`: money was paid for it, and
   * cancelling queued its refund (issue 20); the refund's own mail says
   * when it is done.
   */
  async order_cancelled(job) {
    const order = await loadOrder(job)
    if (!order) return null
    return {
      to: recipient(job, order.user),
      subject: `Order ${order.number} was cancelled`,
      data: {
        customerName: greetingName(order.user),
        order: { number: order.number, total: money(order.total, order.currency) },
        refunded: Number(order.amountPaid) > Number(order.amountRefunded),
        restocked: true,
      },
    }
  },

  /**
   * The order became paid (issue 20): the amount of this payment (the
   * row's; without one, all that was paid), the order and its total, the
   * way it was paid.
   */
  async payment_received(job) {
    const order = await loadOrder(job)
    if (!order) return null
    const event = await paymentEvent(job, order)
    const amount = event?.amount ?? order.amountPaid
    return {
      to: recipient(job, order.user),
      subject: `Payment received for order ${order.number}`,
      data: {
        customerName: greetingName(order.user),
        amount: money(amount, order.currency),
        receivedOn: day(event?.createdAt ?? order.paidAt),
        order: { number: order.number, total: money(order.total, order.currency) },
        payment: paymentOf(order),
      },
    }
  },

  /**
   * Money went back to the customer (issue 20), one mail per refund: this
   * refund's amount (the row's; without one, all refunded so far), all
   * refunded so far and what stays paid; `full` once everything paid went
   * back.
   */
  async payment_refunded(job) {
    const order = await loadOrder(job)
    if (!order) return null
    const event = await paymentEvent(job, order)
    const amount = event?.amount ?? order.amountRefunded
    return {
      to: recipient(job, order.user),
      subject: `Refund for order ${order.number}`,
      data: {
        customerName: greetingName(order.user),
        amount: money(amount, order.currency),
        refundedOn: day(event?.createdAt),
        full:
          Number(order.amountPaid) > 0 && Number(order.amountRefunded) >= Number(order.amountPaid),
        order: { number: order.number, total: money(order.total, order.currency) },
        payment: paymentOf(order),
      },
    }
  },

  /**
   * A payment attempt failed (issue 20): nothing was taken (the row's
   * note is the provider's message), and the customer may pay again
   * (until the payment window closes, when there is one: then the order
   * is cancelled).
   */
  async payment_failed(job) {
    const order = await loadOrder(job)
    if (!order) return null
    const event = await paymentEvent(job, order)
    return {
      to: recipient(job, order.user),
      subject: `Payment failed for order ${order.number}: please pay again`,
      data: {
        customerName: greetingName(order.user),
        order: { number: order.number, total: money(order.total, order.currency) },
        method: order.paymentMethodName,
        // What the provider said (a card's decline message), when it said it.
        reason: event?.note ?? null,
        payUntil: order.paymentExpiresAt
          ? order.paymentExpiresAt.toUTC().toFormat("d LLLL yyyy 'at' HH:mm 'UTC'")
          : null,
      },
    }
  },

  async password_changed(job) {
    const user = job.userId ? await User.find(job.userId) : null
    if (!user) return null
    return {
      to: recipient(job, user),
      subject: 'Your password was changed',
      data: {
        customerName: greetingName(user),
        email: user.email,
        changedAt: user.updatedAt.toUTC().toFormat("d LLLL yyyy 'at' HH:mm 'UTC'"),
      },
    }
  },

  /**
   * Names the variant the customer asked about ("Tee (M / red)", its SKU
   * and price), or the product ("from" its lowest price when its variants'
   * prices differ) for a product-level request. A variant deleted since, or no longer of the product: nothing
   * to send.
   */
  async back_in_stock(job, shop) {
    const user = job.userId ? await User.find(job.userId) : null
    const product = job.productId ? await Product.find(job.productId) : null
    if (!user || !product) return null
    const variant = job.variantId ? await ProductVariant.find(job.variantId) : null
    if (job.variantId && variant?.productId !== product.id) return null
    const name = variant ? variantLabel({ name: product.name, title: variant.title }) : product.name
    return {
      to: recipient(job, user),
      subject: `${name} is back in stock`,
      data: {
        customerName: greetingName(user),
        product: {
          name,
          sku: variant?.sku ?? null,
          price: money(variant ? variant.price : product.price, shop.currency),
          // A product-level notice about variants of several prices.
          priceFrom: !variant && Number(product.maxPrice ?? product.price) > Number(product.price),
          url: shopMail.productUrl
            .replaceAll('{slug}', encodeURIComponent(product.slug))
            .replaceAll('{id}', String(product.id)),
        },
      },
    }
  },
}

/**
 * Builds the e-mail of `job` from the data as it is now: the recipient,
 * the subject and both parts rendered from the kind's templates, with the
 * shop's name, address and e-mail from its settings. Null when what it is
 * about is gone (a deleted user, order or product): nothing to send.
 */
export async function renderShopMail(job: MailJob): Promise<ShopMailMessage | null> {
  const composer = composers[job.kind]
  if (!composer) {
    throw new Error(`Unknown mail kind "${job.kind}"`)
  }
  const settings = await new ShopSettingsService().get()
  const composed = await composer(job, settings)
  if (!composed) {
    return null
  }
  const shop = {
    name: settings.name,
    email: settings.email,
    addressLines: addressLines(settings.name, settings.address),
  }
  const state = { ...composed.data, shop }
  const [html, text] = await Promise.all([
    templates().render(`emails/${job.kind}/html`, state),
    templates().render(`emails/${job.kind}/text`, state),
  ])
  return {
    to: composed.to,
    from: { address: shopMail.from ?? settings.email, name: settings.name },
    subject: composed.subject,
    html,
    text: text.trim() + '\n',
  }
}

/**
 * Makes the default mailer (its SMTP transport) and the template engine
 * now rather than with the first e-mail (a worker's `JobQueue.prepare`).
 */
export function prepareShopMail() {
  mail.use()
  templates()
}

/**
 * Renders and sends the e-mail of `job` through SMTP (config/mail.ts).
 * Called only by the `mail.send` job; a failure throws, and the queue
 * retries the job.
 */
export async function sendShopMail(job: MailJob): Promise<void> {
  const message = await renderShopMail(job)
  if (!message) {
    logger.warn({ mail: job }, 'mail not sent: what it is about no longer exists')
    return
  }
  await mail.send((email) => {
    email
      .to(message.to.address, message.to.name)
      .from(message.from.address, message.from.name)
      .subject(message.subject)
      .html(message.html)
      .text(message.text)
  })
}
