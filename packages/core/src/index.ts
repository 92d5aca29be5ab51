export * from './drop.js';
export * from './errors.js';
export * from './event-row.js';
export * from './hit.js';
export * from './pipeline.js';
export * from './site.js';
export * from './reports/index.js';
export * from './time/zoned.js';
