/**
 * The lazily loaded half of the code layer: everything that imports CodeMirror. Only reached through
 * `loadCodeMirror()` (a dynamic import), so none of it is in the first screen's bundle.
 */
export { mountJson, type JsonHandle, type JsonOptions } from './jsonCode';
export { mountLine, type LineHandle, type LineOptions } from './lineEditor';
