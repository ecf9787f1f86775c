import type AdminJS from 'adminjs'
import type { RecordJSON } from 'adminjs'
import type { AdminSessionUser } from '#admin/auth'

type PanelResult = {
  record?: RecordJSON & { baseError?: { type?: string } | null }
  records?: RecordJSON[]
  notice?: { type?: string }
}

/**
 * The property paths of a resource that reference the users.
 */
function userReferences(admin: AdminJS, resourceId: string): Set<string> {
  const paths = new Set<string>()
  let resource
  try {
    resource = admin.findResource(resourceId)
  } catch {
    return paths
  }
  for (const property of Object.values(resource.decorate().properties)) {
    if (property.referenceName() === 'users') {
      paths.add(property.propertyPath)
    }
  }
  return paths
}

/**
 * What a staff member (not an admin) may see of a referenced user: the
 * name only, with no link to the user's page (the Users resource is
 * refused to staff). AdminJS otherwise fills a reference with the whole
 * user record: e-mail, phone and address (issue 14, finding 15).
 */
function staffView(populated: RecordJSON): RecordJSON {
  const name = populated.params?.fullName
  return {
    id: populated.id,
    title: typeof name === 'string' && name ? name : `User #${populated.id}`,
    params: { id: populated.params?.id ?? populated.id, fullName: name ?? null },
    populated: {},
    errors: {},
    baseError: null,
    recordActions: [],
    bulkActions: [],
  }
}

function redactUserReferences(record: RecordJSON | undefined, paths: Set<string>) {
  if (!record?.populated) {
    return
  }
  for (const key of Object.keys(record.populated)) {
    const populated = record.populated[key]
    if (populated && paths.has(key.replace(/\.\d+$/, ''))) {
      record.populated[key] = staffView(populated)
    }
  }
}

/**
 * The answer of a panel API call as it leaves the app:
 * - an action AdminJS refused (its `isAccessible` said no) is a 403 in the
 *   error format, not a 200 with an error notice;
 * - for staff, references to users carry only the user's name.
 */
export function panelApiResponse(
  admin: AdminJS,
  resourceId: string | undefined,
  currentAdmin: AdminSessionUser | undefined,
  result: unknown
): { status: number; body: unknown } {
  const answer = result as PanelResult | null
  if (
    answer &&
    typeof answer === 'object' &&
    answer.notice?.type === 'error' &&
    answer.record?.baseError?.type === 'ForbiddenError'
  ) {
    return {
      status: 403,
      body: {
        errors: [
          {
            code: 'E_FORBIDDEN',
            message:
              'Your role may not do this in the panel (users and the audit log are for admins only)',
          },
        ],
      },
    }
  }
  if (answer && typeof answer === 'object' && resourceId && currentAdmin?.role !== 'admin') {
    const paths = userReferences(admin, resourceId)
    if (paths.size) {
      redactUserReferences(answer.record, paths)
      for (const record of answer.records ?? []) {
        redactUserReferences(record, paths)
      }
    }
  }
  return { status: 200, body: result }
}
