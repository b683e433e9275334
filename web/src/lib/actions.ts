/**
 * Whether the API offers the caller this command on the record. Every record the API returns carries
 * `actions`: the commands the caller may take next, given the record's state and the caller's role, as
 * the server's deciders and permission matrix say. The console shows a command's button or form only
 * when its action is listed, so it copies neither the business rule nor the permission check. The
 * action is typed by the record's generated `…Action` union: an action renamed on the server fails the
 * console's type check.
 */
export const offers = <R extends { actions: readonly string[] }>(
  record: R | undefined,
  action: R['actions'][number],
): boolean => !!record?.actions.includes(action);

/** Whether the API offers the caller any of these commands on the record. */
export const offersAny = <R extends { actions: readonly string[] }>(
  record: R | undefined,
  ...actions: R['actions'][number][]
): boolean => actions.some((action) => offers(record, action));
