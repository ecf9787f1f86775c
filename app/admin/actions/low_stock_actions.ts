import app from '@adonisjs/core/services/app'
import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs'
import { Components } from '#admin/component_loader'
import { DashboardService } from '#services/dashboard_service'

const dashboard = <T>(use: (service: DashboardService) => Promise<T>) =>
  app.container.make(DashboardService).then(use)

/**
 * "Low stock" on the variants list: every active variant of an active
 * product at or below its own threshold, the lowest stock first, with its
 * product's name, its title and SKU (the dashboard shows the first ten).
 * `?page=` pages through them.
 */
export const lowStockListAction: Partial<Action<ActionResponse>> = {
  actionType: 'resource',
  icon: 'AlertTriangle',
  showFilter: false,
  component: Components.LowStockList,
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const page = Number(request.query?.page ?? 1)
    const result = await dashboard((service) =>
      service.lowStock({
        page: Number.isSafeInteger(page) && page > 0 ? Math.min(page, 100_000) : 1,
        perPage: 50,
      })
    )
    return {
      lowStock: {
        ...result,
        productUrl: `${context._admin.options.rootPath}/resources/products/records`,
      },
    }
  },
}
