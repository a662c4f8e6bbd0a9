// Progress for long steps (build, provisioning, seeding). On a terminal one line is rewritten in place
// ("seed: staff 120/205"); otherwise (CI, logs, tests) only the finished line is written.
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** Shows `done/total` for `label`. */
  update(label: string, done: number, total: number): void;
  /** Ends the current progress line with a final text. */
  done(text: string): void;
  /** Writes a whole line, ending any progress line first. */
  line(text: string): void;
}

export function createProgress(prefix: string, out: Output): Progress {
  let open = false;
  const clear = () => {
    if (open) out.write('\r\x1b[2K');
    open = false;
  };
  return {
    update(label, done, total) {
      if (!out.isTTY) return;
      out.write(`\r\x1b[2K${prefix}: ${label} ${done}/${total}`);
      open = true;
    },
    done(text) {
      clear();
      out.write(`${prefix}: ${text}\n`);
    },
    line(text) {
      clear();
      out.write(`${text}\n`);
    },
  };
}
