// The child process of the throughput part's profiled run: one level (in flight, cases) on a fresh stack, then exit;
// `node --cpu-prof` writes the profiles of every thread at exit.
import { profiledLevel } from './throughput';

await profiledLevel(Number(process.argv[2]), Number(process.argv[3]));
process.exit(0);
