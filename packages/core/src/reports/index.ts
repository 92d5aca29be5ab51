export * from './definitions.js';
export * from './periods.js';
export * from './sql.js';
