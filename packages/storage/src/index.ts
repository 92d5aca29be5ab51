export * from './ports.js';
export * from './spool/index.js';
