export * from './urns';
export * from './types';
export * from './core-schemas';
export * from './attribute-lookup';
export * from './learned';
export * from './writable';
