import type { AppliedDiscount, Quote, TaxLine } from '#domain/pricing'

/**
 * The snapshot an order keeps of its pricing (issue 19), stored as JSON on
 * the order: later changes of rates, prices or promotions never touch it.
 */
export interface OrderPricing {
  discounts: AppliedDiscount[]
  taxes: TaxLine[]
  shipping: {
    methodId: number
    name: string
    zoneName: string
    deliveryEstimate: string
    price: number
  } | null
  weightGrams: number
}

export function orderPricing(quote: Quote): OrderPricing {
  return {
    discounts: quote.discounts,
    taxes: quote.taxes,
    shipping: quote.shippingMethod
      ? {
          methodId: quote.shippingMethod.id,
          name: quote.shippingMethod.name,
          zoneName: quote.shippingMethod.zoneName,
          deliveryEstimate: quote.shippingMethod.deliveryEstimate,
          price: quote.shippingMethod.price,
        }
      : null,
    weightGrams: quote.weightGrams,
  }
}

export type { AppliedDiscount, TaxLine }
