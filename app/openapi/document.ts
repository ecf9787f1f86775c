/*
|--------------------------------------------------------------------------
| The OpenAPI 3.1 document (GET /openapi.json)
|--------------------------------------------------------------------------
|
| Request bodies, query strings and path parameters are generated from the
| VineJS validators the controllers run; response schemas sit next to the
| serializers that write them. What is written here by hand is the list of
| operations (method, path, summary, who may call it, which statuses it
| answers). tests/functional/docs/ checks this list against the router and
| every response the functional suite receives against these schemas.
|
*/
import { CHANNELS } from '#start/channels'
import { catalogSchemas } from '#serializers/catalog_serializer'
import { cartSchemas } from '#serializers/cart_serializer'
import { orderSchemas } from '#serializers/order_serializer'
import { tokenSchemas } from '#serializers/token_serializer'
import { cacheStatsSchemas } from '#serializers/cache_stats_serializer'
import { errorSchemas } from '#serializers/error_serializer'
import { userSchemas } from '#serializers/user_serializer'
import { webhookSchemas } from '#serializers/webhook_serializer'
import { stockSubscriptionSchemas } from '#serializers/stock_subscription_serializer'
import {
  stockSubscriptionQueryValidator,
  stockSubscriptionValidator,
} from '#validators/stock_subscriptions'
import { productImageSchemas } from '#serializers/product_image_serializer'
import { pricingSchemas } from '#serializers/pricing_serializer'
import { paymentMethodSchemas } from '#serializers/payment_method_serializer'
import { paymentSchemas } from '#serializers/payment_serializer'
import {
  createPaymentMethodValidator,
  updatePaymentMethodValidator,
} from '#validators/payment_methods'
import {
  completeRefundValidator,
  paymentEventsQueryValidator,
  recordPaymentValidator,
  refundValidator,
} from '#validators/payments'
import {
  updateProductImageValidator,
  uploadProductImageValidator,
} from '#validators/product_images'
import {
  createVariantValidator,
  setOptionsValidator,
  stockMovementListValidator,
  updateVariantValidator,
  variantStockAdjustmentValidator,
} from '#validators/variants'
import { arrayOf, envelope, object, paginationMeta, ref } from '#serializers/json_schema'
import type { JsonSchema } from '#serializers/json_schema'
import { toJsonSchema, toParameters } from '#openapi/vine_json_schema'
import { changePasswordValidator, updateProfileValidator } from '#validators/account'
import { loginValidator, refreshTokenValidator, registerValidator } from '#validators/auth'
import { addCartItemValidator, updateCartItemValidator } from '#validators/cart'
import {
  createCategoryValidator,
  createProductValidator,
  productListValidator,
  stockAdjustmentValidator,
  updateCategoryValidator,
  updateProductValidator,
} from '#validators/catalog'
import {
  createWebhookValidator,
  updateWebhookValidator,
  webhookDeliveryListValidator,
  webhookDeliveryParamValidator,
  webhookIdParamValidator,
} from '#validators/webhooks'
import { WEBHOOK_EVENT_TYPES } from '#domain/webhook_events'
import {
  createPromotionValidator,
  createShippingMethodValidator,
  createShippingZoneValidator,
  createTaxRateValidator,
  updatePromotionValidator,
  updateShippingMethodValidator,
  updateShippingZoneValidator,
  updateTaxRateValidator,
} from '#validators/pricing'
import { quoteValidator } from '#validators/quote'
import {
  adminOrderListValidator,
  checkoutValidator,
  eventsAfterValidator,
  orderListValidator,
  orderStatusValidator,
} from '#validators/order'

type Validator = Parameters<typeof toJsonSchema>[0]
type Access = 'public' | 'user' | 'staff'

/**
 * A success answer: a JSON schema, a PDF, or nothing (204).
 */
type Success = { description: string } & ({ schema: JsonSchema } | { pdf: true } | { empty: true })

interface OperationSpec {
  summary: string
  description?: string
  tag: string
  access: Access
  path?: Validator | Record<string, { description: string; schema: JsonSchema }>
  /**
   * A public operation that also reads a bearer token when one is sent
   * (staff see more): documented with optional security, and 401.
   */
  optionalAuth?: boolean
  query?: Validator
  body?: Validator
  /**
   * The JSON body may be left out (every field of `body` is optional).
   */
  optionalBody?: boolean
  /**
   * A multipart/form-data body instead of JSON (an upload): the text
   * fields' validator and the file parts, described by hand.
   */
  multipart?: { fields: Validator; files: Record<string, string> }
  /**
   * A JSON body no validator of ours reads (a provider's webhook, checked
   * by its signature), described by hand.
   */
  rawBody?: { description: string; schema: JsonSchema }
  /**
   * Extra header parameters.
   */
  headers?: Record<string, unknown>[]
  success: Record<number, Success>
  /**
   * Error statuses this operation answers beyond the ones its access,
   * input and throttling imply (see `commonErrors`), with what they mean.
   */
  errors?: Record<number, string>
}

const API = '/api/v1'

/**
 * Path parameters, read by the controllers (#controllers/path_params): a
 * value that cannot name anything is 404 like one that names nothing.
 */
const productPath = {
  description:
    'The numeric id or the slug (digits are read as an id first, then as a slug). Anything ' +
    'that is neither is 404.',
  schema: { type: 'string', minLength: 1, maxLength: 140, examples: ['42', 'desk-lamp'] },
}
const categoryPath = {
  ...productPath,
  schema: { type: 'string', minLength: 1, maxLength: 140, examples: ['3', 'lighting'] },
}
const cartVariantPath = {
  description: 'The variant id of the cart line (anything else is 404)',
  schema: { type: 'string', pattern: '^[0-9]{1,10}$', examples: ['42'] },
}
const orderNumberPath = {
  number: {
    description: 'The order number, case-insensitive (anything else is 404)',
    schema: { type: 'string', maxLength: 40, examples: ['SO-260101-7K2M9QXA'] },
  },
}

const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes the checkout safe to retry: the first request with a key is processed, a retry with ' +
    'the same key and body replays its answer (header `Idempotent-Replayed: true`), the same key ' +
    'with another body is 422 `E_IDEMPOTENCY_KEY_REUSED`, and a retry while the first is still ' +
    'running is 409 `E_IDEMPOTENCY_IN_FLIGHT`. Keys are kept 24 hours.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
}

/**
 * Every /api/v1 operation, keyed by "METHOD path".
 */
