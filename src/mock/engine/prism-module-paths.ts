/**
 * The Prism modules the engine loads, by the names it takes them under: prism-modules.ts
 * requires them, and the build bundles them (scripts/bundle-vendors.js reads this list from
 * dist/), so the two cannot drift apart.
 */
export const PRISM_MODULE_PATHS = {
  http: '@stoplight/prism-http',
  core: '@stoplight/prism-core',
  mocker: '@stoplight/prism-http/dist/mocker/index.js',
  validator: '@stoplight/prism-http/dist/validator/index.js',
  validatorSpec: '@stoplight/prism-http/dist/validator/utils/spec.js',
  router: '@stoplight/prism-http/dist/router/index.js',
  httpConfig: '@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js',
  serialize: '@stoplight/prism-http-server/dist/serialize.js',
} as const;
