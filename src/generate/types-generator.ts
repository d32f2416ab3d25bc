// The one seam to openapi-typescript (frozen upstream): swapping the type generator
// means rewriting this file and nothing else.
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

const HEADER = `/**
 * Generated from spec/ by \`npm run generate\`. Do not edit by hand:
 * \`npm run check\` fails when this file no longer matches the spec.
 */

`;

/** TypeScript declarations (`paths`, `components`, `operations`) for a bundled spec. */
export async function generateTypeScript(bundledSpec: object): Promise<string> {
  const ast = await openapiTS(bundledSpec as OpenAPI3, {
    alphabetize: false,
    exportType: false,
    silent: true,
  });
  return HEADER + astToString(ast);
}