export const OPERATIONS: Record<string, OperationSpec> = {
  [`POST ${API}/auth/register`]: {
    summary: 'Create a customer account',
    description:
      'Answers the profile and a first token pair. Only `email` and `password` are required; ' +
      'a `role` (like any field not listed) is refused with 422.',
    tag: 'Auth',
    access: 'public',
    body: registerValidator,
    success: {
      201: {
        description: 'Created',
        schema: envelope(object({ user: ref('UserProfile'), tokens: ref('TokenPair') })),
      },
    },
  },
  [`POST ${API}/auth/login`]: {
    summary: 'Sign in with email and password',
    description:
      'Attempts are counted before the password is checked: 5 a minute per email and client IP, ' +
      '20 a minute per email from all IPs, 30 a minute per IP (shared with the panel sign-in); ' +
      'past them 429 with `Retry-After`. A successful sign-in gives its attempt back.',
    tag: 'Auth',
    access: 'public',
    body: loginValidator,
    success: {
      200: {
        description: 'Signed in',
        schema: envelope(object({ user: ref('UserProfile'), tokens: ref('TokenPair') })),
      },
    },
    errors: {
      401: 'Wrong email or password (`E_INVALID_CREDENTIALS`, `WWW-Authenticate: Bearer realm="api"`)',
    },
  },
  [`POST ${API}/auth/refresh`]: {
    summary: 'Trade a refresh token for the next token pair',
    description:
      'Refresh tokens are single use. A token presented again within a few seconds of its ' +
      'rotation (`JWT_REFRESH_GRACE`, 10 s: two tabs, a retry after a lost answer) answers the ' +
      'same new pair; later, presenting a spent token revokes every token of its family (a ' +
      'stolen token is useless once either party uses it).',
    tag: 'Auth',
    access: 'public',
    body: refreshTokenValidator,
    success: {
      200: {
        description: 'The next pair',
        schema: envelope(object({ user: ref('UserProfile'), tokens: ref('TokenPair') })),
      },
    },
    errors: {
      401:
        'The refresh token is unknown (`E_REFRESH_INVALID`), expired (`E_REFRESH_EXPIRED`), or ' +
        'revoked by logout, a password change or the reuse of a spent token ' +
        '(`E_REFRESH_REVOKED`): sign in again',
    },
  },
  [`POST ${API}/auth/logout`]: {
    summary: 'Revoke a refresh token',
    description:
      'Ends the sign-in session of the token: its refresh family is revoked and the access ' +
      'tokens issued in it are refused from now on (401).',
    tag: 'Auth',
    access: 'public',
    body: refreshTokenValidator,
    success: { 204: { description: 'Revoked (also when it already was)', empty: true } },
  },

  [`GET ${API}/me`]: {
    summary: 'The signed-in user',
    tag: 'Account',
    access: 'user',
    success: { 200: { description: 'The profile', schema: envelope(ref('UserProfile')) } },
  },
  [`PATCH ${API}/me`]: {
    summary: 'Update the profile',
    description: 'Every field is optional; `null` clears one. The role cannot be changed here.',
    tag: 'Account',
    access: 'user',
    body: updateProfileValidator,
    success: { 200: { description: 'The updated profile', schema: envelope(ref('UserProfile')) } },
  },
  [`PUT ${API}/me/password`]: {
    summary: 'Change the password',
    description: 'Revokes every refresh token of the account and answers a new pair.',
    tag: 'Account',
    access: 'user',
    body: changePasswordValidator,
    success: {
      200: { description: 'Changed', schema: envelope(object({ tokens: ref('TokenPair') })) },
    },
  },
  [`GET ${API}/me/orders`]: {
    summary: "The signed-in user's orders, newest first",
    tag: 'Account',
    access: 'user',
    query: orderListValidator,
    success: { 200: { description: 'A page of orders', schema: ref('OrderList') } },
  },
  [`GET ${API}/me/events`]: {
    summary: "What happened to the user's orders after an event id",
    description:
      'Catch-up for the `users/:id/orders` channel: the status events after `after`, oldest ' +
      'first (at most `limit`, 100 by default).',
    tag: 'Account',
    access: 'user',
    query: eventsAfterValidator,
    success: {
      200: { description: 'Events, oldest first', schema: envelope(arrayOf(ref('OrderEvent'))) },
    },
  },

  [`GET ${API}/products`]: {
    summary: 'List products',
    description:
      'Active products only, 10 per page by default (100 at most). `q` searches the name and ' +
      'description; prices are decimal strings. `price` and `max_price` are the range of the ' +
      "active variants' prices, `in_stock` whether any is in stock. `min_price`, `max_price` " +
      'and `in_stock` match a product when one active variant matches them all together; ' +
      '`sort=price` sorts by the lowest active price. Answers are cached and cleared on every ' +
      'change. Pages: `page` (counted: `meta.total`, `last_page`) for the first pages, then ' +
      '`cursor`: every answer carries `meta.next_cursor` and `meta.prev_cursor` (null at the ' +
      'ends), opaque and valid only with the same filters, `sort` and `per_page` (422 on ' +
      '`cursor` otherwise, or with `page`). A cursor page seeks on the sort key and the id: no ' +
      'count (`total`, `current_page`, `last_page` are null), a deep page costs what page 1 ' +
      'does. A search in order of relevance (`q` without `sort`) has no cursors (null): use ' +
      '`page`, or give a `sort`.',
    tag: 'Catalog',
    access: 'public',
    query: productListValidator,
    success: { 200: { description: 'A page of products', schema: ref('ProductList') } },
  },
  [`GET ${API}/products/{product}`]: {
    summary: 'One product, by id or slug',
    description:
      'Public: active products only (an inactive one is 404), cached. Staff sending their ' +
      'token also read inactive products (drafts), answered with `"is_active": false` and ' +
      'never cached. A token is optional here; one that is sent must be valid (401 otherwise).',
    tag: 'Catalog',
    access: 'public',
    optionalAuth: true,
    path: { product: productPath },
    success: { 200: { description: 'The product', schema: envelope(ref('Product')) } },
    errors: { 404: 'No product with this id or slug (or it is inactive and you are not staff)' },
  },
  [`GET ${API}/categories`]: {
    summary: 'The category tree',
    tag: 'Catalog',
    access: 'public',
    success: {
      200: {
        description: 'Root categories with their children',
        schema: envelope(arrayOf(ref('CategoryNode'))),
      },
    },
  },
  [`GET ${API}/categories/{category}`]: {
    summary: 'One category with its ancestors and children, by id or slug',
    description:
      'Categories have no draft state: staff and customers read the same answer. A token is ' +
      'optional here; one that is sent must be valid (401 otherwise).',
    tag: 'Catalog',
    access: 'public',
    optionalAuth: true,
    path: { category: categoryPath },
    success: { 200: { description: 'The category', schema: envelope(ref('CategoryDetail')) } },
    errors: { 404: 'No category with this id or slug' },
  },

  [`POST ${API}/products`]: {
    summary: 'Create a product (staff)',
    description:
      'The slug is made from the name when left out. Either the simple form, `price` and ' +
      '`stock` (one variant, SKU `P-<id>`), or `options` and `variants` (at least one; the ' +
      'errors of a variant name it, as `variants.1.sku`).',
    tag: 'Catalog (staff)',
    access: 'staff',
    body: createProductValidator,
    success: { 201: { description: 'Created', schema: envelope(ref('Product')) } },
    errors: { 409: 'The slug is taken (`E_CONSTRAINT_UNIQUE`)' },
  },
  [`PATCH ${API}/products/{product}`]: {
    summary: 'Update a product (staff)',
    description:
      'Every field is optional. `stock` is refused (422): stock moves only through stock ' +
      'adjustments, so a form read before a sale cannot undo it. `price` changes the price of ' +
      "the product's only variant (422 when it has several: change a variant instead); " +
      '`low_stock_threshold` is the default of new variants and, with one variant, its own.',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: { product: productPath },
    body: updateProductValidator,
    success: { 200: { description: 'Updated', schema: envelope(ref('Product')) } },
    errors: { 404: 'No such product', 409: 'The slug is taken' },
  },
  [`POST ${API}/products/{product}/stock-adjustments`]: {
    summary: "Adjust a product's stock (staff)",
    description:
      'Either `{ "delta": -3, "reason": "damaged" }` (units added, negative to remove) or ' +
      '`{ "set": 50, "expected": 93, "reason": "count" }` (a counted level, applied only if the ' +
      'stock is still `expected`). One guarded update, written to the audit log with the reason ' +
      'and the levels before and after; the stock channel and the caches hear about it as for a ' +
      'sale. Answers the product with its new stock. For a product with one variant (several: ' +
      '422, use `POST /variants/{variant}/stock-adjustments`).',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: { product: productPath },
    body: stockAdjustmentValidator,
    success: { 200: { description: 'Adjusted', schema: envelope(ref('Product')) } },
    errors: {
      404: 'No such product',
      409:
        'The stock is no longer `expected` (`E_STOCK_CHANGED`, with `current`): nothing ' +
        'was changed',
      422:
        'Invalid body, both or neither of `delta` and `set`, a zero delta, a delta that ' +
        'would take the stock below 0, or a product with several variants',
    },
  },
  [`DELETE ${API}/products/{product}`]: {
    summary: 'Delete a product (staff)',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: { product: productPath },
    success: { 204: { description: 'Deleted', empty: true } },
    errors: {
      404: 'No such product',
      409: 'The product was ordered: deactivate it (`is_active: false`) instead',
    },
  },
  [`POST ${API}/categories`]: {
    summary: 'Create a category (staff)',
    tag: 'Catalog (staff)',
    access: 'staff',
    body: createCategoryValidator,
    success: { 201: { description: 'Created', schema: envelope(ref('Category')) } },
    errors: { 409: 'The slug is taken' },
  },
  [`PATCH ${API}/categories/{category}`]: {
    summary: 'Update a category (staff)',
    description: 'A category cannot become its own ancestor (422).',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: { category: categoryPath },
    body: updateCategoryValidator,
    success: { 200: { description: 'Updated', schema: envelope(ref('Category')) } },
    errors: { 404: 'No such category', 409: 'The slug is taken' },
  },
  [`DELETE ${API}/categories/{category}`]: {
    summary: 'Delete a category (staff)',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: { category: categoryPath },
    success: { 204: { description: 'Deleted', empty: true } },
    errors: { 404: 'No such category', 409: 'The category still has products or children' },
  },

  [`GET ${API}/cart`]: {
    summary: 'The cart',
    tag: 'Cart',
    access: 'user',
    success: { 200: { description: 'The cart', schema: envelope(ref('Cart')) } },
  },
  [`DELETE ${API}/cart`]: {
    summary: 'Empty the cart',
    tag: 'Cart',
    access: 'user',
    success: { 204: { description: 'Emptied', empty: true } },
  },
  [`POST ${API}/cart/items`]: {
    summary: 'Add units of a variant',
    description:
      'The variant by `variant_id` or `sku`; `product_id` names a product with one variant ' +
      '(422 listing the variants otherwise). Adds to the line when the variant is already in ' +
      'the cart (1 unit by default).',
    tag: 'Cart',
    access: 'user',
    body: addCartItemValidator,
    success: {
      200: { description: 'Added to an existing line', schema: envelope(ref('Cart')) },
      201: { description: 'A new line', schema: envelope(ref('Cart')) },
    },
    errors: { 409: 'More units than in stock (`E_INSUFFICIENT_STOCK`, with `available`)' },
  },
  [`PATCH ${API}/cart/items/{variantId}`]: {
    summary: "Set a line's quantity (0 removes it)",
    tag: 'Cart',
    access: 'user',
    path: { variantId: cartVariantPath },
    body: updateCartItemValidator,
    success: { 200: { description: 'The cart', schema: envelope(ref('Cart')) } },
    errors: {
      404: 'The variant is not in the cart',
      409: 'More units than in stock (`E_INSUFFICIENT_STOCK`, with `available`)',
    },
  },
  [`DELETE ${API}/cart/items/{variantId}`]: {
    summary: 'Remove a line',
    tag: 'Cart',
    access: 'user',
    path: { variantId: cartVariantPath },
    success: { 204: { description: 'Removed', empty: true } },
    errors: { 404: 'The variant is not in the cart' },
  },

  [`POST ${API}/cart/quote`]: {
    summary: 'Price the cart or the lines in the body: discounts, shipping, tax',
    description:
      'The same numbers checkout computes: each line with its discount and tax, every ' +
      'discount with its promotion, the shipping methods that apply to the address (or ' +
      '`country`; without either, the profile country) with their price, tax per rate and the ' +
      'total, and why a `coupon_code` was refused. Send its `total` as `expected_total` at ' +
      'checkout to be told (409 `E_QUOTE_CHANGED`) rather than charged a different amount.',
    tag: 'Cart',
    access: 'user',
    body: quoteValidator,
    optionalBody: true,
    success: { 200: { description: 'The quote', schema: envelope(ref('Quote')) } },
    errors: {
      422: 'Invalid body, an empty cart, or a product that is not for sale',
    },
  },
  [`POST ${API}/orders`]: {
    summary: 'Check out',
    description:
      'Without `items`, the cart is ordered (and emptied); with them, exactly those lines are ' +
      '(the cart is left alone). Without `shipping_address`, the profile address is used. Stock ' +
      'is taken in the same transaction: an order is placed whole or not at all, and never ' +
      'oversells. Totals are computed from the current prices; there is no shipping charge. ' +
      'Once the shop has an active payment method (`GET /payment-methods`), `payment_method` ' +
      'names one by its code; the order is then `unpaid`, with the method in `payment`, and ' +
      '`POST /orders/{number}/payment` pays it. A method with an expiry cancels the order ' +
      '(stock back) if it is still unpaid when `payment.expires_at` passes.',
    tag: 'Orders',
    access: 'user',
    headers: [idempotencyKeyHeader],
    body: checkoutValidator,
    success: { 201: { description: 'The order, pending', schema: envelope(ref('Order')) } },
    errors: {
      409:
        'Not enough stock (`E_INSUFFICIENT_STOCK`, one item per short variant with ' +
        '`product_id`, `variant_id`, `sku`, `requested`, `available`), the Idempotency-Key ' +
        'is still in flight, or the price changed (`E_QUOTE_CHANGED`: `expected_total` differs ' +
        'from what the order costs now; the error item carries the new `quote`)',
      422:
        'Invalid body, empty cart (`E_CART_EMPTY`), a product that is not for sale ' +
        '(`E_PRODUCT_UNAVAILABLE`), a line over 10000000.00 (`E_LINE_TOTAL_TOO_HIGH`), an ' +
        'order over 10000000.00 (`E_ORDER_TOTAL_TOO_HIGH`), no shipping address, a reused ' +
        'Idempotency-Key, a refused coupon code (`E_COUPON_REFUSED`, with `reason`), or no ' +
        'shipping method for the address (`E_SHIPPING_UNAVAILABLE`, with `reason`), no ' +
        '`payment_method` while the shop has active methods (`E_PAYMENT_METHOD_REQUIRED`, with ' +
        '`accepted`: the codes), or one that is unknown, inactive, or a card method while ' +
        'Stripe is not configured (`E_PAYMENT_METHOD_UNAVAILABLE`, with `accepted`)',
    },
  },
  [`GET ${API}/orders`]: {
    summary: 'My orders, newest first',
    tag: 'Orders',
    access: 'user',
    query: orderListValidator,
    success: { 200: { description: 'A page of orders', schema: ref('OrderList') } },
  },
  [`GET ${API}/orders/{number}`]: {
    summary: 'One order',
    description: 'Customers see their own orders only (another order is 404); staff see any.',
    tag: 'Orders',
    access: 'user',
    path: orderNumberPath,
    success: { 200: { description: 'The order', schema: envelope(ref('Order')) } },
    errors: { 404: 'No such order (or not yours)' },
  },
  [`POST ${API}/orders/{number}/cancel`]: {
    summary: 'Cancel a pending order',
    description:
      'The owner or staff; the stock is put back in the same transaction. What was paid is ' +
      'refunded (a card payment by a job; a manual one as a pending refund staff send) and an ' +
      'open card payment is cancelled.',
    tag: 'Orders',
    access: 'user',
    path: orderNumberPath,
    success: { 200: { description: 'Cancelled', schema: envelope(ref('Order')) } },
    errors: {
      404: 'No such order (or not yours)',
      409: 'The order is no longer pending (`E_INVALID_TRANSITION`)',
    },
  },
  [`GET ${API}/orders/{number}/invoice`]: {
    summary: "The order's invoice (PDF)",
    description:
      "The first request issues the invoice: the order gets the next number of the year's gapless sequence (`2026-000001`, then shown as the order's `invoice_number`); later requests print the same number.",
    tag: 'Orders',
    access: 'user',
    path: orderNumberPath,
    success: { 200: { description: 'A PDF document', pdf: true } },
    errors: { 404: 'No such order (or not yours)' },
  },
  [`GET ${API}/orders/{number}/events`]: {
    summary: "The order's events after an event id",
    description:
      'Catch-up for the live channels: what happened after `after`, oldest first. Customers ' +
      'see status changes; staff also see low-stock events.',
    tag: 'Orders',
    access: 'user',
    path: orderNumberPath,
    query: eventsAfterValidator,
    success: {
      200: { description: 'Events, oldest first', schema: envelope(arrayOf(ref('OrderEvent'))) },
    },
    errors: { 404: 'No such order (or not yours)' },
  },

  [`GET ${API}/admin/orders`]: {
    summary: 'Every order, newest first (staff)',
    description:
      '`from` and `to` take an ISO 8601 date or date-time (a date covers its whole day, UTC); ' +
      '`payment_status` filters by the payment state.',
    tag: 'Orders (staff)',
    access: 'staff',
    query: adminOrderListValidator,
    success: { 200: { description: 'A page of orders', schema: ref('OrderList') } },
  },
  [`PATCH ${API}/admin/orders/{number}/status`]: {
    summary: 'Move an order along its lifecycle (staff)',
    description:
      'pending -> shipped -> delivered, and pending -> cancelled (restocks). Any other move is ' +
      '409 `E_INVALID_TRANSITION`, naming the moves allowed from the current status. An order ' +
      'with a payment method ships only once `paid` (or `partially_refunded`), unless the ' +
      'method is pay on delivery: then `delivered` records the payment ("Collected on ' +
      'delivery"). Cancelling a paid order refunds everything refundable (Stripe: by a job; ' +
      'manual: a pending refund staff complete) and cancels an open card payment.',
    tag: 'Orders (staff)',
    access: 'staff',
    path: orderNumberPath,
    body: orderStatusValidator,
    success: { 200: { description: 'Moved', schema: envelope(ref('Order')) } },
    errors: {
      404: 'No such order',
      409:
        'Not allowed from the current status (`E_INVALID_TRANSITION`), or shipping an order ' +
        'that is not paid (`E_PAYMENT_REQUIRED`, with `payment_status`; capture an authorized ' +
        'payment first)',
    },
  },
  [`GET ${API}/admin/cache/stats`]: {
    summary: "This instance's cache statistics (staff)",
    tag: 'Operations (staff)',
    access: 'staff',
    success: { 200: { description: 'Counters since boot', schema: envelope(ref('CacheStats')) } },
  },
}

