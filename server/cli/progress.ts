/**
 * Progress bars for long CLI runs (bootstrap resamples), drawn with cli-progress on the command's
 * stderr and only when that is a terminal, so --json output and pipes stay clean.
 */
import { SingleBar } from 'cli-progress';
import type { CliIO } from './io.js';

/** `onProgress(done, total)` drawing `label [####    ] done/total` on io's stderr; undefined unless stderr is a TTY. */
export function progressBar(io: CliIO, label: string): ((done: number, total: number) => void) | undefined {
  if (!io.stderrIsTTY) return undefined;
  // cli-progress writes cursor moves and text to a stream: route it through io so tests can capture it.
  const stream = {
    isTTY: true,
    columns: 100,
    write: (text: string) => (io.err(text), true),
  } as unknown as NodeJS.WritableStream;
  const bar = new SingleBar({
    stream,
    format: `${label} [{bar}] {value}/{total}`,
    barsize: 20,
    barCompleteChar: '#',
    barIncompleteChar: ' ',
    hideCursor: false,
    fps: 10,
  });
  let started = false;
  return (done, total) => {
    if (!started) {
      bar.start(total, 0);
      started = true;
    }
    bar.update(done);
    if (done >= total) bar.stop();
  };
}
