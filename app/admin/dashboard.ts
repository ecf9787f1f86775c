import app from '@adonisjs/core/services/app'
import { Components } from '#admin/component_loader'
import { DashboardService } from '#services/dashboard_service'

/**
 * The panel's home: figures from DashboardService, drawn by the
 * Dashboard component.
 */
export const dashboard = {
  component: Components.Dashboard,
  handler: async () => {
    const service = await app.container.make(DashboardService)
    return service.summary()
  },
}