// --- Outbound webhooks (issue 18, part D) -------------------------------------------------
const webhookIdPath = webhookIdParamValidator
const webhookWrite = 'Staff who is not an admin (`E_FORBIDDEN`)'
Object.assign(OPERATIONS, {
  [`GET ${API}/admin/webhooks`]: {
    summary: 'Webhook endpoints (staff)',
    tag: 'Webhooks (staff)',
    access: 'staff',
    success: {
      200: { description: 'Every endpoint', schema: envelope(arrayOf(ref('WebhookEndpoint'))) },
    },
  },
  [`POST ${API}/admin/webhooks`]: {
    summary: 'Register a webhook endpoint (admins)',
    description:
      'Deliveries are signed following Standard Webhooks (`webhook-id`: the event id, the same on ' +
      'every attempt; `webhook-timestamp`; `webhook-signature`) with the `secret` answered here ' +
      'once. Events: ' +
      WEBHOOK_EVENT_TYPES.join(', ') +
      '. Body: `{ id, type, version, ' +
      'created_at, data }`. A URL that is not https, or resolves to a private, loopback, ' +
      'link-local, CGNAT, multicast or reserved address, is refused with 422 (also checked again ' +
      'before every delivery).',
    tag: 'Webhooks (staff)',
    access: 'staff',
    body: createWebhookValidator,
    success: {
      201: {
        description: 'Registered, with its secret',
        schema: envelope(ref('WebhookEndpointWithSecret')),
      },
    },
    errors: { 403: webhookWrite },
  },
  [`GET ${API}/admin/webhooks/{id}`]: {
    summary: 'One webhook endpoint (staff)',
    tag: 'Webhooks (staff)',
    access: 'staff',
    path: webhookIdPath,
    success: { 200: { description: 'The endpoint', schema: envelope(ref('WebhookEndpoint')) } },
    errors: { 404: 'No such endpoint' },
  },
  [`PATCH ${API}/admin/webhooks/{id}`]: {
    summary: 'Change a webhook endpoint (admins)',
    description:
      'A new URL is checked like at registration. A new URL or a reactivation clears ' +
      '`is_failing`. `rotate_secret: true` makes a new secret, answered in this response only.',
    tag: 'Webhooks (staff)',
    access: 'staff',
    path: webhookIdPath,
    body: updateWebhookValidator,
    success: {
      200: {
        description: 'Changed (with `secret` when rotated)',
        schema: envelope({ anyOf: [ref('WebhookEndpoint'), ref('WebhookEndpointWithSecret')] }),
      },
    },
    errors: { 403: webhookWrite, 404: 'No such endpoint' },
  },
  [`DELETE ${API}/admin/webhooks/{id}`]: {
    summary: 'Delete a webhook endpoint and its delivery log (admins)',
    tag: 'Webhooks (staff)',
    access: 'staff',
    path: webhookIdPath,
    success: { 204: { description: 'Deleted', empty: true } },
    errors: { 403: webhookWrite, 404: 'No such endpoint' },
  },
  [`GET ${API}/admin/webhooks/{id}/deliveries`]: {
    summary: "An endpoint's deliveries, newest first, with their attempts (staff)",
    description:
      'Each attempt: the status answered (null when none came back), the duration, the first ' +
      'kilobyte of the answer and the error. A delivery is retried with exponential backoff for ' +
      'about a day, then `failed`, and its endpoint `is_failing`.',
    tag: 'Webhooks (staff)',
    access: 'staff',
    path: webhookIdPath,
    query: webhookDeliveryListValidator,
    success: { 200: { description: 'A page of deliveries', schema: ref('WebhookDeliveryList') } },
    errors: { 404: 'No such endpoint' },
  },
  [`POST ${API}/admin/webhooks/{id}/deliveries/{deliveryId}/resend`]: {
    summary: 'Send a delivery again (admins)',
    description: 'The same event and body (same `webhook-id`), with a new round of attempts.',
    tag: 'Webhooks (staff)',
    access: 'staff',
    path: webhookDeliveryParamValidator,
    success: { 202: { description: 'Queued', schema: envelope(ref('WebhookDelivery')) } },
    errors: {
      403: webhookWrite,
      404: 'No such endpoint or delivery',
      409: 'The delivery is still being attempted',
    },
  },
} satisfies Record<string, OperationSpec>)
// --- end of outbound webhooks ------------------------------------------------------------

