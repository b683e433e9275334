/**
 * The permission matrix: which role may do what. Routes name one permission each (in the app manifest);
 * the console hides what a role may not do using the same matrix, served by `GET /api/me`.
 */
export const ROLES = ['owner', 'admin', 'manager', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'catalog:read',
  'catalog:write',
  'customers:read',
  'customers:write',
  'orders:read',
  'orders:write',
  'orders:cancel',
  'events:read',
  'backups:read',
  'backups:run',
  'backups:restore',
  'exports:run',
  // Security and audit (functions/api/{audit,security,users}): owners and admins only.
  'audit:read',
  'audit:export',
  'security:read',
  'security:manage',
  'users:read',
  'users:manage',
  // The business's contexts (domain/*): everyone reads, managers run operations.
  'leads:read',
  'leads:write',
  'quotes:read',
  'quotes:write',
  'payments:write',
  'production:read',
  'production:write',
  'delivery:read',
  'delivery:write',
  'inventory:read',
  'inventory:write',
  'purchasing:read',
  'purchasing:write',
  'marketing:read',
  'marketing:write',
  'reports:read',
  // Saving and changing report definitions (functions/api/reports); which data a report shows still
  // depends on the reader's own read permissions, dataset by dataset.
  'reports:edit',
  // A saved report's schedule (delivery by email and webhook) and runs by hand; its shares and share
  // links (readable without signing in until they expire). Holding one still needs the right to change
  // that report (its owner, an owner or admin, or an editor it is shared with).
  'reports:schedule',
  'reports:share',
  // Money decisions a second pair of eyes makes: owners and admins only.
  'discounts:approve',
  'payments:refund',
  // The integration hub (functions/api/integrations): credentials are owners' and admins' business.
  'integrations:read',
  'integrations:manage',
  // Every signed-in person's own notification centre (nobody reads another's).
  'notifications:read',
  // The platform's own health (functions/api/monitoring): managers see it, owners and admins act on alerts.
  'monitoring:read',
  'monitoring:manage',
  // Workflow automation (functions/api/workflows): everyone reads, managers build and run them. Publishing
  // grants a workflow's command steps permissions, never more than the publisher holds.
  'workflows:read',
  'workflows:edit',
  'workflows:publish',
  'workflows:run',
  // Tasks workflows create for a role: each person sees those for their own role; viewers only read.
  'tasks:read',
  'tasks:complete',
  // Insights (functions/api/insights): everyone who reads the business reads them; managers act on them.
  'insights:read',
  'insights:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = [
  'catalog:read',
  'customers:read',
  'orders:read',
  'leads:read',
  'quotes:read',
  'production:read',
  'delivery:read',
  'inventory:read',
  'purchasing:read',
  'marketing:read',
  'reports:read',
  'workflows:read',
  'insights:read',
];
const OPERATIONS: Permission[] = [
  'leads:write',
  'quotes:write',
  'payments:write',
  'production:write',
  'delivery:write',
  'inventory:write',
  'purchasing:write',
  'marketing:write',
];

/** What everyone holds over their own things. */
const OWN: Permission[] = ['notifications:read', 'tasks:read'];

export const MATRIX: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS,
  manager: [
    ...READ,
    'catalog:write',
    'customers:write',
    'orders:write',
    'orders:cancel',
    'events:read',
    'exports:run',
    'integrations:read',
    'monitoring:read',
    'workflows:edit',
    'workflows:publish',
    'workflows:run',
    'tasks:complete',
    'reports:edit',
    'reports:schedule',
    'reports:share',
    'insights:manage',
    ...OPERATIONS,
    ...OWN,
  ],
  // An export also needs read permission on what it exports (see functions/export/sources.ts).
  analyst: [
    ...READ,
    'events:read',
    'exports:run',
    'integrations:read',
    'tasks:complete',
    'reports:edit',
    'reports:schedule',
    'reports:share',
    ...OWN,
  ],
  viewer: [...READ, ...OWN],
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** A user in several groups acts with the most powerful one; ROLES is ordered from most to least. */
export const effectiveRole = (groups: readonly string[]): Role | undefined =>
  ROLES.find((role) => groups.includes(role));

export const can = (role: string, permission: Permission): boolean =>
  isRole(role) && MATRIX[role].includes(permission);

export const permissionsOf = (role: string): readonly Permission[] => (isRole(role) ? MATRIX[role] : []);

/** The role of a caller that is an API key (functions/access/api-keys.ts): it holds the key's permissions. */
export const API_KEY_ROLE = 'api-key';

/**
 * The role of a workflow's command steps (`workflow:<workflowId>`): they hold the permissions its
 * version was published with (never more than its publisher held).
 */
export const WORKFLOW_ROLE = 'workflow';

/** Callers that are no one's session: they carry their own permissions instead of a role's row. */
export const isServiceRole = (role: string): boolean => role === API_KEY_ROLE || role === WORKFLOW_ROLE;

/**
 * Whether a caller may do something: a person by their role's row of the matrix, an API key or a
 * workflow by the permissions it was given (a subset of its issuer's or publisher's), nothing more.
 */
export const allows = (
  caller: { role: string; permissions?: readonly string[] },
  permission: Permission,
): boolean =>
  isServiceRole(caller.role) ? (caller.permissions ?? []).includes(permission) : can(caller.role, permission);
