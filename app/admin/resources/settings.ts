import { LucidResource } from '@adminjs/adonis'
import type { ActionContext, ResourceWithOptions } from 'adminjs'
import ShopSetting from '#models/shop_setting'
import { editSettingsAction, ensureSettingsRow } from '#admin/actions/settings_actions'
import { logoAction } from '#admin/actions/logo_actions'
import { Components } from '#admin/component_loader'
import { dbConnection } from '#start/runtime'

const adminsOnly = (context: ActionContext) => context.currentAdmin?.role === 'admin'

/**
 * The shop's settings (one row): admins list, show and edit them; staff
 * reach none of it, by page or by the panel's API. Edits save through
 * ShopSettingsService (issue 16, item 4); "Logo" uploads the shop's logo.
 * "Prices include tax" (issue 19) is the tax mode of new orders.
 */
export const settingsResources: ResourceWithOptions[] = [
  {
    resource: new LucidResource(ShopSetting, dbConnection),
    options: {
      id: 'shop_settings',
      navigation: { name: 'Settings', icon: 'Settings' },
      titleProperty: 'name',
      listProperties: ['name', 'email', 'currency', 'city', 'country', 'pricesIncludeTax'],
      filterProperties: [],
      properties: {
        id: { isVisible: false },
        addressLines: { type: 'textarea' },
        invoiceFooter: { type: 'textarea' },
        pricesIncludeTax: {
          type: 'boolean',
          description:
            'Ticked: prices are entered with tax included (EU style), tax is the part of them that is tax. Unticked: tax is added on top at checkout (US style). Placed orders keep the mode they were priced with.',
        },
        updatedAt: { isVisible: { list: false, filter: false, show: true, edit: false } },
      },
      actions: {
        list: { isAccessible: adminsOnly, before: [ensureSettingsRow] },
        show: { isAccessible: adminsOnly },
        search: { isAccessible: adminsOnly },
        edit: { isAccessible: adminsOnly, ...editSettingsAction },
        new: { isAccessible: false },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
        logo: { ...logoAction, isAccessible: adminsOnly, component: Components.ShopLogo },
      },
    },
  },
]