// --- Back-in-stock notices (issue 18, part E; per variant since issue 17) ----------------
Object.assign(OPERATIONS, {
  [`POST ${API}/products/{product}/stock-subscriptions`]: {
    summary: 'Ask to be told when a variant, or a product, is back in stock',
    description:
      'Name the variant with `variant_id` or `sku` (one of them; it must be an active variant ' +
      'of this product and out of stock): when its stock next goes from 0 to positive (a staff ' +
      'restock, a cancelled order or a return putting units back, an import), one e-mail naming ' +
      'the variant ("Tee (M / red)") is sent to the account\'s address and the request ends; ' +
      'another variant of the product coming back does not end it. Without either (an empty ' +
      'body, `{}`, or none at all) the request is for the product as a whole: refused while any ' +
      'of its active variants is in stock, it ends when the first one comes back. Asking again ' +
      'while the same request is open answers it (200).',
    tag: 'Notifications',
    access: 'user',
    path: { product: productPath },
    body: stockSubscriptionValidator,
    optionalBody: true,
    success: {
      201: { description: 'Requested', schema: envelope(ref('StockSubscription')) },
      200: { description: 'Already requested', schema: envelope(ref('StockSubscription')) },
    },
    errors: {
      404: 'No active product with this id or slug, or no active variant of it with this `variant_id` or `sku`',
      409: 'The variant (or, for a product-level request, one of its active variants) is in stock (`E_PRODUCT_IN_STOCK`): order it now',
      422: 'Both `variant_id` and `sku`, a malformed one, or an unknown field',
    },
  },
  [`DELETE ${API}/products/{product}/stock-subscriptions`]: {
    summary: 'Withdraw a back-in-stock request',
    description:
      'Ends the open request, if any (204 either way): the product-level one, or with ' +
      "`?variant_id=` or `?sku=` that variant's (also of a variant deactivated since).",
    tag: 'Notifications',
    access: 'user',
    path: { product: productPath },
    query: stockSubscriptionQueryValidator,
    success: { 204: { description: 'No open request remains', empty: true } },
    errors: {
      404: 'No active product with this id or slug, or no variant of it with this `variant_id` or `sku`',
      422: 'Both `variant_id` and `sku`, a malformed one, or an unknown parameter',
    },
  },
} satisfies Record<string, OperationSpec>)
// --- end of back-in-stock notices ---------------------------------------------------------

// --- Pricing rules (issue 19, staff) -----------------------------------------------------
const pricingId = (noun: string) => ({
  id: {
    description: `The ${noun} id (anything else is 404)`,
    schema: { type: 'string', pattern: '^[0-9]{1,10}$', examples: ['3'] },
  },
})

/**
 * The five operations of one pricing resource.
 */
function pricingResource(spec: {
  path: string
  noun: string
  plural: string
  schema: string
  create: Validator
  update: Validator
  createDescription: string
  updateDescription: string
  conflict?: string
  deleteDescription?: string
  deleteConflict?: string
  invalid: string
}): Record<string, OperationSpec> {
  const base = `${API}/admin/${spec.path}`
  const path = pricingId(spec.noun)
  const notFound = `No such ${spec.noun}`
  const conflict: Record<number, string> = spec.conflict ? { 409: spec.conflict } : {}
  const deleteConflict: Record<number, string> = spec.deleteConflict
    ? { 409: spec.deleteConflict }
    : {}
  return {
    [`GET ${base}`]: {
      summary: `${spec.plural} (staff)`,
      tag: 'Pricing (staff)',
      access: 'staff',
      success: {
        200: { description: `Every ${spec.noun}`, schema: envelope(arrayOf(ref(spec.schema))) },
      },
    },
    [`POST ${base}`]: {
      summary: `Create a ${spec.noun} (staff)`,
      description: spec.createDescription,
      tag: 'Pricing (staff)',
      access: 'staff',
      body: spec.create,
      success: { 201: { description: 'Created', schema: envelope(ref(spec.schema)) } },
      errors: { ...conflict, 422: spec.invalid },
    },
    [`GET ${base}/{id}`]: {
      summary: `One ${spec.noun} (staff)`,
      tag: 'Pricing (staff)',
      access: 'staff',
      path,
      success: { 200: { description: `The ${spec.noun}`, schema: envelope(ref(spec.schema)) } },
      errors: { 404: notFound },
    },
    [`PATCH ${base}/{id}`]: {
      summary: `Change a ${spec.noun} (staff)`,
      description: spec.updateDescription,
      tag: 'Pricing (staff)',
      access: 'staff',
      path,
      body: spec.update,
      success: { 200: { description: 'Changed', schema: envelope(ref(spec.schema)) } },
      errors: { 404: notFound, ...conflict, 422: spec.invalid },
    },
    [`DELETE ${base}/{id}`]: {
      summary: `Delete a ${spec.noun} (staff)`,
      ...(spec.deleteDescription ? { description: spec.deleteDescription } : {}),
      tag: 'Pricing (staff)',
      access: 'staff',
      path,
      success: { 204: { description: 'Deleted', empty: true } },
      errors: { 404: notFound, ...deleteConflict },
    },
  }
}

const pricingChanges =
  'Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).'

Object.assign(
  OPERATIONS,
  pricingResource({
    path: 'shipping-zones',
    noun: 'shipping zone',
    plural: 'Shipping zones with their methods',
    schema: 'ShippingZone',
    create: createShippingZoneValidator,
    update: updateShippingZoneValidator,
    createDescription:
      'A set of countries (ISO 3166-1 alpha-2, any case, stored in capitals; at least one, none ' +
      'twice) shipped to with the same methods. ' +
      pricingChanges,
    updateDescription: 'What is sent changes. ' + pricingChanges,
    deleteDescription: 'Deletes its methods too. ' + pricingChanges,
    invalid: 'Invalid body (a country code that is not 2 letters, a repeated country, no country)',
  }),
  pricingResource({
    path: 'shipping-methods',
    noun: 'shipping method',
    plural: 'Shipping methods',
    schema: 'ShippingMethod',
    create: createShippingMethodValidator,
    update: updateShippingMethodValidator,
    createDescription:
      'A way to ship to a zone. `rate_type`: `flat` costs `price`; `free_over` costs `price` ' +
      'below `free_over` (what the goods cost after discounts) and nothing at or above it; ' +
      '`weight` costs the price of the first of `weight_bands` whose `max_grams` holds the ' +
      "cart's weight (ascending; `max_grams: null`, any weight, only as the last band). Money " +
      'is a decimal string. ' +
      pricingChanges,
    updateDescription:
      'What is sent changes; a new `rate_type` needs what it reads (`price`, `free_over`, ' +
      '`weight_bands`), and what another rule reads is cleared. ' +
      pricingChanges,
    invalid:
      'Invalid body: an unknown `zone_id`, a `rate_type` without what it reads, ' +
      '`free_over` or `weight_bands` for another rate type, bands not ascending',
  }),
  pricingResource({
    path: 'tax-rates',
    noun: 'tax rate',
    plural: 'Tax rates',
    schema: 'TaxRate',
    create: createTaxRateValidator,
    update: updateTaxRateValidator,
    createDescription:
      "A country's rate for a tax class (`standard` when left out; products name their " +
      "`tax_class`, and fall back to the country's `standard` rate). `rate` is a percent " +
      'string from 0 to 100 with at most 2 decimals ("20", "7.5"), answered as "20.00". ' +
      pricingChanges,
    updateDescription: 'What is sent changes. ' + pricingChanges,
    conflict: 'The country already has a rate for this tax class (`E_CONFLICT`, field `country`)',
    invalid: 'Invalid body (a country that is not 2 letters, a rate over 100 or with 3 decimals)',
  }),
  pricingResource({
    path: 'promotions',
    noun: 'promotion',
    plural: 'Promotions with their use',
    schema: 'Promotion',
    create: createPromotionValidator,
    update: updatePromotionValidator,
    createDescription:
      'An automatic promotion (no `code`) or a coupon code (stored in capitals). `effect`: ' +
      '`percentage` (`percent_off`, "10" for 10%), `fixed` (`amount_off`, "5.00"), ' +
      '`free_shipping`. `target`: `order` (default) or `lines` (those matching `product_ids`, ' +
      '`category_ids` or `variant_ids`: at least one, each must exist). Conditions: ' +
      '`min_subtotal`, `starts_at` <= now < `ends_at`, `first_order_only`, `is_active`; limits ' +
      '`usage_limit` and `per_customer_limit`. ' +
      pricingChanges,
    updateDescription:
      'What is sent changes; a new `effect` needs its value (`percent_off` or `amount_off`), ' +
      'and `target: "order"` clears the ids. ' +
      pricingChanges,
    conflict: 'Another promotion has this code (`E_CONFLICT`, field `code`)',
    deleteDescription: 'Only a promotion no order used; deactivate a used one instead.',
    deleteConflict: 'Orders used this promotion (`E_CONFLICT`): deactivate it instead',
    invalid:
      'Invalid body: the value another effect reads, `percent_off` over 100, target `lines` ' +
      'without ids, an unknown id (named), `ends_at` not after `starts_at`',
  })
)
// --- end of pricing rules ----------------------------------------------------------------

