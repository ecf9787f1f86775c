import { LucidResource } from '@adminjs/adonis'
import type { ResourceWithOptions } from 'adminjs'
import ShippingZone from '#models/shipping_zone'
import ShippingMethod from '#models/shipping_method'
import TaxRate from '#models/tax_rate'
import Promotion from '#models/promotion'
import { PROMOTION_EFFECTS, PROMOTION_TARGETS, RATE_TYPES } from '#domain/pricing'
import { pricingActions, presented } from '#admin/actions/pricing_actions'
import { Components } from '#admin/component_loader'
import { dbConnection } from '#start/runtime'

const navigation = { name: 'Pricing', icon: 'Percent' }
const showOnly = { isVisible: { list: false, filter: false, show: true, edit: false } }
const hidden = { isVisible: false }
const readOnly = { isVisible: { list: true, filter: false, show: true, edit: false } }
const timestamps = { createdAt: showOnly, updatedAt: showOnly }
const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }))
const optional = { isRequired: false }
const activeBox = {
  ...optional,
  components: { edit: Components.ActiveCheckbox },
  description: 'A new one is active unless this is unticked',
}

/**
 * The browser must not refuse a form before the API's rules see it: a NOT
 * NULL column is "required" for AdminJS, but the service fills defaults
 * (tax class "standard", no delivery estimate, position 0) and says what a
 * rule needs (a price for flat, bands for weight).
 */

/**
 * The show/list action's hooks of a resource (money, rates, lists and
 * bands as the panel writes them; see #admin/actions/pricing_actions).
 */
const reading = (resource: Parameters<typeof presented>[0]) => ({
  list: { after: [presented(resource)] },
  show: { after: [presented(resource, { details: true })] },
})

/**
 * Pricing (issue 19): shipping zones and their methods, tax rates and
 * promotions, for staff and admins as in the staff API. Every write goes
 * through PricingAdminService with the API's validators (audited, the
 * pricing cache cleared on commit).
 */
