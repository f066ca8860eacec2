export * from './regions';
export * from './layers';
export * from './water';
export * from './housing';
export * from './admin';
export * from './imports';
export * from './jobs';
export * from './rectification';
