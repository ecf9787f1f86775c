import AdminJS, { type BaseProperty, type PropertyType } from 'adminjs'

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
    timestampsAsDatetimes(admin)
    if (process.env.ADMIN_JS_SKIP_BUNDLE !== 'true') {
      await admin.initialize()
    }
    return admin
  })()
  return prepared
}

type TypedProperty = BaseProperty & {
  typeConverter?: (databaseType: string) => PropertyType
  setTypeConverter?: (converter: (databaseType: string) => PropertyType) => void
}

/**
 * The Lucid adapter knows PostgreSQL's `timestamp with time zone` by no
 * name and treats it as text: its filter then compares a timestamp with
 * ILIKE, which PostgreSQL refuses (a 500 on every date filter of the
 * panel, found by the panel fuzz test). Every timestamp column is a
 * datetime here, on both databases, so date filters are ranges.
 */
function timestampsAsDatetimes(admin: AdminJS) {
  for (const resource of admin.resources) {
    for (const property of resource.properties() as TypedProperty[]) {
      const original = property.typeConverter
      if (!original || !property.setTypeConverter) continue
      property.setTypeConverter((databaseType) =>
        /^timestamp/i.test(databaseType) || /^datetime$/i.test(databaseType)
          ? 'datetime'
          : original(databaseType)
      )
    }
  }
}