// --- Product images (issue 17, item 5) ----------------------------------------------------
const imagePath = {
  product: productPath,
  image: {
    description: 'The image id (anything else is 404)',
    schema: { type: 'string', pattern: '^[0-9]{1,10}$', examples: ['7'] },
  },
}
Object.assign(OPERATIONS, {
  [`POST ${API}/products/{product}/images`]: {
    summary: 'Upload an image of a product (staff)',
    description:
      'A `multipart/form-data` body: the image in `file`, optionally `alt` and `position` ' +
      "(default: after the product's other images). The type is read from the file's bytes, " +
      'not its name or declared type: JPEG, PNG or WebP (a PNG named `.jpg` is stored as PNG; ' +
      'anything else is 422 on `file`). Larger than `IMAGE_MAX_BYTES` (5 MB by default) is ' +
      '413. The file is stored under a generated name on the configured disk (local directory ' +
      'or S3 bucket) and served at the answered `url`: `/images/{name}` with ' +
      '`Cache-Control: public, max-age=31536000, immutable` and `X-Content-Type-Options: ' +
      "nosniff` (or the bucket's public URL when configured). Per product; attaching an image " +
      'to a variant comes with the variants.',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: { product: productPath },
    multipart: {
      fields: uploadProductImageValidator,
      files: { file: 'The image: JPEG, PNG or WebP, at most IMAGE_MAX_BYTES (5 MB by default)' },
    },
    success: { 201: { description: 'Stored', schema: envelope(ref('ProductImage')) } },
    errors: {
      404: 'No product with this id or slug',
      413: 'The image is over the size limit (`E_BODY_TOO_LARGE`)',
      415: 'The body is not `multipart/form-data` (`E_UNSUPPORTED_MEDIA_TYPE`)',
      422:
        'Not a JPEG, PNG or WebP image (`field: file`), no file or more than one, an unknown ' +
        'form field, or an invalid `alt` or `position`',
    },
  },
  [`PATCH ${API}/products/{product}/images/{image}`]: {
    summary: "Change an image's alt text or position (staff)",
    description:
      "Product answers list images by `position`, lowest first (then by id): reorder a product's " +
      'images by giving them new positions.',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: imagePath,
    body: updateProductImageValidator,
    success: { 200: { description: 'Changed', schema: envelope(ref('ProductImage')) } },
    errors: { 404: 'No such product, or no such image of it' },
  },
  [`DELETE ${API}/products/{product}/images/{image}`]: {
    summary: 'Delete an image (staff)',
    description: 'A stored file is removed from the disk once the deletion has committed.',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: imagePath,
    success: { 204: { description: 'Deleted', empty: true } },
    errors: { 404: 'No such product, or no such image of it' },
  },
} satisfies Record<string, OperationSpec>)

function multipartBody(multipart: NonNullable<OperationSpec['multipart']>) {
  const fields = toJsonSchema(multipart.fields) as Record<string, any>
  const files = Object.fromEntries(
    Object.entries(multipart.files).map(([name, description]) => [
      name,
      { type: 'string', contentMediaType: 'application/octet-stream', description },
    ])
  )
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          ...fields,
          properties: { ...files, ...fields.properties },
          required: [...Object.keys(files), ...(fields.required ?? [])],
        },
      },
    },
  }
}
// --- end of product images ----------------------------------------------------------------

// --- Options and variants (issue 17, items 1, 2, 4) ---------------------------------------
const variantIdPath = {
  variant: {
    description: 'The variant id (anything else is 404)',
    schema: { type: 'string', pattern: '^[0-9]{1,10}$', examples: ['12'] },
  },
}
Object.assign(OPERATIONS, {
  [`GET ${API}/variants/{variant}`]: {
    summary: 'One variant, by SKU',
    description:
      'Here `{variant}` is the SKU (case as written; the staff routes below take the id). ' +
      'Active variants of active products only; answers the variant with a summary of its ' +
      'product (price range, availability). Cached and cleared on every change of the product.',
    tag: 'Catalog',
    access: 'public',
    path: {
      variant: {
        description: 'The SKU (anything else is 404)',
        schema: { type: 'string', minLength: 1, maxLength: 64, examples: ['TEE-M-RED'] },
      },
    },
    success: { 200: { description: 'The variant', schema: envelope(ref('VariantWithProduct')) } },
    errors: { 404: 'No active variant with this SKU (or its product is inactive)' },
  },
  [`PUT ${API}/products/{product}/options`]: {
    summary: "Set a product's options (staff)",
    description:
      'The options become this list, in this order (at most 3, each with 1 to 100 values). ' +
      'A value or option a variant uses cannot be removed (422 naming the variant); a new option ' +
      'gives the existing variants its first value. Answers the product with all its variants.',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: { product: productPath },
    body: setOptionsValidator,
    success: { 200: { description: 'The product', schema: envelope(ref('Product')) } },
    errors: {
      404: 'No such product',
      422: 'Invalid options, a name or value given twice, or a value a variant still uses',
    },
  },
  [`POST ${API}/products/{product}/variants`]: {
    summary: 'Add a variant (staff)',
    description:
      '`options` gives one value of each option of the product (`{ "Size": "M", "Colour": ' +
      '"red" }`), a combination no other variant has. `stock` is the opening stock (an ' +
      "`initial` movement of the ledger). The product's price range and stock follow.",
    tag: 'Catalog (staff)',
    access: 'staff',
    path: { product: productPath },
    body: createVariantValidator,
    success: { 201: { description: 'Created', schema: envelope(ref('Variant')) } },
    errors: {
      404: 'No such product',
      409: 'The SKU was taken at the same moment (`E_CONSTRAINT_UNIQUE`)',
      422:
        'Invalid body, a SKU already used ("SKU already used by ..."), a value that is not one ' +
        "of the option's values (the message lists them), a missing option, or a combination " +
        'another variant has',
    },
  },
  [`PATCH ${API}/variants/{variant}`]: {
    summary: 'Update a variant (staff)',
    description:
      "Every field is optional; `options` given are merged with the variant's values. `stock` " +
      'is refused (422): it moves only through `POST /variants/{variant}/stock-adjustments`. ' +
      "A price or active flag change shows in the product's price range at once.",
    tag: 'Catalog (staff)',
    access: 'staff',
    path: variantIdPath,
    body: updateVariantValidator,
    success: { 200: { description: 'Updated', schema: envelope(ref('Variant')) } },
    errors: {
      404: 'No such variant',
      409: 'The SKU was taken at the same moment (`E_CONSTRAINT_UNIQUE`)',
    },
  },
  [`DELETE ${API}/variants/{variant}`]: {
    summary: 'Delete a variant (staff)',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: variantIdPath,
    success: { 204: { description: 'Deleted', empty: true } },
    errors: {
      404: 'No such variant',
      409: 'The variant is on orders: deactivate it (`is_active: false`) instead',
      422: "It is the product's last variant",
    },
  },
  [`POST ${API}/variants/{variant}/stock-adjustments`]: {
    summary: "Adjust a variant's stock (staff)",
    description:
      'Either `{ "delta": -3, "reason": "damaged" }` or `{ "set": 50, "expected": 48, ' +
      '"reason": "count" }` (applied only if the stock is still `expected`); `kind` is ' +
      '`adjustment` (default) or `return`. Writes a ledger row (reason, note, staff member) ' +
      'and an audit entry in the same transaction; answers the variant.',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: variantIdPath,
    body: variantStockAdjustmentValidator,
    success: { 200: { description: 'Adjusted', schema: envelope(ref('Variant')) } },
    errors: {
      404: 'No such variant',
      409: 'The stock is no longer `expected` (`E_STOCK_CHANGED`, with `current`): nothing was changed',
      422: 'Invalid body, both or neither of `delta` and `set`, or a stock that would go below 0',
    },
  },
  [`GET ${API}/variants/{variant}/stock-movements`]: {
    summary: "A variant's stock ledger (staff)",
    description:
      'Newest first, 20 per page by default. The quantities add up to the stock: every sale, ' +
      'cancellation, adjustment, return and import is a row with its order or staff member.',
    tag: 'Catalog (staff)',
    access: 'staff',
    path: variantIdPath,
    query: stockMovementListValidator,
    success: { 200: { description: 'A page of movements', schema: ref('StockMovementList') } },
    errors: { 404: 'No such variant' },
  },
} satisfies Record<string, OperationSpec>)
// --- end of options and variants ----------------------------------------------------------

