export * from './auth/access.js';
export * from './auth/passwords.js';
export * from './auth/tokens.js';
export * from './config.js';
export * from './lock.js';
export * from './server.js';
