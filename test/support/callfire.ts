/**
 * Calls of one large CallFire campaign seeded in the test sandboxes: more than two pages of
 * 1000, so paging at CallFire's largest page size is exercised end to end.
 */
export const CALLFIRE_BULK_CALLS = 2150;
