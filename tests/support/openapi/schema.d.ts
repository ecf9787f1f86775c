/* eslint-disable @typescript-eslint/naming-convention -- openapi-typescript's names */
/**
 * The API's types, generated from GET /openapi.json by openapi-typescript.
 * Do not edit: run `npm run openapi:types` after changing the document.
 */
export interface paths {
  '/api/v1/auth/register': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Create a customer account
     * @description Answers the profile and a first token pair. Only `email` and `password` are required; a `role` (like any field not listed) is refused with 422.
     */
    post: operations['postAuthRegister']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/auth/login': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Sign in with email and password
     * @description Attempts are counted before the password is checked: 5 a minute per email and client IP, 20 a minute per email from all IPs, 30 a minute per IP (shared with the panel sign-in); past them 429 with `Retry-After`. A successful sign-in gives its attempt back.
     */
    post: operations['postAuthLogin']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Trade a refresh token for the next token pair
     * @description Refresh tokens are single use. A token presented again within a few seconds of its rotation (`JWT_REFRESH_GRACE`, 10 s: two tabs, a retry after a lost answer) answers the same new pair; later, presenting a spent token revokes every token of its family (a stolen token is useless once either party uses it).
     */
    post: operations['postAuthRefresh']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/auth/logout': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Revoke a refresh token
     * @description Ends the sign-in session of the token: its refresh family is revoked and the access tokens issued in it are refused from now on (401).
     */
    post: operations['postAuthLogout']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/me': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** The signed-in user */
    get: operations['getMe']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    /**
     * Update the profile
     * @description Every field is optional; `null` clears one. The role cannot be changed here.
     */
    patch: operations['patchMe']
    trace?: never
  }
  '/api/v1/me/password': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    /**
     * Change the password
     * @description Revokes every refresh token of the account and answers a new pair.
     */
    put: operations['putMePassword']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/me/orders': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** The signed-in user's orders, newest first */
    get: operations['getMeOrders']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/me/events': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * What happened to the user's orders after an event id
     * @description Catch-up for the `users/:id/orders` channel: the status events after `after`, oldest first (at most `limit`, 100 by default).
     */
    get: operations['getMeEvents']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/products': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List products
     * @description Active products only, 10 per page by default (100 at most). `q` searches the name and description; prices are decimal strings. `price` and `max_price` are the range of the active variants' prices, `in_stock` whether any is in stock. `min_price`, `max_price` and `in_stock` match a product when one active variant matches them all together; `sort=price` sorts by the lowest active price. Answers are cached and cleared on every change. Pages: `page` (counted: `meta.total`, `last_page`) for the first pages, then `cursor`: every answer carries `meta.next_cursor` and `meta.prev_cursor` (null at the ends), opaque and valid only with the same filters, `sort` and `per_page` (422 on `cursor` otherwise, or with `page`). A cursor page seeks on the sort key and the id: no count (`total`, `current_page`, `last_page` are null), a deep page costs what page 1 does. A search in order of relevance (`q` without `sort`) has no cursors (null): use `page`, or give a `sort`.
     */
    get: operations['getProducts']
    put?: never
    /**
     * Create a product (staff)
     * @description The slug is made from the name when left out. Either the simple form, `price` and `stock` (one variant, SKU `P-<id>`), or `options` and `variants` (at least one; the errors of a variant name it, as `variants.1.sku`).
     */
    post: operations['postProducts']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/products/{product}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * One product, by id or slug
     * @description Public: active products only (an inactive one is 404), cached. Staff sending their token also read inactive products (drafts), answered with `"is_active": false` and never cached. A token is optional here; one that is sent must be valid (401 otherwise).
     */
    get: operations['getProductsProduct']
    put?: never
    post?: never
    /** Delete a product (staff) */
    delete: operations['deleteProductsProduct']
    options?: never
    head?: never
    /**
     * Update a product (staff)
     * @description Every field is optional. `stock` is refused (422): stock moves only through stock adjustments, so a form read before a sale cannot undo it. `price` changes the price of the product's only variant (422 when it has several: change a variant instead); `low_stock_threshold` is the default of new variants and, with one variant, its own.
     */
    patch: operations['patchProductsProduct']
    trace?: never
  }
  '/api/v1/categories': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** The category tree */
    get: operations['getCategories']
    put?: never
    /** Create a category (staff) */
    post: operations['postCategories']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/categories/{category}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * One category with its ancestors and children, by id or slug
     * @description Categories have no draft state: staff and customers read the same answer. A token is optional here; one that is sent must be valid (401 otherwise).
     */
    get: operations['getCategoriesCategory']
    put?: never
    post?: never
    /** Delete a category (staff) */
    delete: operations['deleteCategoriesCategory']
    options?: never
    head?: never
    /**
     * Update a category (staff)
     * @description A category cannot become its own ancestor (422).
     */
    patch: operations['patchCategoriesCategory']
    trace?: never
  }
  '/api/v1/products/{product}/stock-adjustments': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Adjust a product's stock (staff)
     * @description Either `{ "delta": -3, "reason": "damaged" }` (units added, negative to remove) or `{ "set": 50, "expected": 93, "reason": "count" }` (a counted level, applied only if the stock is still `expected`). One guarded update, written to the audit log with the reason and the levels before and after; the stock channel and the caches hear about it as for a sale. Answers the product with its new stock. For a product with one variant (several: 422, use `POST /variants/{variant}/stock-adjustments`).
     */
    post: operations['postProductsProductStockAdjustments']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/cart': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** The cart */
    get: operations['getCart']
    put?: never
    post?: never
    /** Empty the cart */
    delete: operations['deleteCart']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/cart/items': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Add units of a variant
     * @description The variant by `variant_id` or `sku`; `product_id` names a product with one variant (422 listing the variants otherwise). Adds to the line when the variant is already in the cart (1 unit by default).
     */
    post: operations['postCartItems']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/cart/items/{variantId}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    /** Remove a line */
    delete: operations['deleteCartItemsVariantId']
    options?: never
    head?: never
    /** Set a line's quantity (0 removes it) */
    patch: operations['patchCartItemsVariantId']
    trace?: never
  }
  '/api/v1/cart/quote': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Price the cart or the lines in the body: discounts, shipping, tax
     * @description The same numbers checkout computes: each line with its discount and tax, every discount with its promotion, the shipping methods that apply to the address (or `country`; without either, the profile country) with their price, tax per rate and the total, and why a `coupon_code` was refused. Send its `total` as `expected_total` at checkout to be told (409 `E_QUOTE_CHANGED`) rather than charged a different amount.
     */
    post: operations['postCartQuote']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/orders': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** My orders, newest first */
    get: operations['getOrders']
    put?: never
    /**
     * Check out
     * @description Without `items`, the cart is ordered (and emptied); with them, exactly those lines are (the cart is left alone). Without `shipping_address`, the profile address is used. Stock is taken in the same transaction: an order is placed whole or not at all, and never oversells. Totals are computed from the current prices; there is no shipping charge. Once the shop has an active payment method (`GET /payment-methods`), `payment_method` names one by its code; the order is then `unpaid`, with the method in `payment`, and `POST /orders/{number}/payment` pays it. A method with an expiry cancels the order (stock back) if it is still unpaid when `payment.expires_at` passes.
     */
    post: operations['postOrders']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/orders/{number}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * One order
     * @description Customers see their own orders only (another order is 404); staff see any.
     */
    get: operations['getOrdersNumber']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/orders/{number}/cancel': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Cancel a pending order
     * @description The owner or staff; the stock is put back in the same transaction. What was paid is refunded (a card payment by a job; a manual one as a pending refund staff send) and an open card payment is cancelled.
     */
    post: operations['postOrdersNumberCancel']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/orders/{number}/invoice': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * The order's invoice (PDF)
     * @description The first request issues the invoice: the order gets the next number of the year's gapless sequence (`2026-000001`, then shown as the order's `invoice_number`); later requests print the same number.
     */
    get: operations['getOrdersNumberInvoice']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/orders/{number}/events': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * The order's events after an event id
     * @description Catch-up for the live channels: what happened after `after`, oldest first. Customers see status changes; staff also see low-stock events.
     */
    get: operations['getOrdersNumberEvents']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/orders': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Every order, newest first (staff)
     * @description `from` and `to` take an ISO 8601 date or date-time (a date covers its whole day, UTC); `payment_status` filters by the payment state.
     */
    get: operations['getAdminOrders']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/orders/{number}/status': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    /**
     * Move an order along its lifecycle (staff)
     * @description pending -> shipped -> delivered, and pending -> cancelled (restocks). Any other move is 409 `E_INVALID_TRANSITION`, naming the moves allowed from the current status. An order with a payment method ships only once `paid` (or `partially_refunded`), unless the method is pay on delivery: then `delivered` records the payment ("Collected on delivery"). Cancelling a paid order refunds everything refundable (Stripe: by a job; manual: a pending refund staff complete) and cancels an open card payment.
     */
    patch: operations['patchAdminOrdersNumberStatus']
    trace?: never
  }
  '/api/v1/admin/cache/stats': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** This instance's cache statistics (staff) */
    get: operations['getAdminCacheStats']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/webhooks': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Webhook endpoints (staff) */
    get: operations['getAdminWebhooks']
    put?: never
    /**
     * Register a webhook endpoint (admins)
     * @description Deliveries are signed following Standard Webhooks (`webhook-id`: the event id, the same on every attempt; `webhook-timestamp`; `webhook-signature`) with the `secret` answered here once. Events: order.placed, order.status_changed, order.cancelled, order.payment_changed, product.created, product.updated, product.deleted, stock.low. Body: `{ id, type, version, created_at, data }`. A URL that is not https, or resolves to a private, loopback, link-local, CGNAT, multicast or reserved address, is refused with 422 (also checked again before every delivery).
     */
    post: operations['postAdminWebhooks']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/webhooks/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One webhook endpoint (staff) */
    get: operations['getAdminWebhooksId']
    put?: never
    post?: never
    /** Delete a webhook endpoint and its delivery log (admins) */
    delete: operations['deleteAdminWebhooksId']
    options?: never
    head?: never
    /**
     * Change a webhook endpoint (admins)
     * @description A new URL is checked like at registration. A new URL or a reactivation clears `is_failing`. `rotate_secret: true` makes a new secret, answered in this response only.
     */
    patch: operations['patchAdminWebhooksId']
    trace?: never
  }
  '/api/v1/admin/webhooks/{id}/deliveries': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * An endpoint's deliveries, newest first, with their attempts (staff)
     * @description Each attempt: the status answered (null when none came back), the duration, the first kilobyte of the answer and the error. A delivery is retried with exponential backoff for about a day, then `failed`, and its endpoint `is_failing`.
     */
    get: operations['getAdminWebhooksIdDeliveries']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/resend': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Send a delivery again (admins)
     * @description The same event and body (same `webhook-id`), with a new round of attempts.
     */
    post: operations['postAdminWebhooksIdDeliveriesDeliveryIdResend']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/products/{product}/stock-subscriptions': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Ask to be told when a variant, or a product, is back in stock
     * @description Name the variant with `variant_id` or `sku` (one of them; it must be an active variant of this product and out of stock): when its stock next goes from 0 to positive (a staff restock, a cancelled order or a return putting units back, an import), one e-mail naming the variant ("Tee (M / red)") is sent to the account's address and the request ends; another variant of the product coming back does not end it. Without either (an empty body, `{}`, or none at all) the request is for the product as a whole: refused while any of its active variants is in stock, it ends when the first one comes back. Asking again while the same request is open answers it (200).
     */
    post: operations['postProductsProductStockSubscriptions']
    /**
     * Withdraw a back-in-stock request
     * @description Ends the open request, if any (204 either way): the product-level one, or with `?variant_id=` or `?sku=` that variant's (also of a variant deactivated since).
     */
    delete: operations['deleteProductsProductStockSubscriptions']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/shipping-zones': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Shipping zones with their methods (staff) */
    get: operations['getAdminShippingZones']
    put?: never
    /**
     * Create a shipping zone (staff)
     * @description A set of countries (ISO 3166-1 alpha-2, any case, stored in capitals; at least one, none twice) shipped to with the same methods. Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).
     */
    post: operations['postAdminShippingZones']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/shipping-zones/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One shipping zone (staff) */
    get: operations['getAdminShippingZonesId']
    put?: never
    post?: never
    /**
     * Delete a shipping zone (staff)
     * @description Deletes its methods too. Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).
     */
    delete: operations['deleteAdminShippingZonesId']
    options?: never
    head?: never
    /**
     * Change a shipping zone (staff)
     * @description What is sent changes. Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).
     */
    patch: operations['patchAdminShippingZonesId']
    trace?: never
  }
  '/api/v1/admin/shipping-methods': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Shipping methods (staff) */
    get: operations['getAdminShippingMethods']
    put?: never
    /**
     * Create a shipping method (staff)
     * @description A way to ship to a zone. `rate_type`: `flat` costs `price`; `free_over` costs `price` below `free_over` (what the goods cost after discounts) and nothing at or above it; `weight` costs the price of the first of `weight_bands` whose `max_grams` holds the cart's weight (ascending; `max_grams: null`, any weight, only as the last band). Money is a decimal string. Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).
     */
    post: operations['postAdminShippingMethods']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/shipping-methods/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One shipping method (staff) */
    get: operations['getAdminShippingMethodsId']
    put?: never
    post?: never
    /** Delete a shipping method (staff) */
    delete: operations['deleteAdminShippingMethodsId']
    options?: never
    head?: never
    /**
     * Change a shipping method (staff)
     * @description What is sent changes; a new `rate_type` needs what it reads (`price`, `free_over`, `weight_bands`), and what another rule reads is cleared. Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).
     */
    patch: operations['patchAdminShippingMethodsId']
    trace?: never
  }
  '/api/v1/admin/tax-rates': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Tax rates (staff) */
    get: operations['getAdminTaxRates']
    put?: never
    /**
     * Create a tax rate (staff)
     * @description A country's rate for a tax class (`standard` when left out; products name their `tax_class`, and fall back to the country's `standard` rate). `rate` is a percent string from 0 to 100 with at most 2 decimals ("20", "7.5"), answered as "20.00". Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).
     */
    post: operations['postAdminTaxRates']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/tax-rates/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One tax rate (staff) */
    get: operations['getAdminTaxRatesId']
    put?: never
    post?: never
    /** Delete a tax rate (staff) */
    delete: operations['deleteAdminTaxRatesId']
    options?: never
    head?: never
    /**
     * Change a tax rate (staff)
     * @description What is sent changes. Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).
     */
    patch: operations['patchAdminTaxRatesId']
    trace?: never
  }
  '/api/v1/admin/promotions': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Promotions with their use (staff) */
    get: operations['getAdminPromotions']
    put?: never
    /**
     * Create a promotion (staff)
     * @description An automatic promotion (no `code`) or a coupon code (stored in capitals). `effect`: `percentage` (`percent_off`, "10" for 10%), `fixed` (`amount_off`, "5.00"), `free_shipping`. `target`: `order` (default) or `lines` (those matching `product_ids`, `category_ids` or `variant_ids`: at least one, each must exist). Conditions: `min_subtotal`, `starts_at` <= now < `ends_at`, `first_order_only`, `is_active`; limits `usage_limit` and `per_customer_limit`. Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).
     */
    post: operations['postAdminPromotions']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/promotions/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One promotion (staff) */
    get: operations['getAdminPromotionsId']
    put?: never
    post?: never
    /**
     * Delete a promotion (staff)
     * @description Only a promotion no order used; deactivate a used one instead.
     */
    delete: operations['deleteAdminPromotionsId']
    options?: never
    head?: never
    /**
     * Change a promotion (staff)
     * @description What is sent changes; a new `effect` needs its value (`percent_off` or `amount_off`), and `target: "order"` clears the ids. Audited (`admin_actions`); placed orders keep what they were charged (their snapshot).
     */
    patch: operations['patchAdminPromotionsId']
    trace?: never
  }
  '/api/v1/products/{product}/images': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Upload an image of a product (staff)
     * @description A `multipart/form-data` body: the image in `file`, optionally `alt` and `position` (default: after the product's other images). The type is read from the file's bytes, not its name or declared type: JPEG, PNG or WebP (a PNG named `.jpg` is stored as PNG; anything else is 422 on `file`). Larger than `IMAGE_MAX_BYTES` (5 MB by default) is 413. The file is stored under a generated name on the configured disk (local directory or S3 bucket) and served at the answered `url`: `/images/{name}` with `Cache-Control: public, max-age=31536000, immutable` and `X-Content-Type-Options: nosniff` (or the bucket's public URL when configured). Per product; attaching an image to a variant comes with the variants.
     */
    post: operations['postProductsProductImages']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/products/{product}/images/{image}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    /**
     * Delete an image (staff)
     * @description A stored file is removed from the disk once the deletion has committed.
     */
    delete: operations['deleteProductsProductImagesImage']
    options?: never
    head?: never
    /**
     * Change an image's alt text or position (staff)
     * @description Product answers list images by `position`, lowest first (then by id): reorder a product's images by giving them new positions.
     */
    patch: operations['patchProductsProductImagesImage']
    trace?: never
  }
  '/api/v1/variants/{variant}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * One variant, by SKU
     * @description Here `{variant}` is the SKU (case as written; the staff routes below take the id). Active variants of active products only; answers the variant with a summary of its product (price range, availability). Cached and cleared on every change of the product.
     */
    get: operations['getVariantsVariant']
    put?: never
    post?: never
    /** Delete a variant (staff) */
    delete: operations['deleteVariantsVariant']
    options?: never
    head?: never
    /**
     * Update a variant (staff)
     * @description Every field is optional; `options` given are merged with the variant's values. `stock` is refused (422): it moves only through `POST /variants/{variant}/stock-adjustments`. A price or active flag change shows in the product's price range at once.
     */
    patch: operations['patchVariantsVariant']
    trace?: never
  }
  '/api/v1/products/{product}/options': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    /**
     * Set a product's options (staff)
     * @description The options become this list, in this order (at most 3, each with 1 to 100 values). A value or option a variant uses cannot be removed (422 naming the variant); a new option gives the existing variants its first value. Answers the product with all its variants.
     */
    put: operations['putProductsProductOptions']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/products/{product}/variants': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Add a variant (staff)
     * @description `options` gives one value of each option of the product (`{ "Size": "M", "Colour": "red" }`), a combination no other variant has. `stock` is the opening stock (an `initial` movement of the ledger). The product's price range and stock follow.
     */
    post: operations['postProductsProductVariants']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/variants/{variant}/stock-adjustments': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Adjust a variant's stock (staff)
     * @description Either `{ "delta": -3, "reason": "damaged" }` or `{ "set": 50, "expected": 48, "reason": "count" }` (applied only if the stock is still `expected`); `kind` is `adjustment` (default) or `return`. Writes a ledger row (reason, note, staff member) and an audit entry in the same transaction; answers the variant.
     */
    post: operations['postVariantsVariantStockAdjustments']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/variants/{variant}/stock-movements': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * A variant's stock ledger (staff)
     * @description Newest first, 20 per page by default. The quantities add up to the stock: every sale, cancellation, adjustment, return and import is a row with its order or staff member.
     */
    get: operations['getVariantsVariantStockMovements']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/payment-methods': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * The payment methods a customer may choose at checkout
     * @description The active methods, in their `position` order; checkout names one by its `code` in `payment_method`. An empty list means the shop takes no payment through the API, and checkout needs no method. A stripe method carries the publishable key for Stripe.js.
     */
    get: operations['getPaymentMethods']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/orders/{number}/payment': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Start or resume paying an order
     * @description For an order of yours that is `pending` and `unpaid` or `failed`. A stripe method creates a PaymentIntent for the amount due (or answers the open one again, so calling twice makes one charge): confirm `client_secret` with Stripe.js and `publishable_key`; the order becomes `paid` when Stripe's webhook arrives or when the browser calls `POST .../payment/confirm`, whichever is first. A manual method answers its `instructions` and the `reference` to quote with a bank transfer (the order number); staff record the money when it arrives. `expires_at`: an order still unpaid then is cancelled (`payment_status: expired`) and its stock put back.
     */
    post: operations['postOrdersNumberPayment']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/orders/{number}/payment/confirm': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Ask Stripe how the order's card payment went
     * @description Called by the browser once Stripe.js has confirmed the payment: reads the PaymentIntent from Stripe and applies its state as the webhook would. The two may race: the order's payment moves once, with one `payment` order event. Answers the order with its `payment_status` (`paid`, or still `unpaid` while Stripe is processing).
     */
    post: operations['postOrdersNumberPaymentConfirm']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/payments/stripe/webhook': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Stripe's webhook (Stripe calls it)
     * @description Register this URL in the Stripe dashboard with the events `payment_intent.succeeded`, `payment_intent.processing`, `payment_intent.payment_failed`, `payment_intent.canceled`, `payment_intent.amount_capturable_updated`, `payment_intent.requires_action`, `refund.updated` and `refund.failed`, and put its signing secret in `STRIPE_WEBHOOK_SECRET`. No bearer token: the `Stripe-Signature` header is checked over the raw body. Each event is processed once, by its id: a redelivery answers 200 with `outcome: duplicate` and changes nothing. `outcome`: `applied` (the payment or refund moved), `ignored` (an event type or an object we do not act on, stored), `refused` (the amount or currency differs from the attempt: nothing applied, flagged for staff), `late` (money for an expired or cancelled order: refunded automatically, flagged for staff), `duplicate`. Any 2xx tells Stripe to stop redelivering.
     */
    post: operations['postPaymentsStripeWebhook']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/payment-methods': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Payment methods (staff) */
    get: operations['getAdminPaymentMethods']
    put?: never
    /**
     * Create a payment method (staff)
     * @description A way to pay, named by its `code` at checkout (lower case letters, digits, `_` and `-`; unique). `provider`: `manual` (a bank transfer, or cash on delivery with `pay_on_delivery: true`: the order ships unpaid and is paid when delivered; such a method never expires) or `stripe` (cards through PaymentIntents; `capture: manual` authorizes at checkout and staff capture later). `expires_after_minutes` (1 to 525600, or null: never): an order still unpaid that long after checkout is cancelled and its stock put back. `instructions` are shown to the customer (bank details). A stripe method can be active only when Stripe is configured (`STRIPE_SECRET_KEY`). Once any method is active, checkout requires `payment_method`. Audited.
     */
    post: operations['postAdminPaymentMethods']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/payment-methods/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One payment method (staff) */
    get: operations['getAdminPaymentMethodsId']
    put?: never
    post?: never
    /**
     * Delete a payment method (staff)
     * @description Orders keep the method they were placed with (code and name). A method that pending orders still wait to be paid with (unpaid, failed or authorized) cannot be deleted: deactivate it (`is_active: false`) instead. Audited.
     */
    delete: operations['deleteAdminPaymentMethodsId']
    options?: never
    head?: never
    /**
     * Change a payment method (staff)
     * @description What is sent changes; the rules of creation apply to the result. Changing the provider resets `pay_on_delivery` and `capture` unless they are sent. Orders already placed keep the method's code and name as they were. Audited.
     */
    patch: operations['patchAdminPaymentMethodsId']
    trace?: never
  }
  '/api/v1/admin/orders/{number}/payments': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Record money received for an order (staff, manual methods)
     * @description A bank transfer arrived or cash was taken: `amount` (a decimal string, at most what is still due) and the `reference` it came with. `amount_paid` grows; once it covers the total the order is `paid`. Writes a `payment` order event (broadcast, replayable) and an audit entry.
     */
    post: operations['postAdminOrdersNumberPayments']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/orders/{number}/refunds': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Refund all or part of an order (staff)
     * @description `amount` (a decimal string; left out: everything still refundable), `reason`. A stripe payment: the refund is created `pending` and a job asks Stripe for it (idempotency key `refund-<id>`, so Stripe makes it once however often the job runs); Stripe's `refund.updated` webhook, or the job's answer, makes it `succeeded` (or `failed`, flagged in the payment events, and the amount is refundable again). A manual method: `reference` (the transfer or receipt that sent the money back) is required, and the refund is `succeeded` at once. A succeeded refund moves the order to `partially_refunded` or `refunded`, with a `payment` order event. Audited.
     */
    post: operations['postAdminOrdersNumberRefunds']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/orders/{number}/refunds/{id}/complete': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Complete a pending manual refund (staff)
     * @description Cancelling a paid order queues a refund of everything refundable; for a manual method it waits, `pending`, until staff send the money back and complete it here with the `reference`. The refund becomes `succeeded` and the order `partially_refunded` or `refunded`. Audited.
     */
    post: operations['postAdminOrdersNumberRefundsIdComplete']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/orders/{number}/capture': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Capture an authorized card payment (staff)
     * @description For a stripe method with `capture: manual`: the card was authorized at checkout, and the money is taken now. A job asks Stripe to capture (idempotency key `capture-<payment id>`); the order becomes `paid` when Stripe answers. Audited.
     */
    post: operations['postAdminOrdersNumberCapture']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/payment-events': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Provider events received, newest first (staff)
     * @description Every webhook event stored, with its outcome. `needs_attention=true` lists those staff must look at: a payment refused for its amount or currency, money or an authorization that arrived for an expired or cancelled order, a refund that failed. A redelivered event is stored once. 20 per page by default; `page`, or `cursor` from `meta.next_cursor` / `meta.prev_cursor`.
     */
    get: operations['getAdminPaymentEvents']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/payment-events/{id}/resolve': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Mark a provider event as looked at (staff)
     * @description Sets `resolved_at` and clears `needs_attention`; audited.
     */
    post: operations['postAdminPaymentEventsIdResolve']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
}
export type webhooks = Record<string, never>
export interface components {
  schemas: {
    /**
     * @example {
     *       "errors": [
     *         {
     *           "code": "E_VALIDATION_ERROR",
     *           "message": "The email field must be a valid email address",
     *           "field": "email"
     *         }
     *       ]
     *     }
     */
    Error: {
      errors: {
        /** @example E_VALIDATION_ERROR */
        code: string
        message: string
        /** @description The input field the error is about. */
        field?: string
      }[]
    }
    UserProfile: {
      id: number
      /** Format: email */
      email: string
      full_name: string | null
      phone: string | null
      address: {
        line1: string | null
        line2: string | null
        city: string | null
        postal_code: string | null
        country: string | null
      }
      /** @enum {string} */
      role: 'customer' | 'staff' | 'admin'
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
    }
    TokenPair: {
      /** @constant */
      token_type: 'Bearer'
      /** @description A JWT (HS256): send it as `Authorization: Bearer`. */
      access_token: string
      /** @description Seconds the access token lives. */
      expires_in: number
      /** Format: date-time */
      access_token_expires_at: string
      /** @description Single use: POST it to /auth/refresh for the next pair. */
      refresh_token: string
      /** Format: date-time */
      refresh_token_expires_at: string
    }
    Product: {
      id: number
      slug: string
      name: string
      description: string | null
      /**
       * @description The lowest price of its active variants
       * @example 19.99
       */
      price: string
      /**
       * @description The highest price of its active variants
       * @example 19.99
       */
      max_price: string
      /** @example EUR */
      currency: string
      /** @description Units of its active variants together. Exact in the detail; in a list, as when the page was cached (a sale that leaves the product in stock does not clear the lists): `in_stock` is always current there. */
      stock: number
      /** @description Whether any active variant is in stock */
      in_stock: boolean
      /** @description The threshold new variants start with */
      low_stock_threshold: number
      is_active: boolean
      category: {
        id: number
        slug: string
        name: string
      } | null
      images: {
        id: number
        url: string
        alt: string | null
        position: number
      }[]
      /** @description In one product (detail, staff answers); not in lists */
      options?: {
        id: number
        name: string
        values: string[]
        position: number
      }[]
      /**
       * @description The tax class its rates are looked up by (issue 19). In one product, not in lists
       * @example standard
       * @example reduced
       */
      tax_class?: string
      /** @description In one product (detail, staff answers), by position; active ones only unless you are staff. Not in lists */
      variants?: components['schemas']['Variant'][]
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
    }
    Variant: {
      id: number
      sku: string
      /**
       * @description "Default" for a product without options
       * @example M / red
       */
      title: string
      /** @description Option name to value, e.g. { "Size": "M", "Colour": "red" } */
      options: {
        [key: string]: string
      }
      /** @example 19.99 */
      price: string
      /** @example 19.99 */
      compare_at_price: string | null
      stock: number
      in_stock: boolean
      low_stock_threshold: number
      weight_grams: number | null
      image_id: number | null
      /** @description Always true in public answers (staff also see inactive variants) */
      is_active: boolean
      position: number
    }
    VariantWithProduct: {
      id: number
      sku: string
      /**
       * @description "Default" for a product without options
       * @example M / red
       */
      title: string
      /** @description Option name to value, e.g. { "Size": "M", "Colour": "red" } */
      options: {
        [key: string]: string
      }
      /** @example 19.99 */
      price: string
      /** @example 19.99 */
      compare_at_price: string | null
      stock: number
      in_stock: boolean
      low_stock_threshold: number
      weight_grams: number | null
      image_id: number | null
      /** @description Always true in public answers (staff also see inactive variants) */
      is_active: boolean
      position: number
      product: {
        id: number
        slug: string
        name: string
        /**
         * @description The lowest price of its active variants
         * @example 19.99
         */
        price: string
        /**
         * @description The highest price of its active variants
         * @example 19.99
         */
        max_price: string
        /** @example EUR */
        currency: string
        /** @description Whether any active variant is in stock */
        in_stock: boolean
      }
    }
    StockMovement: {
      id: number
      variant_id: number
      product_id: number
      /** @description Units in (positive) or out (negative) */
      quantity: number
      /** @enum {string} */
      reason: 'initial' | 'sale' | 'cancellation' | 'adjustment' | 'import' | 'return'
      order_id: number | null
      user_id: number | null
      note: string | null
      stock_after: number
      /** Format: date-time */
      created_at: string
    }
    StockMovementList: {
      data: components['schemas']['StockMovement'][]
      meta: {
        total: number | null
        per_page: number
        current_page: number | null
        last_page: number | null
        next_cursor: string | null
        prev_cursor: string | null
      }
    }
    ProductList: {
      data: components['schemas']['Product'][]
      meta: {
        total: number | null
        /** @description true: `total` (and `last_page`) are PostgreSQL's estimate, given above 10,000 matching products instead of counting them on every request; false: an exact count. */
        total_is_estimate?: boolean
        per_page: number
        current_page: number | null
        last_page: number | null
        next_cursor: string | null
        prev_cursor: string | null
      }
    }
    Category: {
      id: number
      slug: string
      name: string
      description: string | null
      parent_id: number | null
      position: number
    }
    CategoryNode: {
      id: number
      slug: string
      name: string
      description: string | null
      parent_id: number | null
      position: number
      children: components['schemas']['CategoryNode'][]
    }
    CategoryDetail: {
      id: number
      slug: string
      name: string
      description: string | null
      parent_id: number | null
      position: number
      /** @description The ancestors, root first (a breadcrumb). */
      path: {
        id: number
        slug: string
        name: string
      }[]
      children: components['schemas']['Category'][]
    }
    Cart: {
      items: {
        /** @description The line is this variant; PATCH and DELETE /cart/items/{variant_id} change it. */
        variant_id: number
        product_id: number
        sku: string
        slug: string
        name: string
        /** @description "M / red"; "Default" for a product without options. */
        variant_title: string
        /** @example 19.99 */
        unit_price: string
        quantity: number
        /** @example 19.99 */
        line_total: string
        stock: number
        /** @description False when the product or the variant is no longer for sale. */
        available: boolean
        /** @description True when fewer units are left than asked. */
        stock_short: boolean
      }[]
      /** @description Units of the available lines. */
      item_count: number
      currency: string
      /**
       * @description Sum of the available lines.
       * @example 19.99
       */
      total: string
      /** @description True when a line cannot be ordered as it is (unavailable or short). */
      has_issues: boolean
    }
    Discount: {
      promotion_id: number
      name: string
      code: string | null
      /** @enum {string} */
      level: 'lines' | 'order' | 'shipping'
      /** @example 19.99 */
      amount: string
    }
    TaxLine: {
      name: string
      country: string
      tax_class: string
      /**
       * @example 20.00
       * @example 7.50
       */
      rate: string
      /**
       * @description The amount taxed, without tax.
       * @example 19.99
       */
      base: string
      /** @example 19.99 */
      amount: string
    }
    ShippingOption: {
      id: number
      name: string
      zone: string
      delivery_estimate: string
      /** @example 19.99 */
      price: string
    }
    Quote: {
      currency: string
      prices_include_tax: boolean
      country: string | null
      lines: {
        variant_id: number
        product_id: number
        sku: string
        product_name: string
        variant_title: string
        quantity: number
        /** @example 19.99 */
        unit_price: string
        /** @example 19.99 */
        subtotal: string
        /**
         * @description The line's discount plus its share of the order discount.
         * @example 19.99
         */
        discount: string
        /**
         * @example 20.00
         * @example 7.50
         */
        tax_rate: string
        /** @example 19.99 */
        tax: string
        /** @example 19.99 */
        total: string
      }[]
      discounts: components['schemas']['Discount'][]
      /** @description The methods that ship this order to this address, with their price. */
      shipping_methods: components['schemas']['ShippingOption'][]
      shipping_method: components['schemas']['ShippingOption'] | null
      shipping_problem: {
        /** @enum {string} */
        reason:
          'address_required' | 'no_zone' | 'no_method' | 'method_required' | 'method_not_available'
        message: string
      } | null
      coupon: {
        code: string
        applied: boolean
        /** @enum {string|null} */
        reason:
          | 'unknown'
          | 'inactive'
          | 'not_started'
          | 'expired'
          | 'limit_reached'
          | 'customer_limit_reached'
          | 'minimum_not_met'
          | 'first_order_only'
          | 'not_applicable'
          | 'better_promotion_applies'
          | null
        message: string | null
      } | null
      weight_grams: number
      /** @example 19.99 */
      subtotal: string
      /** @example 19.99 */
      discount_total: string
      /** @example 19.99 */
      shipping_total: string
      /**
       * @description All tax; with prices_include_tax, the part of the total that is tax.
       * @example 19.99
       */
      tax_total: string
      taxes: components['schemas']['TaxLine'][]
      /**
       * @description subtotal - discount_total + shipping_total + tax_total (without tax_total when prices include tax).
       * @example 19.99
       */
      total: string
    }
    OrderItem: {
      product_id: number
      variant_id: number
      /** @description The variant's SKU at checkout. */
      sku: string
      /** @description The product's name at checkout. */
      product_name: string
      /** @description The variant's title at checkout ("M / red"; "Default" without options). */
      variant_title: string
      /** @example 19.99 */
      unit_price: string
      quantity: number
      /**
       * @description unit_price x quantity, before discounts.
       * @example 19.99
       */
      line_total: string
      /**
       * @description The line's discount plus its share of the order discount.
       * @example 19.99
       */
      discount: string
      /** @example 20.00 */
      tax_rate: string
      /** @example 19.99 */
      tax: string
    }
    Order: {
      /** @example SO-261122-7K3QX9PA */
      number: string
      /** @enum {string} */
      status: 'pending' | 'shipped' | 'delivered' | 'cancelled'
      user_id: number
      currency: string
      /** @example 19.99 */
      subtotal: string
      /** @example 19.99 */
      discount_total: string
      /** @example 19.99 */
      shipping_total: string
      /**
       * @description All tax; with prices_include_tax, the part of the total that is tax.
       * @example 19.99
       */
      tax_total: string
      /** @example 19.99 */
      total: string
      prices_include_tax: boolean
      coupon_code: string | null
      shipping_method: components['schemas']['ShippingOption'] | null
      discounts: components['schemas']['Discount'][]
      taxes: components['schemas']['TaxLine'][]
      item_count: number
      shipping_address: {
        full_name: string | null
        phone: string | null
        line1: string | null
        line2: string | null
        city: string | null
        postal_code: string | null
        country: string | null
      }
      items: components['schemas']['OrderItem'][]
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
      /** Format: date-time */
      shipped_at: string | null
      /** Format: date-time */
      delivered_at: string | null
      /** Format: date-time */
      cancelled_at: string | null
      /** @example 2026-000001 */
      invoice_number: string | null
      /**
       * @description The payment state, separate from `status` (fulfilment): unpaid -> authorized -> paid -> partially_refunded -> refunded; failed (an attempt failed: pay again); expired (unpaid when its window closed: the order was cancelled).
       * @enum {string}
       */
      payment_status:
        'unpaid' | 'authorized' | 'paid' | 'partially_refunded' | 'refunded' | 'failed' | 'expired'
      payment: components['schemas']['OrderPayment']
    }
    OrderPayment: {
      /** @description The payment method's code; null: none. */
      method: string | null
      method_name: string | null
      /** @enum {string|null} */
      provider: 'manual' | 'stripe' | null
      pay_on_delivery: boolean
      /** @example 19.99 */
      amount_paid: string
      /** @example 19.99 */
      amount_refunded: string
      /**
       * @description What is still to pay (0 once paid or closed).
       * @example 19.99
       */
      amount_due: string
      /**
       * Format: date-time
       * @description An unpaid order expires (and is cancelled) then; null: never.
       */
      expires_at: string | null
      /** Format: date-time */
      paid_at: string | null
      refunds?: components['schemas']['Refund'][]
    }
    Refund: {
      id: number
      /** @example 19.99 */
      amount: string
      currency: string
      /** @enum {string} */
      status: 'pending' | 'succeeded' | 'failed'
      reason: string | null
      reference: string | null
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      completed_at: string | null
    }
    /** @description Something that happened to an order: a `status` change (`from` -> `to`; a new order is `null` -> `pending`), or `low_stock` (staff only: a line took `product_id` to `stock`, at or below its threshold), or `payment` (`from` -> `to` are payment states, with the `amount` that moved and a `note`). */
    OrderEvent: {
      id: number
      order_number: string
      /** @enum {string} */
      type: 'status' | 'low_stock' | 'payment'
      /** @enum {string|null} */
      from:
        | 'pending'
        | 'shipped'
        | 'delivered'
        | 'cancelled'
        | 'unpaid'
        | 'authorized'
        | 'paid'
        | 'partially_refunded'
        | 'refunded'
        | 'failed'
        | 'expired'
        | null
      /** @enum {string|null} */
      to:
        | 'pending'
        | 'shipped'
        | 'delivered'
        | 'cancelled'
        | 'unpaid'
        | 'authorized'
        | 'paid'
        | 'partially_refunded'
        | 'refunded'
        | 'failed'
        | 'expired'
        | null
      /** @enum {string} */
      actor_role: 'customer' | 'staff' | 'admin' | 'system'
      product_id?: number
      stock?: number
      /** @example 19.99 */
      amount?: string | null
      note?: string | null
      /** Format: date-time */
      at: string
    }
    OrderList: {
      data: components['schemas']['Order'][]
      meta: {
        total: number | null
        per_page: number
        current_page: number | null
        last_page: number | null
        next_cursor: string | null
        prev_cursor: string | null
      }
    }
    CacheStats: {
      /** Format: date-time */
      since: string
      hits: number
      misses: number
      hit_ratio: number | null
      writes: number
      deletes: number
      tiers: {
        l1: {
          /** @constant */
          driver: 'memory'
          hits: number
        }
        l2: {
          /** @constant */
          driver: 'redis'
          hits: number
        } | null
      }
      redis: {
        configured: boolean
        reachable: boolean | null
        latency_ms: number | null
      }
    }
    WebhookEndpoint: {
      id: number
      url: string
      description: string
      events: (
        | 'order.placed'
        | 'order.status_changed'
        | 'order.cancelled'
        | 'order.payment_changed'
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'stock.low'
      )[]
      is_active: boolean
      is_failing: boolean
      /** Format: date-time */
      failing_since: string | null
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
    }
    WebhookEndpointWithSecret: {
      id: number
      url: string
      description: string
      events: (
        | 'order.placed'
        | 'order.status_changed'
        | 'order.cancelled'
        | 'order.payment_changed'
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'stock.low'
      )[]
      is_active: boolean
      is_failing: boolean
      /** Format: date-time */
      failing_since: string | null
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
      /** @description The signing secret (Standard Webhooks) */
      secret: string
    }
    WebhookDeliveryAttempt: {
      attempt: number
      succeeded: boolean
      status_code: number | null
      duration_ms: number
      /** @description The first kilobyte of the answer */
      response_excerpt: string | null
      error: string | null
      /** Format: date-time */
      created_at: string
    }
    WebhookDelivery: {
      id: number
      endpoint_id: number
      event_id: string
      event_type: string
      /** @enum {string} */
      status: 'pending' | 'succeeded' | 'failed'
      attempts: number
      last_status_code: number | null
      last_error: string | null
      /** Format: date-time */
      delivered_at: string | null
      /** Format: date-time */
      created_at: string
      attempt_log: components['schemas']['WebhookDeliveryAttempt'][]
    }
    WebhookDeliveryList: {
      data: components['schemas']['WebhookDelivery'][]
      meta: {
        total: number | null
        per_page: number
        current_page: number | null
        last_page: number | null
        next_cursor: string | null
        prev_cursor: string | null
      }
    }
    StockSubscription: {
      product_id: number
      /** @description The variant the request is for; null: the product as a whole (any of its variants). */
      variant_id: number | null
      /** @description The variant's SKU; null for a product-level request. */
      sku: string | null
      /**
       * Format: date-time
       * @description When the request was made.
       */
      created_at: string
    }
    ProductImage: {
      id: number
      product_id: number
      /** @description Where the image is shown from: /images/{name} on this server (or the bucket's public URL) for an uploaded image, the given URL otherwise. */
      url: string
      alt: string | null
      /** @description Order among the product's images, lowest first. */
      position: number
      /** @description Uploaded and stored by the shop (its file is removed with it). */
      stored: boolean
      /** @enum {string|null} */
      content_type: 'image/jpeg' | 'image/png' | 'image/webp' | null
      /** @description Bytes */
      size: number | null
      width: number | null
      height: number | null
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
    }
    ShippingMethod: {
      id: number
      zone_id: number
      name: string
      delivery_estimate: string
      /** @enum {string} */
      rate_type: 'flat' | 'free_over' | 'weight'
      /**
       * @description flat and free_over: the price; weight: unused (0.00)
       * @example 19.99
       */
      price: string
      /**
       * @description free_over: free at or above this subtotal
       * @example 19.99
       */
      free_over: string | null
      /** @description weight: ascending bands; max_grams null takes any weight */
      weight_bands: {
        max_grams: number | null
        /** @example 19.99 */
        price: string
      }[]
      is_active: boolean
      position: number
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
    }
    ShippingZone: {
      id: number
      name: string
      countries: string[]
      /** @description By position, then id */
      methods: components['schemas']['ShippingMethod'][]
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
    }
    TaxRate: {
      id: number
      /** @example DE */
      country: string
      /**
       * @example standard
       * @example reduced
       */
      tax_class: string
      name: string
      /**
       * @description Percent, two decimals
       * @example 20.00
       * @example 7.50
       */
      rate: string
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
    }
    Promotion: {
      id: number
      name: string
      /** @description Upper case; null for an automatic promotion */
      code: string | null
      is_active: boolean
      /** @enum {string} */
      effect: 'percentage' | 'fixed' | 'free_shipping'
      /**
       * @description percentage: the percent off
       * @example 20.00
       * @example 7.50
       */
      percent_off: string | null
      /**
       * @description fixed: the amount off
       * @example 19.99
       */
      amount_off: string | null
      /** @enum {string} */
      target: 'order' | 'lines'
      product_ids: number[]
      category_ids: number[]
      variant_ids: number[]
      /** @example 19.99 */
      min_subtotal: string | null
      first_order_only: boolean
      /** Format: date-time */
      starts_at: string | null
      /** Format: date-time */
      ends_at: string | null
      usage_limit: number | null
      per_customer_limit: number | null
      /** @description Uses counted against usage_limit */
      times_used: number
      /** @description Orders that used it */
      redemptions: number
      /**
       * @description The sum of what those orders were given
       * @example 19.99
       */
      discount_given: string
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
    }
    PaymentMethod: {
      id: number
      /**
       * @description What checkout's `payment_method` names
       * @example bank-transfer
       * @example card
       */
      code: string
      name: string
      /** @enum {string} */
      provider: 'manual' | 'stripe'
      /** @description Cash on delivery: the order ships unpaid and is paid when delivered */
      pay_on_delivery: boolean
      /**
       * @description stripe: automatic (charged at once) or manual (authorized, captured by staff)
       * @enum {string}
       */
      capture: 'automatic' | 'manual'
      /** @description An unpaid order is cancelled this many minutes after checkout; null: it never expires */
      expires_after_minutes: number | null
      /** @description Shown to the customer (bank details for a transfer) */
      instructions: string | null
      is_active: boolean
      position: number
      /** Format: date-time */
      created_at: string
      /** Format: date-time */
      updated_at: string
    }
    PublicPaymentMethod: {
      /**
       * @description What checkout's `payment_method` names
       * @example bank-transfer
       * @example card
       */
      code: string
      name: string
      /** @enum {string} */
      provider: 'manual' | 'stripe'
      /** @description Cash on delivery: the order ships unpaid and is paid when delivered */
      pay_on_delivery: boolean
      /** @description An unpaid order is cancelled this many minutes after checkout; null: it never expires */
      expires_after_minutes: number | null
      /** @description Shown to the customer (bank details for a transfer) */
      instructions: string | null
      /** @description Stripe's publishable key for a stripe method; null for the others */
      publishable_key: string | null
    }
    /** @description What the client needs to pay an order: a client secret for a card, or instructions and a reference for a transfer. */
    PaymentSession: {
      order_number: string
      /** @enum {string} */
      payment_status:
        'unpaid' | 'authorized' | 'paid' | 'partially_refunded' | 'refunded' | 'failed' | 'expired'
      /** @enum {string} */
      provider: 'manual' | 'stripe'
      method: string | null
      /**
       * @description What this payment is for (what is due).
       * @example 19.99
       */
      amount: string
      currency: string
      /** Format: date-time */
      expires_at: string | null
      /** @description stripe: confirm the PaymentIntent with it in the browser (Stripe.js). */
      client_secret: string | null
      publishable_key: string | null
      /** @description stripe: the PaymentIntent's id. */
      payment_intent: string | null
      /** @description manual: how to pay (bank details for a transfer). */
      instructions: string | null
      /** @description manual: the reference to quote with a transfer (the order number). */
      reference: string | null
      pay_on_delivery: boolean
    }
    /** @description A payment provider event as received (once per event id) and what was done with it; `needs_attention`: an amount that did not match, money that reached an expired order. */
    ProviderEvent: {
      id: number
      /** @enum {string} */
      provider: 'manual' | 'stripe'
      event_id: string
      type: string
      order_number: string | null
      /** @enum {string} */
      outcome: 'applied' | 'ignored' | 'refused' | 'late'
      needs_attention: boolean
      message: string
      /** @example 19.99 */
      amount: string | null
      currency: string | null
      /** Format: date-time */
      received_at: string
      /** Format: date-time */
      resolved_at: string | null
    }
  }
  responses: {
    /** @description The body is not valid JSON (`E_MALFORMED_BODY`) */
    MalformedBody: {
      headers: {
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
    /** @description Not authenticated; the `code` says why: `E_TOKEN_MISSING` (no `Authorization: Bearer` header: sign in), `E_TOKEN_INVALID` (malformed, bad signature, wrong issuer or audience, or the account is gone: sign in again), `E_TOKEN_EXPIRED` (trade the refresh token at `/auth/refresh`), `E_TOKEN_REVOKED` (the session ended by logout or a password change: sign in again). `WWW-Authenticate` carries the RFC 6750 challenge: `Bearer realm="api"` without a token, `Bearer realm="api", error="invalid_token", error_description="..."` for a refused one. */
    Unauthorized: {
      headers: {
        'WWW-Authenticate': components['headers']['WwwAuthenticate']
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
    /** @description Staff only (`E_FORBIDDEN`) */
    Forbidden: {
      headers: {
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
    /** @description Not found (`E_NOT_FOUND`) */
    NotFound: {
      headers: {
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
    /** @description A conflicting change */
    Conflict: {
      headers: {
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
    /** @description The body is too large (`E_BODY_TOO_LARGE`) */
    BodyTooLarge: {
      headers: {
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
    /** @description The body is not JSON: send it with `Content-Type: application/json` (`E_UNSUPPORTED_MEDIA_TYPE`); or it is compressed (a Content-Encoding other than identity): send it uncompressed (`E_UNSUPPORTED_ENCODING`) */
    UnsupportedEncoding: {
      headers: {
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
    /** @description Invalid input: one error per field (`E_VALIDATION_ERROR`, `field`, `rule`), each saying what is accepted. A query parameter or a body field the operation does not take is refused too (`rule: unknownField`), with the closest accepted name and the list of them. */
    ValidationError: {
      headers: {
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
    /** @description Over the rate limit (`E_TOO_MANY_REQUESTS`); retry after `Retry-After` seconds */
    TooManyRequests: {
      headers: {
        'Retry-After': components['headers']['RetryAfter']
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
    /** @description A backing service (database, Redis-backed limiter) is unavailable (`E_SERVICE_UNAVAILABLE`), or too many checkouts are waiting for their turn (`E_OVERLOADED`); retry after `Retry-After` seconds */
    ServiceUnavailable: {
      headers: {
        [name: string]: unknown
      }
      content: {
        'application/json': components['schemas']['Error']
      }
    }
  }
  parameters: never
  requestBodies: never
  headers: {
    /** @description Requests left in this minute */
    RateLimitRemaining: number
    /** @description Seconds to wait before retrying */
    RetryAfter: number
    /** @description The RFC 6750 challenge: `Bearer realm="api"`, with `error="invalid_token"` and `error_description` when a token was sent and refused */
    WwwAuthenticate: string
  }
  pathItems: never
}
export type $defs = Record<string, never>
export interface operations {
  postAuthRegister: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** Format: email */
          email: string
          password: string
          full_name?: string | null
          username?: string
          /** @example +1 555 0100 */
          phone?: string | null
          address?: {
            line1?: string | null
            line2?: string | null
            city?: string | null
            postal_code?: string | null
            /** @example US */
            country?: string | null
          }
        }
      }
    }
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: {
              user: components['schemas']['UserProfile']
              tokens: components['schemas']['TokenPair']
            }
          }
        }
      }
      400: components['responses']['MalformedBody']
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAuthLogin: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** Format: email */
          email: string
          password: string
        }
      }
    }
    responses: {
      /** @description Signed in */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: {
              user: components['schemas']['UserProfile']
              tokens: components['schemas']['TokenPair']
            }
          }
        }
      }
      400: components['responses']['MalformedBody']
      /** @description Wrong email or password (`E_INVALID_CREDENTIALS`, `WWW-Authenticate: Bearer realm="api"`) */
      401: {
        headers: {
          'WWW-Authenticate': components['headers']['WwwAuthenticate']
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAuthRefresh: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          refresh_token: string
        }
      }
    }
    responses: {
      /** @description The next pair */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: {
              user: components['schemas']['UserProfile']
              tokens: components['schemas']['TokenPair']
            }
          }
        }
      }
      400: components['responses']['MalformedBody']
      /** @description The refresh token is unknown (`E_REFRESH_INVALID`), expired (`E_REFRESH_EXPIRED`), or revoked by logout, a password change or the reuse of a spent token (`E_REFRESH_REVOKED`): sign in again */
      401: {
        headers: {
          'WWW-Authenticate': components['headers']['WwwAuthenticate']
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAuthLogout: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          refresh_token: string
        }
      }
    }
    responses: {
      /** @description Revoked (also when it already was) */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      400: components['responses']['MalformedBody']
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getMe: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The profile */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['UserProfile']
          }
        }
      }
      401: components['responses']['Unauthorized']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchMe: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** Format: email */
          email?: string
          full_name?: string | null
          /** @example +1 555 0100 */
          phone?: string | null
          address?: {
            line1?: string | null
            line2?: string | null
            city?: string | null
            postal_code?: string | null
            /** @example US */
            country?: string | null
          }
        }
      }
    }
    responses: {
      /** @description The updated profile */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['UserProfile']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  putMePassword: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          current_password: string
          password: string
        }
      }
    }
    responses: {
      /** @description Changed */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: {
              tokens: components['schemas']['TokenPair']
            }
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getMeOrders: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        cursor?: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description A page of orders */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['OrderList']
        }
      }
      401: components['responses']['Unauthorized']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getMeEvents: {
    parameters: {
      query?: {
        after?: number
        limit?: number
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Events, oldest first */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['OrderEvent'][]
          }
        }
      }
      401: components['responses']['Unauthorized']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getProducts: {
    parameters: {
      query?: {
        category?: string
        min_price?: string
        max_price?: string
        in_stock?: 'true' | 'false'
        q?: string
        sort?:
          'price' | '-price' | 'name' | '-name' | 'created_at' | '-created_at' | 'stock' | '-stock'
        page?: number
        per_page?: number
        cursor?: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description A page of products */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ProductList']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postProducts: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name: string
          /** @example garden-tools */
          slug?: string
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          price?: string
          stock?: number
          options?: {
            name: string
            values: string[]
          }[]
          variants?: {
            /** @example TEE-M-RED */
            sku: string
            options?: {
              [key: string]: string
            }
            /**
             * @description A decimal amount greater than 0 and at most 1000000.00
             * @example 19.99
             */
            price: string
            /**
             * @description A decimal amount greater than 0 and at most 1000000.00
             * @example 19.99
             */
            compare_at_price?: string | null
            stock?: number
            low_stock_threshold?: number
            weight_grams?: number | null
            is_active?: boolean
            position?: number
            image_id?: number | null
          }[]
          description?: string | null
          low_stock_threshold?: number
          is_active?: boolean
          category_id?: number | null
          images?: {
            /** @example https://cdn.example.com/widget.jpg */
            url: string
            alt?: string | null
            position?: number
          }[]
          /** @example reduced */
          tax_class?: string
        }
      }
    }
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Product']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description The slug is taken (`E_CONSTRAINT_UNIQUE`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getProductsProduct: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The product */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Product']
          }
        }
      }
      401: components['responses']['Unauthorized']
      /** @description No product with this id or slug (or it is inactive and you are not staff) */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteProductsProduct: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such product */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The product was ordered: deactivate it (`is_active: false`) instead */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchProductsProduct: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name?: string
          /** @example garden-tools */
          slug?: string
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          price?: string
          /** @description Refused (422): stock moves only through POST /products/{product}/stock-adjustments. */
          stock?: unknown
          description?: string | null
          low_stock_threshold?: number
          is_active?: boolean
          category_id?: number | null
          images?: {
            /** @example https://cdn.example.com/widget.jpg */
            url: string
            alt?: string | null
            position?: number
          }[]
          /** @example reduced */
          tax_class?: string
        }
      }
    }
    responses: {
      /** @description Updated */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Product']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such product */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The slug is taken */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getCategories: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Root categories with their children */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['CategoryNode'][]
          }
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postCategories: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name: string
          /** @example garden-tools */
          slug?: string
          description?: string | null
          parent_id?: number | null
          position?: number
        }
      }
    }
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Category']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description The slug is taken */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getCategoriesCategory: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        category: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The category */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['CategoryDetail']
          }
        }
      }
      401: components['responses']['Unauthorized']
      /** @description No category with this id or slug */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteCategoriesCategory: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        category: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such category */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The category still has products or children */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchCategoriesCategory: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        category: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name?: string
          /** @example garden-tools */
          slug?: string
          description?: string | null
          parent_id?: number | null
          position?: number
        }
      }
    }
    responses: {
      /** @description Updated */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Category']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such category */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The slug is taken */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postProductsProductStockAdjustments: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          delta?: number
          set?: number
          expected?: number
          reason: string
        }
      }
    }
    responses: {
      /** @description Adjusted */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Product']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such product */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The stock is no longer `expected` (`E_STOCK_CHANGED`, with `current`): nothing was changed */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body, both or neither of `delta` and `set`, a zero delta, a delta that would take the stock below 0, or a product with several variants */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getCart: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The cart */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Cart']
          }
        }
      }
      401: components['responses']['Unauthorized']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteCart: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Emptied */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postCartItems: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          variant_id?: number
          /** @example TEE-M-RED */
          sku?: string
          product_id?: number
          quantity?: number
        }
      }
    }
    responses: {
      /** @description Added to an existing line */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Cart']
          }
        }
      }
      /** @description A new line */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Cart']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      /** @description More units than in stock (`E_INSUFFICIENT_STOCK`, with `available`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteCartItemsVariantId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The variant id of the cart line (anything else is 404) */
        variantId: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      /** @description The variant is not in the cart */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchCartItemsVariantId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The variant id of the cart line (anything else is 404) */
        variantId: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          quantity: number
        }
      }
    }
    responses: {
      /** @description The cart */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Cart']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      /** @description The variant is not in the cart */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description More units than in stock (`E_INSUFFICIENT_STOCK`, with `available`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postCartQuote: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: {
      content: {
        'application/json': {
          items?: {
            variant_id?: number
            /** @example TEE-M-RED */
            sku?: string
            product_id?: number
            quantity: number
          }[]
          shipping_address?: {
            full_name: string
            /** @example +1 555 0100 */
            phone?: string | null
            line1: string
            line2?: string | null
            city: string
            postal_code: string
            /** @example US */
            country: string
          }
          /** @example US */
          country?: string
          shipping_method_id?: number | null
          coupon_code?: string | null
        }
      }
    }
    responses: {
      /** @description The quote */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Quote']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body, an empty cart, or a product that is not for sale */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getOrders: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        cursor?: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description A page of orders */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['OrderList']
        }
      }
      401: components['responses']['Unauthorized']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postOrders: {
    parameters: {
      query?: never
      header?: {
        /** @description Makes the checkout safe to retry: the first request with a key is processed, a retry with the same key and body replays its answer (header `Idempotent-Replayed: true`), the same key with another body is 422 `E_IDEMPOTENCY_KEY_REUSED`, and a retry while the first is still running is 409 `E_IDEMPOTENCY_IN_FLIGHT`. Keys are kept 24 hours. */
        'Idempotency-Key'?: string
      }
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          items?: {
            variant_id?: number
            /** @example TEE-M-RED */
            sku?: string
            product_id?: number
            quantity: number
          }[]
          shipping_address?: {
            full_name: string
            /** @example +1 555 0100 */
            phone?: string | null
            line1: string
            line2?: string | null
            city: string
            postal_code: string
            /** @example US */
            country: string
          }
          shipping_method_id?: number | null
          coupon_code?: string | null
          /** @example 19.99 */
          expected_total?: string
          payment_method?: string
        }
      }
    }
    responses: {
      /** @description The order, pending */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Order']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      /** @description Not enough stock (`E_INSUFFICIENT_STOCK`, one item per short variant with `product_id`, `variant_id`, `sku`, `requested`, `available`), the Idempotency-Key is still in flight, or the price changed (`E_QUOTE_CHANGED`: `expected_total` differs from what the order costs now; the error item carries the new `quote`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body, empty cart (`E_CART_EMPTY`), a product that is not for sale (`E_PRODUCT_UNAVAILABLE`), a line over 10000000.00 (`E_LINE_TOTAL_TOO_HIGH`), an order over 10000000.00 (`E_ORDER_TOTAL_TOO_HIGH`), no shipping address, a reused Idempotency-Key, a refused coupon code (`E_COUPON_REFUSED`, with `reason`), or no shipping method for the address (`E_SHIPPING_UNAVAILABLE`, with `reason`), no `payment_method` while the shop has active methods (`E_PAYMENT_METHOD_REQUIRED`, with `accepted`: the codes), or one that is unknown, inactive, or a card method while Stripe is not configured (`E_PAYMENT_METHOD_UNAVAILABLE`, with `accepted`) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getOrdersNumber: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The order */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Order']
          }
        }
      }
      401: components['responses']['Unauthorized']
      /** @description No such order (or not yours) */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postOrdersNumberCancel: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Cancelled */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Order']
          }
        }
      }
      401: components['responses']['Unauthorized']
      /** @description No such order (or not yours) */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The order is no longer pending (`E_INVALID_TRANSITION`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getOrdersNumberInvoice: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description A PDF document */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/pdf': string
        }
      }
      401: components['responses']['Unauthorized']
      /** @description No such order (or not yours) */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getOrdersNumberEvents: {
    parameters: {
      query?: {
        after?: number
        limit?: number
      }
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Events, oldest first */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['OrderEvent'][]
          }
        }
      }
      401: components['responses']['Unauthorized']
      /** @description No such order (or not yours) */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminOrders: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        cursor?: string
        status?: 'pending' | 'shipped' | 'delivered' | 'cancelled'
        payment_status?:
          | 'unpaid'
          | 'authorized'
          | 'paid'
          | 'partially_refunded'
          | 'refunded'
          | 'failed'
          | 'expired'
        user_id?: number
        from?: string
        to?: string
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description A page of orders */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['OrderList']
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchAdminOrdersNumberStatus: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          status: 'pending' | 'shipped' | 'delivered' | 'cancelled'
        }
      }
    }
    responses: {
      /** @description Moved */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Order']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such order */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Not allowed from the current status (`E_INVALID_TRANSITION`), or shipping an order that is not paid (`E_PAYMENT_REQUIRED`, with `payment_status`; capture an authorized payment first) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminCacheStats: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Counters since boot */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['CacheStats']
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminWebhooks: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Every endpoint */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['WebhookEndpoint'][]
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminWebhooks: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          url: string
          events: (
            | 'order.placed'
            | 'order.status_changed'
            | 'order.cancelled'
            | 'order.payment_changed'
            | 'product.created'
            | 'product.updated'
            | 'product.deleted'
            | 'stock.low'
          )[]
          description?: string
          is_active?: boolean
        }
      }
    }
    responses: {
      /** @description Registered, with its secret */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['WebhookEndpointWithSecret']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      /** @description Staff who is not an admin (`E_FORBIDDEN`) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminWebhooksId: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: number
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The endpoint */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['WebhookEndpoint']
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such endpoint */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteAdminWebhooksId: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: number
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      /** @description Staff who is not an admin (`E_FORBIDDEN`) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description No such endpoint */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchAdminWebhooksId: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: number
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          url?: string
          events?: (
            | 'order.placed'
            | 'order.status_changed'
            | 'order.cancelled'
            | 'order.payment_changed'
            | 'product.created'
            | 'product.updated'
            | 'product.deleted'
            | 'stock.low'
          )[]
          description?: string
          is_active?: boolean
          rotate_secret?: boolean
        }
      }
    }
    responses: {
      /** @description Changed (with `secret` when rotated) */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data:
              | components['schemas']['WebhookEndpoint']
              | components['schemas']['WebhookEndpointWithSecret']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      /** @description Staff who is not an admin (`E_FORBIDDEN`) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description No such endpoint */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminWebhooksIdDeliveries: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        cursor?: string
      }
      header?: never
      path: {
        id: number
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description A page of deliveries */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['WebhookDeliveryList']
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such endpoint */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminWebhooksIdDeliveriesDeliveryIdResend: {
    parameters: {
      query?: never
      header?: never
      path: {
        id: number
        deliveryId: number
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Queued */
      202: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['WebhookDelivery']
          }
        }
      }
      401: components['responses']['Unauthorized']
      /** @description Staff who is not an admin (`E_FORBIDDEN`) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description No such endpoint or delivery */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The delivery is still being attempted */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postProductsProductStockSubscriptions: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
      }
      cookie?: never
    }
    requestBody?: {
      content: {
        'application/json': {
          variant_id?: number
          /** @example TEE-M-RED */
          sku?: string
        }
      }
    }
    responses: {
      /** @description Already requested */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['StockSubscription']
          }
        }
      }
      /** @description Requested */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['StockSubscription']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      /** @description No active product with this id or slug, or no active variant of it with this `variant_id` or `sku` */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The variant (or, for a product-level request, one of its active variants) is in stock (`E_PRODUCT_IN_STOCK`): order it now */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Both `variant_id` and `sku`, a malformed one, or an unknown field */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteProductsProductStockSubscriptions: {
    parameters: {
      query?: {
        variant_id?: number
        sku?: string
      }
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description No open request remains */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      /** @description No active product with this id or slug, or no variant of it with this `variant_id` or `sku` */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Both `variant_id` and `sku`, a malformed one, or an unknown parameter */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminShippingZones: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Every shipping zone */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ShippingZone'][]
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminShippingZones: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name: string
          countries: string[]
        }
      }
    }
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ShippingZone']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body (a country code that is not 2 letters, a repeated country, no country) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminShippingZonesId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The shipping zone id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The shipping zone */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ShippingZone']
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such shipping zone */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteAdminShippingZonesId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The shipping zone id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such shipping zone */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchAdminShippingZonesId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The shipping zone id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name?: string
          countries?: string[]
        }
      }
    }
    responses: {
      /** @description Changed */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ShippingZone']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such shipping zone */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body (a country code that is not 2 letters, a repeated country, no country) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminShippingMethods: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Every shipping method */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ShippingMethod'][]
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminShippingMethods: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name: string
          delivery_estimate?: string
          /** @enum {string} */
          rate_type: 'flat' | 'free_over' | 'weight'
          /** @example 19.99 */
          price?: string
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          free_over?: string | null
          /** @description Ascending by max_grams; a band with max_grams null (any weight) may only be the last */
          weight_bands?: {
            max_grams?: number | null
            /** @example 19.99 */
            price: string
          }[]
          is_active?: boolean
          position?: number
          zone_id: number
        }
      }
    }
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ShippingMethod']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body: an unknown `zone_id`, a `rate_type` without what it reads, `free_over` or `weight_bands` for another rate type, bands not ascending */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminShippingMethodsId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The shipping method id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The shipping method */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ShippingMethod']
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such shipping method */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteAdminShippingMethodsId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The shipping method id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such shipping method */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchAdminShippingMethodsId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The shipping method id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          zone_id?: number
          name?: string
          delivery_estimate?: string
          /** @enum {string} */
          rate_type?: 'flat' | 'free_over' | 'weight'
          /** @example 19.99 */
          price?: string
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          free_over?: string | null
          /** @description Ascending by max_grams; a band with max_grams null (any weight) may only be the last */
          weight_bands?: {
            max_grams?: number | null
            /** @example 19.99 */
            price: string
          }[]
          is_active?: boolean
          position?: number
        }
      }
    }
    responses: {
      /** @description Changed */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ShippingMethod']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such shipping method */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body: an unknown `zone_id`, a `rate_type` without what it reads, `free_over` or `weight_bands` for another rate type, bands not ascending */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminTaxRates: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Every tax rate */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['TaxRate'][]
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminTaxRates: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @example US */
          country: string
          /** @example reduced */
          tax_class?: string
          name: string
          /**
           * @description A percentage from 0 to 100, at most 2 decimals
           * @example 7.5
           */
          rate: string
        }
      }
    }
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['TaxRate']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description The country already has a rate for this tax class (`E_CONFLICT`, field `country`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body (a country that is not 2 letters, a rate over 100 or with 3 decimals) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminTaxRatesId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The tax rate id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The tax rate */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['TaxRate']
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such tax rate */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteAdminTaxRatesId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The tax rate id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such tax rate */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchAdminTaxRatesId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The tax rate id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @example US */
          country?: string
          /** @example reduced */
          tax_class?: string
          name?: string
          /**
           * @description A percentage from 0 to 100, at most 2 decimals
           * @example 7.5
           */
          rate?: string
        }
      }
    }
    responses: {
      /** @description Changed */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['TaxRate']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such tax rate */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The country already has a rate for this tax class (`E_CONFLICT`, field `country`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body (a country that is not 2 letters, a rate over 100 or with 3 decimals) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminPromotions: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Every promotion */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Promotion'][]
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminPromotions: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name: string
          /** @enum {string} */
          effect: 'percentage' | 'fixed' | 'free_shipping'
          /** @example WELCOME10 */
          code?: string | null
          is_active?: boolean
          /**
           * @description A percentage greater than 0 and at most 100, at most 2 decimals
           * @example 10
           */
          percent_off?: string
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          amount_off?: string
          /** @enum {string} */
          target?: 'order' | 'lines'
          product_ids?: number[]
          category_ids?: number[]
          variant_ids?: number[]
          /** @example 19.99 */
          min_subtotal?: string | null
          first_order_only?: boolean
          /**
           * @description An ISO 8601 date or date-time
           * @example 2026-12-01T00:00:00Z
           */
          starts_at?: string | null
          /**
           * @description An ISO 8601 date or date-time
           * @example 2026-12-01T00:00:00Z
           */
          ends_at?: string | null
          usage_limit?: number | null
          per_customer_limit?: number | null
        }
      }
    }
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Promotion']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description Another promotion has this code (`E_CONFLICT`, field `code`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body: the value another effect reads, `percent_off` over 100, target `lines` without ids, an unknown id (named), `ends_at` not after `starts_at` */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminPromotionsId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The promotion id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The promotion */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Promotion']
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such promotion */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteAdminPromotionsId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The promotion id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such promotion */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Orders used this promotion (`E_CONFLICT`): deactivate it instead */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchAdminPromotionsId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The promotion id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          name?: string
          /** @enum {string} */
          effect?: 'percentage' | 'fixed' | 'free_shipping'
          /** @example WELCOME10 */
          code?: string | null
          is_active?: boolean
          /**
           * @description A percentage greater than 0 and at most 100, at most 2 decimals
           * @example 10
           */
          percent_off?: string
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          amount_off?: string
          /** @enum {string} */
          target?: 'order' | 'lines'
          product_ids?: number[]
          category_ids?: number[]
          variant_ids?: number[]
          /** @example 19.99 */
          min_subtotal?: string | null
          first_order_only?: boolean
          /**
           * @description An ISO 8601 date or date-time
           * @example 2026-12-01T00:00:00Z
           */
          starts_at?: string | null
          /**
           * @description An ISO 8601 date or date-time
           * @example 2026-12-01T00:00:00Z
           */
          ends_at?: string | null
          usage_limit?: number | null
          per_customer_limit?: number | null
        }
      }
    }
    responses: {
      /** @description Changed */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Promotion']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such promotion */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Another promotion has this code (`E_CONFLICT`, field `code`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body: the value another effect reads, `percent_off` over 100, target `lines` without ids, an unknown id (named), `ends_at` not after `starts_at` */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postProductsProductImages: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'multipart/form-data': {
          /** @description The image: JPEG, PNG or WebP, at most IMAGE_MAX_BYTES (5 MB by default) */
          file: string
          alt?: string | null
          position?: number
        }
      }
    }
    responses: {
      /** @description Stored */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ProductImage']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No product with this id or slug */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The image is over the size limit (`E_BODY_TOO_LARGE`) */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The body is not `multipart/form-data` (`E_UNSUPPORTED_MEDIA_TYPE`) */
      415: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Not a JPEG, PNG or WebP image (`field: file`), no file or more than one, an unknown form field, or an invalid `alt` or `position` */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteProductsProductImagesImage: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
        /** @description The image id (anything else is 404) */
        image: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such product, or no such image of it */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchProductsProductImagesImage: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
        /** @description The image id (anything else is 404) */
        image: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          alt?: string | null
          position?: number
        }
      }
    }
    responses: {
      /** @description Changed */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ProductImage']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such product, or no such image of it */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getVariantsVariant: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The SKU (anything else is 404) */
        variant: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The variant */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['VariantWithProduct']
          }
        }
      }
      /** @description No active variant with this SKU (or its product is inactive) */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteVariantsVariant: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The variant id (anything else is 404) */
        variant: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such variant */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The variant is on orders: deactivate it (`is_active: false`) instead */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description It is the product's last variant */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchVariantsVariant: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The variant id (anything else is 404) */
        variant: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @example TEE-M-RED */
          sku?: string
          options?: {
            [key: string]: string
          }
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          price?: string
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          compare_at_price?: string | null
          /** @description Refused (422): stock moves only through POST /variants/{variant}/stock-adjustments. */
          stock?: unknown
          low_stock_threshold?: number
          weight_grams?: number | null
          is_active?: boolean
          position?: number
          image_id?: number | null
        }
      }
    }
    responses: {
      /** @description Updated */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Variant']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such variant */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The SKU was taken at the same moment (`E_CONSTRAINT_UNIQUE`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  putProductsProductOptions: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          options: {
            name: string
            values: string[]
          }[]
        }
      }
    }
    responses: {
      /** @description The product */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Product']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such product */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid options, a name or value given twice, or a value a variant still uses */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postProductsProductVariants: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The numeric id or the slug (digits are read as an id first, then as a slug). Anything that is neither is 404. */
        product: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @example TEE-M-RED */
          sku: string
          options?: {
            [key: string]: string
          }
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          price: string
          /**
           * @description A decimal amount greater than 0 and at most 1000000.00
           * @example 19.99
           */
          compare_at_price?: string | null
          stock?: number
          low_stock_threshold?: number
          weight_grams?: number | null
          is_active?: boolean
          position?: number
          image_id?: number | null
        }
      }
    }
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Variant']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such product */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The SKU was taken at the same moment (`E_CONSTRAINT_UNIQUE`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body, a SKU already used ("SKU already used by ..."), a value that is not one of the option's values (the message lists them), a missing option, or a combination another variant has */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postVariantsVariantStockAdjustments: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The variant id (anything else is 404) */
        variant: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          delta?: number
          set?: number
          expected?: number
          reason: string
          /** @enum {string} */
          kind?: 'adjustment' | 'return'
        }
      }
    }
    responses: {
      /** @description Adjusted */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Variant']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such variant */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The stock is no longer `expected` (`E_STOCK_CHANGED`, with `current`): nothing was changed */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body, both or neither of `delta` and `set`, or a stock that would go below 0 */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getVariantsVariantStockMovements: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        cursor?: string
      }
      header?: never
      path: {
        /** @description The variant id (anything else is 404) */
        variant: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description A page of movements */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['StockMovementList']
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such variant */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getPaymentMethods: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The active methods */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['PublicPaymentMethod'][]
          }
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postOrdersNumberPayment: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description What the client needs to pay */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['PaymentSession']
          }
        }
      }
      401: components['responses']['Unauthorized']
      /** @description No such order (or not yours) */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Nothing to pay now (`E_PAYMENT_NOT_DUE`, with `payment_status` and `status`): the order is not pending, or is already authorized, paid, refunded or expired, or has no payment method (placed while the shop had none) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      /** @description Stripe refused the request or could not be reached (`E_PAYMENT_PROVIDER_ERROR`); nothing was changed on our side: try again */
      502: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Stripe is not configured on this server (`E_PAYMENT_PROVIDER_UNAVAILABLE`: no `STRIPE_SECRET_KEY`), or a backing service is unavailable (`E_SERVICE_UNAVAILABLE`) */
      503: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
    }
  }
  postOrdersNumberPaymentConfirm: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The order */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Order']
          }
        }
      }
      401: components['responses']['Unauthorized']
      /** @description No such order (or not yours) */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The order has no card payment started (`E_PAYMENT_NOT_DUE`, with `payment_status`): start one with `POST /orders/{number}/payment` */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      /** @description Stripe refused the request or could not be reached (`E_PAYMENT_PROVIDER_ERROR`); nothing was changed on our side: try again */
      502: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      503: components['responses']['ServiceUnavailable']
    }
  }
  postPaymentsStripeWebhook: {
    parameters: {
      query?: never
      header: {
        /** @description Stripe's signature of the raw body (`t=<unix time>,v1=<HMAC-SHA256>`), checked with `STRIPE_WEBHOOK_SECRET` by the `stripe` SDK (`webhooks.constructEvent`, which also refuses a timestamp older than 5 minutes) */
        'Stripe-Signature': string
      }
      path?: never
      cookie?: never
    }
    /** @description A Stripe event, as Stripe sends it (read as raw bytes for the signature) */
    requestBody: {
      content: {
        'application/json': {
          /** @example evt_1PqR... */
          id: string
          /** @example payment_intent.succeeded */
          type: string
          created?: number
          data: {
            /** @description A PaymentIntent or a Refund */
            object?: Record<string, never>
          }
        }
      }
    }
    responses: {
      /** @description Received (whatever the outcome) */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            /** @constant */
            received: true
            /** @enum {string} */
            outcome: 'applied' | 'ignored' | 'refused' | 'late' | 'duplicate'
          }
        }
      }
      /** @description No `Stripe-Signature`, a signature that does not match the body and `STRIPE_WEBHOOK_SECRET`, or a stale timestamp (`E_WEBHOOK_SIGNATURE`): nothing is stored */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Stripe is not configured on this server (`E_PAYMENT_PROVIDER_UNAVAILABLE`: `STRIPE_SECRET_KEY` or `STRIPE_WEBHOOK_SECRET` missing): nothing here listens for it */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminPaymentMethods: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Every method, active or not */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['PaymentMethod'][]
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminPaymentMethods: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @example bank-transfer */
          code: string
          name: string
          /** @enum {string} */
          provider: 'manual' | 'stripe'
          pay_on_delivery?: boolean
          /** @enum {string} */
          capture?: 'automatic' | 'manual'
          expires_after_minutes?: number | null
          instructions?: string | null
          is_active?: boolean
          position?: number
        }
      }
    }
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['PaymentMethod']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body, a `code` another method has (field `code`), `pay_on_delivery` with stripe, `capture: manual` with manual, an expiry on a pay-on-delivery method, or an active stripe method while Stripe is not configured */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminPaymentMethodsId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The payment method id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The method */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['PaymentMethod']
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such payment method */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  deleteAdminPaymentMethodsId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The payment method id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such payment method */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Pending orders await payment with this method (`E_METHOD_IN_USE`, with `orders`): deactivate it instead */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  patchAdminPaymentMethodsId: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The payment method id (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @example bank-transfer */
          code?: string
          name?: string
          /** @enum {string} */
          provider?: 'manual' | 'stripe'
          pay_on_delivery?: boolean
          /** @enum {string} */
          capture?: 'automatic' | 'manual'
          expires_after_minutes?: number | null
          instructions?: string | null
          is_active?: boolean
          position?: number
        }
      }
    }
    responses: {
      /** @description Changed */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['PaymentMethod']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such payment method */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body, a `code` another method has (field `code`), `pay_on_delivery` with stripe, `capture: manual` with manual, an expiry on a pay-on-delivery method, or an active stripe method while Stripe is not configured */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminOrdersNumberPayments: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          /** @example 19.99 */
          amount: string
          reference: string
        }
      }
    }
    responses: {
      /** @description The order */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Order']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such order */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description The order is paid by card (`E_WRONG_PROVIDER`, with `provider`: Stripe reports its own payments), or takes no payment now (`E_PAYMENT_NOT_DUE`, with `payment_status`): it is cancelled, or already authorized, paid, refunded or expired */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body, an amount of 0, or more than is due (`E_AMOUNT_TOO_LARGE`, with `max`) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminOrdersNumberRefunds: {
    parameters: {
      query?: never
      header?: {
        /** @description Makes the refund safe to repeat: a second request with the same key for the same order answers the refund the first one made (200) and refunds nothing more, so a double-click or a retry after a lost answer refunds once. Without the header every request is a new refund. */
        'Idempotency-Key'?: string
      }
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody?: {
      content: {
        'application/json': {
          /** @example 19.99 */
          amount?: string
          reason?: string | null
          reference?: string | null
        }
      }
    }
    responses: {
      /** @description The refund made earlier with the same Idempotency-Key */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Refund']
          }
        }
      }
      /** @description The refund */
      201: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Refund']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such order */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Nothing was paid, or everything paid is refunded or being refunded (`E_NOTHING_TO_REFUND`) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      /** @description Invalid body, an amount of 0, no `reference` for a manual method, or more than can be refunded (`E_REFUND_TOO_LARGE`, with `refundable`: paid, minus refunded, minus refunds under way) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminOrdersNumberRefundsIdComplete: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
        /** @description The refund id, of this order (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': {
          reference: string
        }
      }
    }
    responses: {
      /** @description The refund */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Refund']
          }
        }
      }
      400: components['responses']['MalformedBody']
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such order, or no such refund of it */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description Only a pending manual refund is completed by hand (`E_REFUND_NOT_PENDING`, with `status`): this one is done, failed, or sent by Stripe */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      413: components['responses']['BodyTooLarge']
      415: components['responses']['UnsupportedEncoding']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminOrdersNumberCapture: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The order number, case-insensitive (anything else is 404) */
        number: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Capture queued */
      202: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['Order']
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such order */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      /** @description No authorized payment to capture (`E_NOT_AUTHORIZED`, with `payment_status`; a cancelled order has none) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  getAdminPaymentEvents: {
    parameters: {
      query?: {
        page?: number
        per_page?: number
        cursor?: string
        needs_attention?: 'true' | 'false'
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description A page of events */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ProviderEvent'][]
            meta: {
              total: number | null
              per_page: number
              current_page: number | null
              last_page: number | null
              next_cursor: string | null
              prev_cursor: string | null
            }
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
  postAdminPaymentEventsIdResolve: {
    parameters: {
      query?: never
      header?: never
      path: {
        /** @description The provider event id, ours (anything else is 404) */
        id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The event */
      200: {
        headers: {
          'X-RateLimit-Remaining': components['headers']['RateLimitRemaining']
          [name: string]: unknown
        }
        content: {
          'application/json': {
            data: components['schemas']['ProviderEvent']
          }
        }
      }
      401: components['responses']['Unauthorized']
      403: components['responses']['Forbidden']
      /** @description No such event */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Error']
        }
      }
      422: components['responses']['ValidationError']
      429: components['responses']['TooManyRequests']
      503: components['responses']['ServiceUnavailable']
    }
  }
}
