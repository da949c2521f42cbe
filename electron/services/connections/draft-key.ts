/**
 * The connection key of an unsaved draft (Test connection on a form not saved yet, or edited): one per
 * test, thrown away after it. Its exchanges are journaled in memory for this run only, never on disk,
 * so they are not offered as an "(earlier run)" connection and do not push real connections' journals
 * out of the kept sessions.
 */
export const DRAFT_KEY_PREFIX = 'draft:';

export const draftKey = (id: string): string => `${DRAFT_KEY_PREFIX}${id}`;

export const isDraftKey = (key: string): boolean => key.startsWith(DRAFT_KEY_PREFIX);
