// Two fixes the local stack applies to the function bundles of `npm run build` before serving them. Both
// belong in scripts/build/functions.ts; each is a no-op once the build does it, and says so when it applies.
//
// 1. Module type. The bundles are CommonJS (`exports.handler`, as FC loads them), but inside this repository
//    the nearest package.json says "type": "module", so Node loads dist/functions/<fn>/index.js as ESM and
//    finds no exports ("Handler 'initialize' is missing"). A package.json {"type":"commonjs"} in the function
//    folder restores what FC sees.
// 2. Strict mode. esbuild reads tsconfig.json ("strict": true → alwaysStrict) and starts the CJS bundle with
//    "use strict", which then covers the bundled `tablestore` SDK too; the SDK assigns undeclared variables
//    (`for (key in …)` in plain_buffer_builder.js), so every Tablestore call throws "ReferenceError: key is
//    not defined". The build should pass `tsconfigRaw: {}` (no alwaysStrict) for function bundles. Here the
//    directive is replaced by a string of the same length, so the source map stays exact.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const STRICT = '"use strict";';
const INERT = '"use sloppy";'; // same length: not a directive, an ignored expression statement

export function fixFunctionBundle(codeDir: string, handlerFile: string, log: (line: string) => void): void {
  const pkg = path.join(codeDir, 'package.json');
  if (!existsSync(pkg)) {
    writeFileSync(pkg, '{ "type": "commonjs" }\n');
    log(`build fix: ${path.basename(codeDir)}: added package.json {"type":"commonjs"} (the repository is "type": "module")`);
  }
  const bundle = path.join(codeDir, `${handlerFile}.js`);
  if (!existsSync(bundle)) return;
  const text = readFileSync(bundle, 'utf8');
  if (text.startsWith(STRICT)) {
    writeFileSync(bundle, INERT + text.slice(STRICT.length));
    log(`build fix: ${path.basename(codeDir)}: removed the bundle-wide "use strict" (the bundled tablestore SDK is not strict-mode code)`);
  }
}