export const pricingResources: ResourceWithOptions[] = [
  {
    resource: new LucidResource(ShippingZone, dbConnection),
    options: {
      id: 'shipping_zones',
      navigation,
      titleProperty: 'name',
      listProperties: ['id', 'name', 'countries'],
      showProperties: ['id', 'name', 'countries', 'methods', 'createdAt', 'updatedAt'],
      editProperties: ['name', 'countries'],
      filterProperties: ['name'],
      sort: { sortBy: 'id', direction: 'asc' },
      properties: {
        methods: { type: 'string', ...showOnly, isSortable: false },
        countries: {
          type: 'string',
          isRequired: true,
          description:
            'ISO country codes, comma separated (DE, AT, CH). Deleting a zone deletes its methods; placed orders keep what they were charged.',
        },
        ...timestamps,
      },
      actions: { ...reading('shipping_zones'), ...pricingActions('shipping_zones') },
    },
  },
  {
    resource: new LucidResource(ShippingMethod, dbConnection),
    options: {
      id: 'shipping_methods',
      navigation,
      titleProperty: 'name',
      listProperties: [
        'id',
        'zoneId',
        'name',
        'rateType',
        'price',
        'freeOver',
        'isActive',
        'position',
      ],
      showProperties: [
        'id',
        'zoneId',
        'name',
        'deliveryEstimate',
        'rateType',
        'price',
        'freeOver',
        'weightBands',
        'isActive',
        'position',
        'createdAt',
        'updatedAt',
      ],
      editProperties: [
        'zoneId',
        'name',
        'deliveryEstimate',
        'rateType',
        'price',
        'freeOver',
        'weightBands',
        'isActive',
        'position',
      ],
      filterProperties: ['zoneId', 'name', 'rateType', 'isActive'],
      sort: { sortBy: 'position', direction: 'asc' },
      properties: {
        zoneId: { reference: 'shipping_zones', isRequired: true },
        deliveryEstimate: {
          ...optional,
          type: 'string',
          description: 'Shown to customers, such as "2-3 days"',
        },
        rateType: {
          availableValues: options(RATE_TYPES),
          isRequired: true,
          description:
            'flat: the price; free_over: the price, free from "Free over" (after discounts); weight: the weight bands',
        },
        price: {
          ...optional,
          type: 'string',
          description: 'A decimal amount such as 4.90 (flat and free_over; 0 is free)',
        },
        freeOver: {
          ...optional,
          type: 'string',
          description: 'free_over only: the subtotal from which shipping is free, such as 50.00',
        },
        weightBands: {
          ...optional,
          type: 'textarea',
          description:
            'weight only: one band per line, "max grams: price", by ascending weight, such as "1000: 4.90", then "5000: 9.90"; a last line "*: 19.90" takes any weight (without it, heavier carts cannot use this method)',
        },
        isActive: activeBox,
        position: {
          ...optional,
          type: 'number',
          description: 'Methods are listed by position, then id',
        },
        ...timestamps,
      },
      actions: { ...reading('shipping_methods'), ...pricingActions('shipping_methods') },
    },
  },
  {
    resource: new LucidResource(TaxRate, dbConnection),
    options: {
      id: 'tax_rates',
      navigation,
      titleProperty: 'name',
      listProperties: ['id', 'country', 'taxClass', 'name', 'rate'],
      showProperties: ['id', 'country', 'taxClass', 'name', 'rate', 'createdAt', 'updatedAt'],
      editProperties: ['country', 'taxClass', 'name', 'rate'],
      filterProperties: ['country', 'taxClass', 'name'],
      sort: { sortBy: 'country', direction: 'asc' },
      properties: {
        country: { isRequired: true, description: 'ISO country code, such as DE' },
        taxClass: {
          ...optional,
          description:
            'The products\' tax class it applies to ("standard" when empty; a product without a rate for its class pays the standard rate)',
        },
        rate: {
          type: 'string',
          isRequired: true,
          description: 'A percentage with at most 2 decimals, such as 20 or 7.5',
        },
        rateBp: hidden,
        ...timestamps,
      },
      actions: { ...reading('tax_rates'), ...pricingActions('tax_rates') },
    },
  },
  {
    resource: new LucidResource(Promotion, dbConnection),
    options: {
      id: 'promotions',
      navigation,
      titleProperty: 'name',
      listProperties: ['id', 'name', 'code', 'offer', 'target', 'isActive', 'timesUsed', 'endsAt'],
      showProperties: [
        'id',
        'name',
        'code',
        'isActive',
        'effect',
        'offer',
        'target',
        'productIds',
        'categoryIds',
        'variantIds',
        'minSubtotal',
        'firstOrderOnly',
        'startsAt',
        'endsAt',
        'usageLimit',
        'perCustomerLimit',
        'timesUsed',
        'redemptions',
        'discountGiven',
        'createdAt',
        'updatedAt',
      ],
      editProperties: [
        'name',
        'code',
        'isActive',
        'effect',
        'percentOff',
        'amountOff',
        'target',
        'productIds',
        'categoryIds',
        'variantIds',
        'minSubtotal',
        'firstOrderOnly',
        'startsAt',
        'endsAt',
        'usageLimit',
        'perCustomerLimit',
      ],
      filterProperties: ['name', 'code', 'effect', 'isActive'],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        code: {
          ...optional,
          description:
            'A coupon code customers type (3-40 letters, digits, _ and -, stored in capitals); empty: an automatic promotion',
        },
        effect: { availableValues: options(PROMOTION_EFFECTS), isRequired: true },
        offer: { type: 'string', ...readOnly, isSortable: false },
        percentOff: {
          ...optional,
          type: 'string',
          description: 'percentage only: such as 10 (greater than 0, at most 100)',
        },
        amountOff: {
          ...optional,
          type: 'string',
          description: 'fixed only: an amount such as 5.00',
        },
        target: {
          ...optional,
          availableValues: options(PROMOTION_TARGETS),
          description: 'order (the default): the whole order; lines: the lines named below',
        },
        productIds: {
          ...optional,
          type: 'string',
          description: 'lines only: product ids, comma separated',
        },
        categoryIds: {
          ...optional,
          type: 'string',
          description: 'lines only: category ids, comma separated',
        },
        variantIds: {
          ...optional,
          type: 'string',
          description: 'lines only: variant ids, comma separated',
        },
        minSubtotal: {
          ...optional,
          type: 'string',
          description: 'The subtotal (before discounts) the order must reach, such as 30.00',
        },
        startsAt: { ...optional, description: 'Empty: from now' },
        endsAt: { ...optional, description: 'Empty: no end' },
        usageLimit: { ...optional, description: 'Uses in all; empty: no limit' },
        perCustomerLimit: { ...optional, description: 'Uses per customer; empty: no limit' },
        isActive: activeBox,
        firstOrderOnly: optional,
        value: hidden,
        timesUsed: readOnly,
        redemptions: { type: 'number', ...showOnly },
        discountGiven: { type: 'string', ...showOnly },
        ...timestamps,
      },
      actions: {
        ...reading('promotions'),
        ...pricingActions('promotions'),
        delete: {
          ...pricingActions('promotions').delete,
          guard: 'Delete this promotion? A promotion orders used cannot be deleted: deactivate it.',
        },
      },
    },
  },
]
