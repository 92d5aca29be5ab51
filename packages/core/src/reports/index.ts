export * from './catalogue.js';
export * from './definitions.js';
export * from './hierarchy.js';
export * from './labels.js';
export * from './periods.js';
export * from './segments.js';
export * from './sql.js';
export * from './visit-log.js';
