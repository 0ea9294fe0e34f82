/**
 * A small seeded pseudo-random source for the demo data: reproducible across machines and
 * Node versions because it uses only 32-bit integer arithmetic and Math.log/sqrt/cos.
 */
import { mulberry32 } from '../../analysis/linear/random.js';

export interface Prng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A new array with the elements of `xs` in random order (Fisher–Yates). */
  shuffle<T>(xs: readonly T[]): T[];
}

/**
 * Uniforms from mulberry32 (Tommy Ettinger, 2017; period 2^32, plenty for a few thousand draws).
 * Normals by the Box–Muller transform (Box & Muller 1958), the second value cached.
 * Throws when the seed is not a finite number.
 */
export function createPrng(seed: number): Prng {
  if (!Number.isFinite(seed)) throw new RangeError(`the seed must be a finite number (got ${seed})`);
  // The same generator the analysis resamples with (analysis/linear/random.ts).
  const uniform = mulberry32(Math.trunc(seed));
  let spare: number | null = null;

  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = uniform();
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`int(n) needs a positive integer n (got ${n})`);
    return Math.floor(uniform() * n);
  };

  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = xs.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };

  return { uniform, normal, int, shuffle };
}
