export * from './rows';
export * from './compare';
export * from './mapping';
export * from './plan';
export { bulkIdFor } from './plan-members';
export { PlanProblem } from './plan-ops';
export { extensionUrnsOf } from './schema';
export * from './export';
export * from './undo';