// --- Payments (issue 20) -------------------------------------------------------------------
const paymentMethodIdPath = {
  id: {
    description: 'The payment method id (anything else is 404)',
    schema: { type: 'string', pattern: '^[0-9]{1,10}$', examples: ['2'] },
  },
}
const refundPath = {
  ...orderNumberPath,
  id: {
    description: 'The refund id, of this order (anything else is 404)',
    schema: { type: 'string', pattern: '^[0-9]{1,10}$', examples: ['5'] },
  },
}
const providerEventIdPath = {
  id: {
    description: 'The provider event id, ours (anything else is 404)',
    schema: { type: 'string', pattern: '^[0-9]{1,10}$', examples: ['9'] },
  },
}
const refundKeyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes the refund safe to repeat: a second request with the same key for the same order ' +
    'answers the refund the first one made (200) and refunds nothing more, so a double-click ' +
    'or a retry after a lost answer refunds once. Without the header every request is a new ' +
    'refund.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
}
const stripeSignatureHeader = {
  name: 'Stripe-Signature',
  in: 'header',
  required: true,
  description:
    "Stripe's signature of the raw body (`t=<unix time>,v1=<HMAC-SHA256>`), checked with " +
    '`STRIPE_WEBHOOK_SECRET` by the `stripe` SDK (`webhooks.constructEvent`, which also refuses ' +
    'a timestamp older than 5 minutes)',
  schema: { type: 'string', minLength: 1 },
}
const providerUnavailable =
  'Stripe is not configured on this server (`E_PAYMENT_PROVIDER_UNAVAILABLE`: no ' +
  '`STRIPE_SECRET_KEY`), or a backing service is unavailable (`E_SERVICE_UNAVAILABLE`)'
const providerFailed =
  'Stripe refused the request or could not be reached (`E_PAYMENT_PROVIDER_ERROR`); nothing ' +
  'was changed on our side: try again'

Object.assign(OPERATIONS, {
  [`GET ${API}/payment-methods`]: {
    summary: 'The payment methods a customer may choose at checkout',
    description:
      'The active methods, in their `position` order; checkout names one by its `code` in ' +
      '`payment_method`. An empty list means the shop takes no payment through the API, and ' +
      'checkout needs no method. A stripe method carries the publishable key for Stripe.js.',
    tag: 'Payments',
    access: 'public',
    success: {
      200: {
        description: 'The active methods',
        schema: envelope(arrayOf(ref('PublicPaymentMethod'))),
      },
    },
  },
  [`POST ${API}/orders/{number}/payment`]: {
    summary: 'Start or resume paying an order',
    description:
      'For an order of yours that is `pending` and `unpaid` or `failed`. A stripe method creates ' +
      'a PaymentIntent for the amount due (or answers the open one again, so calling twice ' +
      'makes one charge): confirm ' +
      '`client_secret` with Stripe.js and `publishable_key`; the order becomes `paid` when ' +
      "Stripe's webhook arrives or when the browser calls `POST .../payment/confirm`, " +
      'whichever is first. A manual method answers its `instructions` and the `reference` to ' +
      'quote with a bank transfer (the order number); staff record the money when it arrives. ' +
      '`expires_at`: an order still unpaid then is cancelled (`payment_status: expired`) and ' +
      'its stock put back.',
    tag: 'Payments',
    access: 'user',
    path: orderNumberPath,
    success: {
      200: { description: 'What the client needs to pay', schema: envelope(ref('PaymentSession')) },
    },
    errors: {
      404: 'No such order (or not yours)',
      409:
        'Nothing to pay now (`E_PAYMENT_NOT_DUE`, with `payment_status` and `status`): the ' +
        'order is not pending, or is already authorized, paid, refunded or expired, or has no ' +
        'payment method (placed while the shop had none)',
      502: providerFailed,
      503: providerUnavailable,
    },
  },
  [`POST ${API}/orders/{number}/payment/confirm`]: {
    summary: "Ask Stripe how the order's card payment went",
    description:
      'Called by the browser once Stripe.js has confirmed the payment: reads the PaymentIntent ' +
      "from Stripe and applies its state as the webhook would. The two may race: the order's " +
      'payment moves once, with one `payment` order event. Answers the order with its ' +
      '`payment_status` (`paid`, or still `unpaid` while Stripe is processing).',
    tag: 'Payments',
    access: 'user',
    path: orderNumberPath,
    success: { 200: { description: 'The order', schema: envelope(ref('Order')) } },
    errors: {
      404: 'No such order (or not yours)',
      409:
        'The order has no card payment started (`E_PAYMENT_NOT_DUE`, with `payment_status`): ' +
        'start one with `POST /orders/{number}/payment`',
      502: providerFailed,
    },
  },
  [`POST ${API}/payments/stripe/webhook`]: {
    summary: "Stripe's webhook (Stripe calls it)",
    description:
      'Register this URL in the Stripe dashboard with the events `payment_intent.succeeded`, ' +
      '`payment_intent.processing`, `payment_intent.payment_failed`, `payment_intent.canceled`, ' +
      '`payment_intent.amount_capturable_updated`, `payment_intent.requires_action`, ' +
      '`refund.updated` and `refund.failed`, and put its signing secret in ' +
      '`STRIPE_WEBHOOK_SECRET`. No bearer token: the `Stripe-Signature` header is checked over ' +
      'the raw body. Each event is processed once, by its id: a redelivery answers 200 with ' +
      '`outcome: duplicate` and changes nothing. `outcome`: `applied` (the payment or refund ' +
      'moved), `ignored` (an event type or an object we do not act on, stored), `refused` (the ' +
      'amount or currency differs from the attempt: nothing applied, flagged for staff), `late` ' +
      '(money for an expired or cancelled order: refunded automatically, flagged for staff), ' +
      '`duplicate`. Any 2xx tells Stripe to stop redelivering.',
    tag: 'Payments',
    access: 'public',
    headers: [stripeSignatureHeader],
    rawBody: {
      description: 'A Stripe event, as Stripe sends it (read as raw bytes for the signature)',
      schema: {
        type: 'object',
        required: ['id', 'type', 'data'],
        properties: {
          id: { type: 'string', examples: ['evt_1PqR...'] },
          type: { type: 'string', examples: ['payment_intent.succeeded'] },
          created: { type: 'integer' },
          data: {
            type: 'object',
            properties: { object: { type: 'object', description: 'A PaymentIntent or a Refund' } },
          },
        },
      },
    },
    success: {
      200: {
        description: 'Received (whatever the outcome)',
        schema: object({
          received: { const: true },
          outcome: {
            type: 'string',
            enum: ['applied', 'ignored', 'refused', 'late', 'duplicate'],
          },
        }),
      },
    },
    errors: {
      400:
        'No `Stripe-Signature`, a signature that does not match the body and ' +
        '`STRIPE_WEBHOOK_SECRET`, or a stale timestamp (`E_WEBHOOK_SIGNATURE`): nothing is stored',
      404:
        'Stripe is not configured on this server (`E_PAYMENT_PROVIDER_UNAVAILABLE`: ' +
        '`STRIPE_SECRET_KEY` or `STRIPE_WEBHOOK_SECRET` missing): nothing here listens for it',
    },
  },

  [`GET ${API}/admin/payment-methods`]: {
    summary: 'Payment methods (staff)',
    tag: 'Payments (staff)',
    access: 'staff',
    success: {
      200: {
        description: 'Every method, active or not',
        schema: envelope(arrayOf(ref('PaymentMethod'))),
      },
    },
  },
  [`POST ${API}/admin/payment-methods`]: {
    summary: 'Create a payment method (staff)',
    description:
      'A way to pay, named by its `code` at checkout (lower case letters, digits, `_` and ' +
      '`-`; unique). `provider`: `manual` (a bank transfer, or cash on delivery with ' +
      '`pay_on_delivery: true`: the order ships unpaid and is paid when delivered; such a ' +
      'method never expires) or `stripe` (cards through PaymentIntents; `capture: manual` ' +
      'authorizes at checkout and staff capture later). `expires_after_minutes` (1 to 525600, ' +
      'or null: never): an order still unpaid that long after checkout is cancelled and its ' +
      'stock put back. `instructions` are shown to the customer (bank details). A stripe ' +
      'method can be active only when Stripe is configured (`STRIPE_SECRET_KEY`). Once any ' +
      'method is active, checkout requires `payment_method`. Audited.',
    tag: 'Payments (staff)',
    access: 'staff',
    body: createPaymentMethodValidator,
    success: { 201: { description: 'Created', schema: envelope(ref('PaymentMethod')) } },
    errors: {
      422:
        'Invalid body, a `code` another method has (field `code`), `pay_on_delivery` with ' +
        'stripe, `capture: manual` with manual, an expiry on a pay-on-delivery method, or an ' +
        'active stripe method while Stripe is not configured',
    },
  },
  [`GET ${API}/admin/payment-methods/{id}`]: {
    summary: 'One payment method (staff)',
    tag: 'Payments (staff)',
    access: 'staff',
    path: paymentMethodIdPath,
    success: { 200: { description: 'The method', schema: envelope(ref('PaymentMethod')) } },
    errors: { 404: 'No such payment method' },
  },
  [`PATCH ${API}/admin/payment-methods/{id}`]: {
    summary: 'Change a payment method (staff)',
    description:
      'What is sent changes; the rules of creation apply to the result. Changing the provider ' +
      'resets `pay_on_delivery` and `capture` unless they are sent. Orders already placed keep ' +
      "the method's code and name as they were. Audited.",
    tag: 'Payments (staff)',
    access: 'staff',
    path: paymentMethodIdPath,
    body: updatePaymentMethodValidator,
    success: { 200: { description: 'Changed', schema: envelope(ref('PaymentMethod')) } },
    errors: {
      404: 'No such payment method',
      422:
        'Invalid body, a `code` another method has (field `code`), `pay_on_delivery` with ' +
        'stripe, `capture: manual` with manual, an expiry on a pay-on-delivery method, or an ' +
        'active stripe method while Stripe is not configured',
    },
  },
  [`DELETE ${API}/admin/payment-methods/{id}`]: {
    summary: 'Delete a payment method (staff)',
    description:
      'Orders keep the method they were placed with (code and name). A method that pending ' +
      'orders still wait to be paid with (unpaid, failed or authorized) cannot be deleted: ' +
      'deactivate it (`is_active: false`) instead. Audited.',
    tag: 'Payments (staff)',
    access: 'staff',
    path: paymentMethodIdPath,
    success: { 204: { description: 'Deleted', empty: true } },
    errors: {
      404: 'No such payment method',
      409:
        'Pending orders await payment with this method (`E_METHOD_IN_USE`, with `orders`): ' +
        'deactivate it instead',
    },
  },

  [`POST ${API}/admin/orders/{number}/payments`]: {
    summary: 'Record money received for an order (staff, manual methods)',
    description:
      'A bank transfer arrived or cash was taken: `amount` (a decimal string, at most what is ' +
      'still due) and the `reference` it came with. `amount_paid` grows; once it covers the ' +
      'total the order is `paid`. Writes a `payment` order event (broadcast, replayable) and an ' +
      'audit entry.',
    tag: 'Payments (staff)',
    access: 'staff',
    path: orderNumberPath,
    body: recordPaymentValidator,
    success: { 200: { description: 'The order', schema: envelope(ref('Order')) } },
    errors: {
      404: 'No such order',
      409:
        'The order is paid by card (`E_WRONG_PROVIDER`, with `provider`: Stripe reports its own ' +
        'payments), or takes no payment now (`E_PAYMENT_NOT_DUE`, with `payment_status`): it is ' +
        'cancelled, or already authorized, paid, refunded or expired',
      422: 'Invalid body, an amount of 0, or more than is due (`E_AMOUNT_TOO_LARGE`, with `max`)',
    },
  },
  [`POST ${API}/admin/orders/{number}/refunds`]: {
    summary: 'Refund all or part of an order (staff)',
    description:
      '`amount` (a decimal string; left out: everything still refundable), `reason`. A stripe ' +
      'payment: the refund is created `pending` and a job asks Stripe for it (idempotency key ' +
      "`refund-<id>`, so Stripe makes it once however often the job runs); Stripe's " +
      "`refund.updated` webhook, or the job's answer, makes it `succeeded` (or `failed`, " +
      'flagged in the payment events, and the amount is refundable again). A manual method: ' +
      '`reference` (the transfer or receipt that sent the money back) is required, and the ' +
      'refund is `succeeded` at once. A succeeded refund moves the order to ' +
      '`partially_refunded` or `refunded`, with a `payment` order event. Audited.',
    tag: 'Payments (staff)',
    access: 'staff',
    path: orderNumberPath,
    headers: [refundKeyHeader],
    body: refundValidator,
    optionalBody: true,
    success: {
      201: { description: 'The refund', schema: envelope(ref('Refund')) },
      200: {
        description: 'The refund made earlier with the same Idempotency-Key',
        schema: envelope(ref('Refund')),
      },
    },
    errors: {
      404: 'No such order',
      409: 'Nothing was paid, or everything paid is refunded or being refunded (`E_NOTHING_TO_REFUND`)',
      422:
        'Invalid body, an amount of 0, no `reference` for a manual method, or more than can be ' +
        'refunded (`E_REFUND_TOO_LARGE`, with `refundable`: paid, minus refunded, minus refunds ' +
        'under way)',
    },
  },
  [`POST ${API}/admin/orders/{number}/refunds/{id}/complete`]: {
    summary: 'Complete a pending manual refund (staff)',
    description:
      'Cancelling a paid order queues a refund of everything refundable; for a manual method ' +
      'it waits, `pending`, until staff send the money back and complete it here with the ' +
      '`reference`. The refund becomes `succeeded` and the order `partially_refunded` or ' +
      '`refunded`. Audited.',
    tag: 'Payments (staff)',
    access: 'staff',
    path: refundPath,
    body: completeRefundValidator,
    success: { 200: { description: 'The refund', schema: envelope(ref('Refund')) } },
    errors: {
      404: 'No such order, or no such refund of it',
      409:
        'Only a pending manual refund is completed by hand (`E_REFUND_NOT_PENDING`, with ' +
        '`status`): this one is done, failed, or sent by Stripe',
    },
  },
  [`POST ${API}/admin/orders/{number}/capture`]: {
    summary: 'Capture an authorized card payment (staff)',
    description:
      'For a stripe method with `capture: manual`: the card was authorized at checkout, and the ' +
      'money is taken now. A job asks Stripe to capture (idempotency key `capture-<payment id>`); ' +
      'the order becomes `paid` when Stripe answers. Audited.',
    tag: 'Payments (staff)',
    access: 'staff',
    path: orderNumberPath,
    success: { 202: { description: 'Capture queued', schema: envelope(ref('Order')) } },
    errors: {
      404: 'No such order',
      409:
        'No authorized payment to capture (`E_NOT_AUTHORIZED`, with `payment_status`; a ' +
        'cancelled order has none)',
    },
  },
  [`GET ${API}/admin/payment-events`]: {
    summary: 'Provider events received, newest first (staff)',
    description:
      'Every webhook event stored, with its outcome. `needs_attention=true` lists those staff ' +
      'must look at: a payment refused for its amount or currency, money or an authorization ' +
      'that arrived for an expired or cancelled order, a refund that failed. A redelivered ' +
      'event is stored once. 20 per page by default; `page`, or `cursor` from ' +
      '`meta.next_cursor` / `meta.prev_cursor`.',
    tag: 'Payments (staff)',
    access: 'staff',
    query: paymentEventsQueryValidator,
    success: {
      200: {
        description: 'A page of events',
        schema: object({ data: arrayOf(ref('ProviderEvent')), meta: paginationMeta }),
      },
    },
  },
  [`POST ${API}/admin/payment-events/{id}/resolve`]: {
    summary: 'Mark a provider event as looked at (staff)',
    description: 'Sets `resolved_at` and clears `needs_attention`; audited.',
    tag: 'Payments (staff)',
    access: 'staff',
    path: providerEventIdPath,
    success: { 200: { description: 'The event', schema: envelope(ref('ProviderEvent')) } },
    errors: { 404: 'No such event' },
  },
} satisfies Record<string, OperationSpec>)
// --- end of payments ----------------------------------------------------------------------

