/** A CliIO for command tests that keeps what the command writes (`stdout`, `stderr`); `tty` says whether stderr is a terminal. */
import type { CliIO } from '../../server/cli/io.js';

export function captureIO(tty = false): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    stderrIsTTY: tty,
    env: {},
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}
