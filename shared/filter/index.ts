export type { AttrPath, AttributeInfo, AttributeLookup, CompareOp, FilterNode, FilterValue } from './types';
export { FilterEvaluationError, FilterParseError } from './errors';
export { parseAttrPath, parseFilter } from './parser';
export { printAttrPath, printFilter } from './printer';
export { compileFilter, matchesFilter } from './evaluate';
export * from './builder';
export * from './builder-schema';
