export * from './command';
export * from './har';
export * from './diff';
