import AdminJS from 'adminjs'

let prepared: Promise<AdminJS> | undefined

/**
 * Makes AdminJS and bundles its components (once per process), unless
 * ADMIN_JS_SKIP_BUNDLE=true (reuse the bundle already in .adminjs/).
 */
export function prepareAdmin(container: {
  make(binding: typeof AdminJS): Promise<AdminJS>
}): Promise<AdminJS> {
  prepared ??= (async () => {
    const admin = await container.make(AdminJS)
    if (process.env.ADMIN_JS_SKIP_BUNDLE !== 'true') {
      await admin.initialize()
    }
    return admin
  })()
  return prepared
}
