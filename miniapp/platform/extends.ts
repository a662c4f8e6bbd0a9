/**
 * Stand-in for `@babel/runtime/helpers/extends` in the mini-app bundles (aliased by scripts/build/miniapp.ts):
 * Babel's helper is `Object.assign` wherever that exists, as in every webview we support (Chrome 69), and
 * carries a fallback loop only for older engines.
 */
export default Object.assign;
