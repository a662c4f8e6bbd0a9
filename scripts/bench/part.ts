// The contract between `scripts/bench/run.ts` and each benchmark part.

export interface BenchOptions {
  /** Seconds per measured phase (parts may scale it). */
  seconds: number;
  /** Processes the SDK clients are spread over (parts that fork clients). */
  clientProcesses: number;
}

export interface BenchPart {
  /** Part name: the CLI argument and the BENCHMARKS.md section marker. */
  name: string;
  /** Section heading in BENCHMARKS.md. */
  title: string;
  /** Runs the measurement and returns the Markdown body of the part's section. */
  run(options: BenchOptions): Promise<string>;
}
