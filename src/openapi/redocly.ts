// Redocly's openapi-core, behind this one file: the rest of the toolkit imports it from here.
//
// Why: as published, it is some 400 ES modules, and Node 20 has no compile cache, so
// every process that lints or bundles (each CLI command, the generate worker) spent about
// 0.25 s finding, reading and linking them. The build (scripts/bundle-vendors.js) replaces
// this module's output in dist/ with one file that holds Redocly and its dependencies,
// made by esbuild from the installed package: the same code, read and linked at once. Run
// from the sources (tsx, the tests' own imports), this file re-exports the package itself.
export { BaseResolver, Source, YamlParseError, bundle, createConfig, formatProblems, getLineColLocation, getTotals, isAbsoluteUrl, lint, loadConfig, xmlEscape } from '@redocly/openapi-core';
export type { Config, Document, NormalizedProblem, OutputFormat } from '@redocly/openapi-core';
