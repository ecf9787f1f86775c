import { DateTime } from 'luxon'
import { Edge } from 'edge.js'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import Order from '#models/order'
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
   * (OrderLifecycleService); no payment is taken yet, so nothing is
   * refunded (the payments issue sets `refunded`).
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
        refunded: false,
        restocked: true,
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
