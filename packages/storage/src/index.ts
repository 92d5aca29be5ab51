export * from './events/index.js';
export * from './meta/index.js';
export * from './ports.js';
export * from './spool/index.js';
