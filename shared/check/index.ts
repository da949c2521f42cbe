export * from './types';
export * from './write-plan';
