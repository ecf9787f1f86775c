import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs'
import { panelActor } from '#admin/audit'
import { Components } from '#admin/component_loader'
import { ApiError } from '#exceptions/api_error'
import { ProductImportService } from '#services/product_import_service'

/**
 * The largest CSV file an import reads: 5 MB.
 */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024

/**
 * "Export CSV" on a list: opens in the drawer over the list, so it keeps
 * the list's filters, and links to /admin/exports/<resource>.csv with
 * them (app/admin/export_routes.ts does the export).
 */
export const exportCsvAction: Partial<Action<ActionResponse>> = {
  actionType: 'resource',
  icon: 'Download',
  showInDrawer: true,
  component: Components.CsvExport,
  handler: async () => ({}),
}

async function uploadedText(value: unknown): Promise<string> {
  const file = value as { tmpPath?: unknown; size?: unknown } | undefined
  if (!file || typeof file !== 'object' || typeof file.tmpPath !== 'string') {
    throw ApiError.unprocessable('Choose a CSV file to import', 'file')
  }
  if (Number(file.size ?? 0) > MAX_IMPORT_BYTES) {
    throw ApiError.unprocessable('A CSV file for import is at most 5 MB', 'file')
  }
  const bytes = await readFile(file.tmpPath)
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (text.includes('\uFFFD')) {
    throw ApiError.unprocessable('The file must be UTF-8 text', 'file')
  }
  return text
}

/**
 * "Import CSV" on the products list (staff and admins): the file is
 * posted with `mode=preview` (nothing written: the answer's `importPlan`
 * says row by row what would be created or changed and which rows are
 * refused and why), then with `mode=apply`, which writes all of it in one
 * transaction through the API's service or nothing (a 422 in the error
 * shape naming the refused rows). See ProductImportService.
 */
export const importCsvAction: Partial<Action<ActionResponse>> = {
  actionType: 'resource',
  icon: 'Upload',
  component: Components.ProductImport,
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    if (request.method !== 'post') {
      return {}
    }
    const payload = (request.payload ?? {}) as Record<string, unknown>
    const mode = payload.mode
    if (mode !== 'preview' && mode !== 'apply') {
      throw ApiError.unprocessable('mode must be "preview" or "apply"', 'mode')
    }
    const text = await uploadedText(payload.file)
    const imports = await app.container.make(ProductImportService)
    if (mode === 'preview') {
      return { importPlan: await imports.preview(text) }
    }
    const plan = await imports.apply(text, panelActor(context))
    return {
      importPlan: plan,
      notice: {
        message: `Imported: ${plan.counts.create} created, ${plan.counts.update} updated, ${plan.counts.unchanged} unchanged`,
        type: 'success',
      },
    }
  },
}