const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: { name: 'MalformedBody', description: 'The body is not valid JSON (`E_MALFORMED_BODY`)' },
  401: {
    name: 'Unauthorized',
    description:
      'Not authenticated; the `code` says why: `E_TOKEN_MISSING` (no `Authorization: Bearer` ' +
      'header: sign in), `E_TOKEN_INVALID` (malformed, bad signature, wrong issuer or audience, ' +
      'or the account is gone: sign in again), `E_TOKEN_EXPIRED` (trade the refresh token at ' +
      '`/auth/refresh`), `E_TOKEN_REVOKED` (the session ended by logout or a password change: ' +
      'sign in again). `WWW-Authenticate` carries the RFC 6750 challenge: ' +
      '`Bearer realm="api"` without a token, `Bearer realm="api", error="invalid_token", ' +
      'error_description="..."` for a refused one.',
  },
  403: { name: 'Forbidden', description: 'Staff only (`E_FORBIDDEN`)' },
  404: { name: 'NotFound', description: 'Not found (`E_NOT_FOUND`)' },
  409: { name: 'Conflict', description: 'A conflicting change' },
  413: { name: 'BodyTooLarge', description: 'The body is too large (`E_BODY_TOO_LARGE`)' },
  415: {
    name: 'UnsupportedEncoding',
    description:
      'The body is not JSON: send it with `Content-Type: application/json` ' +
      '(`E_UNSUPPORTED_MEDIA_TYPE`); or it is compressed (a Content-Encoding other than ' +
      'identity): send it uncompressed (`E_UNSUPPORTED_ENCODING`)',
  },
  422: {
    name: 'ValidationError',
    description:
      'Invalid input: one error per field (`E_VALIDATION_ERROR`, `field`, `rule`), each saying ' +
      'what is accepted. A query parameter or a body field the operation does not take is ' +
      'refused too (`rule: unknownField`), with the closest accepted name and the list of them.',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Over the rate limit (`E_TOO_MANY_REQUESTS`); retry after `Retry-After` seconds',
  },
  503: {
    name: 'ServiceUnavailable',
    description:
      'A backing service (database, Redis-backed limiter) is unavailable (`E_SERVICE_UNAVAILABLE`), ' +
      'or too many checkouts are waiting for their turn (`E_OVERLOADED`); retry after `Retry-After` seconds',
  },
}

/**
 * The error statuses every operation of its kind can answer.
 */
