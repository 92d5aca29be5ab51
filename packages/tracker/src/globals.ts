/**
 * Short local names for the browser globals the tracker uses often: the minifier cannot rename a global,
 * but it renames these to one letter.
 */
export const doc = document;
export const loc = location;
export const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
// WebIDL calls a global's method with the global as `this` when it has none: the alias works unbound.
export const on = addEventListener;
// Date.now does not use `this` either.
export const now = Date.now;
export const stringify = JSON.stringify;
