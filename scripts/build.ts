/**
 * `npm run build`: bundles every function declared in s.yaml into its codeUri, then the mini-app.
 *
 *   tsx scripts/build.ts [--dist <dir>] [--function <name>]... [--functions-only | --miniapp-only]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError, buildFunctions } from './build/functions.js';
import { buildMiniapp } from './build/miniapp.js';
import { SYamlError } from '@lianban/fc-local';

interface Args {
  dist?: string;
  only?: string[];
  functions: boolean;
  miniapp: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { functions: true, miniapp: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dist') args.dist = argv[++i];
    else if (a === '--function') (args.only ??= []).push(argv[++i]);
    else if (a === '--functions-only') args.miniapp = false;
    else if (a === '--miniapp-only') args.functions = false;
    else throw new BuildError(`unknown argument ${a}`);
  }
  return args;
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const args = parseArgs(process.argv.slice(2));
  const distDir = path.resolve(args.dist ?? path.join(root, 'dist'));
  if (args.functions) await buildFunctions({ root, distDir, only: args.only });
  if (args.miniapp) await buildMiniapp({ root, outDir: path.join(distDir, 'miniapp') });
  console.log('build: done');
}

main().catch((e: unknown) => {
  if (e instanceof BuildError || e instanceof SYamlError) console.error(`build failed: ${e.message}`);
  else console.error('build failed:', e);
  process.exit(1);
});