function commonErrors(spec: OperationSpec): number[] {
  const statuses = [429, 503]
  if (spec.access !== 'public' || spec.optionalAuth) statuses.push(401)
  if (spec.access === 'staff') statuses.push(403)
  if (spec.body || spec.multipart || spec.rawBody) statuses.push(400, 413, 415)
  // Any operation: an unknown query parameter or body field is a 422.
  statuses.push(422)
  return statuses
}

function isValidator(value: unknown): value is Validator {
  return typeof (value as Validator | undefined)?.validate === 'function'
}

function pathParameters(spec: OperationSpec) {
  if (!spec.path) return []
  if (isValidator(spec.path)) return toParameters(spec.path, 'path')
  return Object.entries(spec.path).map(([name, { description, schema }]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema,
  }))
}

function successResponse(success: Success) {
  if ('empty' in success) return { description: success.description }
  if ('pdf' in success) {
    return {
      description: success.description,
      content: {
        'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } },
      },
    }
  }
  return {
    description: success.description,
    headers: { 'X-RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' } },
    content: { 'application/json': { schema: success.schema } },
  }
}

function errorResponse(status: number, description?: string) {
  const common = ERROR_RESPONSES[status]
  if (!description) return { $ref: `#/components/responses/${common.name}` }
  return {
    description,
    ...(status === 401
      ? { headers: { 'WWW-Authenticate': { $ref: '#/components/headers/WwwAuthenticate' } } }
      : {}),
    content: { 'application/json': { schema: ref('Error') } },
  }
}

function operationId(method: string, path: string) {
  const words = `${method.toLowerCase()} ${path.replace(API, '')}`
    .replace(/[{}]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  return words.map((word, index) => (index ? word[0].toUpperCase() + word.slice(1) : word)).join('')
}

function buildOperation(key: string, spec: OperationSpec) {
  const [method, path] = key.split(' ')
  const parameters = [
    ...pathParameters(spec),
    ...(spec.query ? toParameters(spec.query, 'query') : []),
    ...(spec.headers ?? []),
  ]
  const responses: Record<string, unknown> = {}
  for (const [status, success] of Object.entries(spec.success)) {
    responses[status] = successResponse(success)
  }
  const errors = new Set([...commonErrors(spec), ...Object.keys(spec.errors ?? {}).map(Number)])
  for (const status of [...errors].sort()) {
    responses[status] = errorResponse(status, spec.errors?.[status])
  }
  return {
    operationId: operationId(method, path),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    security: spec.optionalAuth
      ? [{}, { bearerAuth: [] }]
      : spec.access === 'public'
        ? []
        : [{ bearerAuth: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: !spec.optionalBody,
            content: { 'application/json': { schema: toJsonSchema(spec.body) } },
          },
        }
      : {}),
    ...(spec.multipart ? { requestBody: multipartBody(spec.multipart) } : {}),
    ...(spec.rawBody
      ? {
          requestBody: {
            required: true,
            description: spec.rawBody.description,
            content: { 'application/json': { schema: spec.rawBody.schema } },
          },
        }
      : {}),
    responses,
  }
}

const CHANNEL_DOCS = [
  '## Real time (Transmit, Server-Sent Events)',
  '',
  'Open `GET /__transmit/events?uid=<a client id>`, then `POST /__transmit/subscribe` with ' +
    '`{ "uid", "channel" }` (and the same bearer token as the API for a private channel). ' +
    'A refused subscription is 401 (no token), 403 (not yours) or 404 (no such channel), in the ' +
    'error shape. Each message is the JSON payload below. To catch up after a reconnect, read ' +
    '`GET /api/v1/me/events?after=<last id>` or `/api/v1/orders/{number}/events?after=`.',
  '',
  '| channel | private | who and what |',
  '|---|---|---|',
  ...CHANNELS.map(
    (channel) =>
      `| \`${channel.pattern}\` | ${channel.private ? 'yes' : 'no'} | ${channel.description} |`
  ),
  '',
  'With `@adonisjs/transmit-client`:',
  '',
  '```js',
  "import { Transmit } from '@adonisjs/transmit-client'",
  '',
  'const transmit = new Transmit({',
  "  baseUrl: 'http://127.0.0.1:3333',",
  '  beforeSubscribe: (request) => {',
  "    request.headers.set('Authorization', `Bearer ${accessToken}`)",
  '  },',
  '})',
  'const orders = transmit.subscription(`users/${userId}/orders`)',
  'orders.onMessage((event) => showStatus(event.order_number, event.to))',
  'await orders.create()',
  '```',
].join('\n')

const DESCRIPTION = [
  'The REST API of the shop: accounts (JWT), the catalog, the cart, checkout, orders and ' +
    'payments.',
  '',
  '- **Authentication**: `POST /auth/login` (or `/auth/register`) answers a token pair; send the ' +
    'access token as `Authorization: Bearer <token>` (it lives 5 minutes) and trade the refresh ' +
    'token at `/auth/refresh`. In Swagger UI, press **Authorize** and paste the access token.',
  '- **Bodies** are JSON with snake_case fields; answers are wrapped in `{ "data": ... }`, lists ' +
    'add `meta` (`total`, `per_page`, `current_page`, `last_page`).',
  '- **Money** is a decimal string (`"19.99"`) in the shop currency.',
  '- **Errors** always have one shape, `{ "errors": [{ "code", "message", "field"? }] }`, with the ' +
    'status saying what kind (400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503).',
  '- **Rate limits**: `X-RateLimit-Limit` / `X-RateLimit-Remaining` headers; 429 with ' +
    '`Retry-After` past the budget.',
  '',
  CHANNEL_DOCS,
].join('\n')

/**
 * Path templates in OpenAPI form (`/products/{id}`) from a router pattern
 * (`/products/:id`).
 */
export function toOpenApiPath(pattern: string) {
  return pattern.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}

let built: Record<string, any> | undefined

export function openApiDocument(): Record<string, any> {
  if (built) return built
  const paths: Record<string, Record<string, unknown>> = {}
  for (const [key, spec] of Object.entries(OPERATIONS)) {
    const [method, path] = key.split(' ')
    paths[path] = { ...(paths[path] ?? {}), [method.toLowerCase()]: buildOperation(key, spec) }
  }
  const responses: Record<string, unknown> = {}
  for (const [status, { name, description }] of Object.entries(ERROR_RESPONSES)) {
    responses[name] = {
      description,
      ...(Number(status) === 429
        ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } }
        : {}),
      ...(Number(status) === 401
        ? { headers: { 'WWW-Authenticate': { $ref: '#/components/headers/WwwAuthenticate' } } }
        : {}),
      content: { 'application/json': { schema: ref('Error') } },
    }
  }
  built = {
    openapi: '3.1.0',
    info: {
      title: 'Shop API',
      version: '1.0.0',
      description: DESCRIPTION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: [
      {
        name: 'Auth',
        description:
          'Sign-up, sign-in, token refresh and logout. Every 401 names its cause in `code`.',
      },
      {
        name: 'Account',
        description: "The signed-in user's profile, password, orders and order events.",
      },
      {
        name: 'Catalog',
        description:
          'Products and categories, public and cached; `{product}` and `{category}` take an id or a slug.',
      },
      {
        name: 'Catalog (staff)',
        description: 'Catalog writes and stock adjustments by staff and admins, audited.',
      },
      {
        name: 'Cart',
        description: "The signed-in user's cart.",
      },
      {
        name: 'Orders',
        description:
          'Checkout (idempotent with `Idempotency-Key`), orders, invoices and their events.',
      },
      {
        name: 'Orders (staff)',
        description: 'Every order, and moving orders along their lifecycle.',
      },
      {
        name: 'Operations (staff)',
        description: 'Cache statistics of this instance.',
      },
      {
        name: 'Webhooks (staff)',
        description: 'Outbound webhook endpoints and their deliveries: staff read, admins write.',
      },
      {
        name: 'Pricing (staff)',
        description:
          'Shipping zones and methods, tax rates and promotions: staff and admins manage them, ' +
          'audited; every change clears the pricing cache.',
      },
      {
        name: 'Payments',
        description:
          'Paying an order: the methods on offer, starting or resuming a payment (a Stripe ' +
          "client secret, or a bank transfer's details), the browser's confirmation, and " +
          "Stripe's webhook.",
      },
      {
        name: 'Payments (staff)',
        description:
          'Payment methods, money received for manual methods, refunds, captures, and the ' +
          'provider events that need attention: staff and admins, audited.',
      },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The `access_token` from /auth/login, /auth/register or /auth/refresh.',
        },
      },
      headers: {
        RateLimitRemaining: {
          description: 'Requests left in this minute',
          schema: { type: 'integer' },
        },
        RetryAfter: {
          description: 'Seconds to wait before retrying',
          schema: { type: 'integer' },
        },
        WwwAuthenticate: {
          description:
            'The RFC 6750 challenge: `Bearer realm="api"`, with `error="invalid_token"` and ' +
            '`error_description` when a token was sent and refused',
          schema: { type: 'string' },
        },
      },
      responses,
      schemas: {
        ...errorSchemas,
        ...userSchemas,
        ...tokenSchemas,
        ...catalogSchemas,
        ...cartSchemas,
        ...orderSchemas,
        OrderList: object({ data: arrayOf(ref('Order')), meta: paginationMeta }),
        ...cacheStatsSchemas,
        ...webhookSchemas,
        ...stockSubscriptionSchemas,
        ...productImageSchemas,
        ...pricingSchemas,
        ...paymentMethodSchemas,
        ...paymentSchemas,
      },
    },
  }
  return built
}
