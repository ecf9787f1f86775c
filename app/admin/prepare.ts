import type { ApplicationService } from '@adonisjs/core/types'
import type { Panel } from '#admin/panel'

let loading: Promise<Panel> | undefined

/**
 * The staff panel, loaded on its first request and then kept: the API
 * never waits for it, and the process holds AdminJS's code (about 70 MB)
 * only once staff use the panel. Concurrent first requests share one load.
 *
 * One import of one module (app/admin/panel.ts), started by a request,
 * once the app is ready: the boot's own imports are all evaluated by then.
 * A lazy import started while the boot was still importing modules hung
 * some boots in a trial: Node 20's module loader can leave an import
 * unsettled forever when two imports evaluate, at the same time, graphs
 * that share import cycles with top-level await (AdonisJS's services
 * await at the top level), see the README's Performance section.
 *
 * A load that failed (the database not reachable yet with
 * DB_AUTO_MIGRATE=false) is tried again by the next request.
 */
export function loadPanel(app: ApplicationService): Promise<Panel> {
  if (!loading) {
    loading = import('#admin/panel').then(({ makePanel }) => makePanel(app))
    loading.catch(() => {
      loading = undefined
    })
  }
  return loading
}
