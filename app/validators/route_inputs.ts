import type { RouteInput } from '#validators/strict_input'
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
  adminOrderListValidator,
  checkoutValidator,
  eventsAfterValidator,
  orderListValidator,
  orderStatusValidator,
} from '#validators/order'
import {
  createWebhookValidator,
  updateWebhookValidator,
  webhookDeliveryListValidator,
} from '#validators/webhooks'
import {
  updateProductImageValidator,
  uploadProductImageValidator,
} from '#validators/product_images'
import {
  stockSubscriptionQueryValidator,
  stockSubscriptionValidator,
} from '#validators/stock_subscriptions'
import {
  createVariantValidator,
  setOptionsValidator,
  stockMovementListValidator,
  updateVariantValidator,
  variantStockAdjustmentValidator,
} from '#validators/variants'
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
  completeRefundValidator,
  paymentEventsQueryValidator,
  recordPaymentValidator,
  refundValidator,
} from '#validators/payments'
import {
  createPaymentMethodValidator,
  updatePaymentMethodValidator,
} from '#validators/payment_methods'

/**
 * What each /api/v1 route reads, by route name: the validator of its
 * query string and of its JSON body. A route reads nothing else: any
 * other query parameter or body field is a 422 naming it
 * (`StrictInputMiddleware`, #validators/strict_input). `{}` is a route
 * that takes neither (a GET of one resource, a cancel, a delete). Path
 * parameters are the router's, not listed here.
 *
 * Every /api/v1 route has an entry (tests/unit/validators checks it
 * against the router): a new route that reads input adds its validators
 * here, or its input is refused.
 */
export const ROUTE_INPUTS: Record<string, RouteInput> = {
  'v1.auth.register': { body: registerValidator },
  'v1.auth.login': { body: loginValidator },
  'v1.auth.refresh': { body: refreshTokenValidator },
  'v1.auth.logout': { body: refreshTokenValidator },

  'v1.products.index': { query: productListValidator },
  'v1.products.show': {},
  'v1.categories.index': {},
  'v1.categories.show': {},

  'v1.products.store': { body: createProductValidator },
  'v1.products.update': { body: updateProductValidator },
  'v1.products.destroy': {},
  'v1.products.stock': { body: stockAdjustmentValidator },
  'v1.categories.store': { body: createCategoryValidator },
  'v1.categories.update': { body: updateCategoryValidator },
  'v1.categories.destroy': {},

  'v1.me.show': {},
  'v1.me.update': { body: updateProfileValidator },
  'v1.me.password': { body: changePasswordValidator },
  'v1.me.orders': { query: orderListValidator },
  'v1.me.events': { query: eventsAfterValidator },

  'v1.cart.show': {},
  'v1.cart.clear': {},
  'v1.cart.items.store': { body: addCartItemValidator },
  'v1.cart.items.update': { body: updateCartItemValidator },

  'v1.payment_methods.index': {},
  'v1.orders.payment.start': {},
  'v1.orders.payment.confirm': {},
  'v1.admin.payment_methods.index': {},
  'v1.admin.payment_methods.store': { body: createPaymentMethodValidator },
  'v1.admin.payment_methods.show': {},
  'v1.admin.payment_methods.update': { body: updatePaymentMethodValidator },
  'v1.admin.payment_methods.destroy': {},
  'v1.admin.orders.payments.store': { body: recordPaymentValidator },
  'v1.admin.orders.refunds.store': { body: refundValidator },
  'v1.admin.orders.refunds.complete': { body: completeRefundValidator },
  'v1.admin.orders.capture': {},
  'v1.admin.payment_events.index': { query: paymentEventsQueryValidator },
  'v1.admin.payment_events.resolve': {},
  'v1.cart.items.destroy': {},
  'v1.cart.quote': { body: quoteValidator },

  'v1.orders.store': { body: checkoutValidator },
  'v1.orders.index': { query: orderListValidator },
  'v1.orders.show': {},
  'v1.orders.cancel': {},
  'v1.orders.invoice': {},
  'v1.orders.events': { query: eventsAfterValidator },

  'v1.admin.cache.stats': {},
  'v1.admin.orders.index': { query: adminOrderListValidator },
  'v1.admin.orders.status': { body: orderStatusValidator },

  'v1.admin.webhooks.index': {},
  'v1.admin.webhooks.store': { body: createWebhookValidator },
  'v1.admin.webhooks.show': {},
  'v1.admin.webhooks.update': { body: updateWebhookValidator },
  'v1.admin.webhooks.destroy': {},
  'v1.admin.webhooks.deliveries': { query: webhookDeliveryListValidator },
  'v1.admin.webhooks.resend': {},

  'v1.stock_subscriptions.store': { body: stockSubscriptionValidator },
  'v1.stock_subscriptions.destroy': { query: stockSubscriptionQueryValidator },

  'v1.products.images.store': { multipart: uploadProductImageValidator },
  'v1.products.images.update': { body: updateProductImageValidator },
  'v1.products.images.destroy': {},

  'v1.variants.show': {},
  'v1.products.options': { body: setOptionsValidator },
  'v1.products.variants.store': { body: createVariantValidator },
  'v1.variants.update': { body: updateVariantValidator },
  'v1.variants.destroy': {},
  'v1.variants.stock': { body: variantStockAdjustmentValidator },
  'v1.variants.movements': { query: stockMovementListValidator },

  'v1.admin.shipping_zones.index': {},
  'v1.admin.shipping_zones.store': { body: createShippingZoneValidator },
  'v1.admin.shipping_zones.show': {},
  'v1.admin.shipping_zones.update': { body: updateShippingZoneValidator },
  'v1.admin.shipping_zones.destroy': {},
  'v1.admin.shipping_methods.index': {},
  'v1.admin.shipping_methods.store': { body: createShippingMethodValidator },
  'v1.admin.shipping_methods.show': {},
  'v1.admin.shipping_methods.update': { body: updateShippingMethodValidator },
  'v1.admin.shipping_methods.destroy': {},
  'v1.admin.tax_rates.index': {},
  'v1.admin.tax_rates.store': { body: createTaxRateValidator },
  'v1.admin.tax_rates.show': {},
  'v1.admin.tax_rates.update': { body: updateTaxRateValidator },
  'v1.admin.tax_rates.destroy': {},
  'v1.admin.promotions.index': {},
  'v1.admin.promotions.store': { body: createPromotionValidator },
  'v1.admin.promotions.show': {},
  'v1.admin.promotions.update': { body: updatePromotionValidator },
  'v1.admin.promotions.destroy': {},
}

/**
 * What a route reads; a route without an entry reads nothing.
 */
export function routeInput(routeName: string | undefined): RouteInput {
  return (routeName && ROUTE_INPUTS[routeName]) || {}
}
