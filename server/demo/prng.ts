/**
 * A small seeded pseudo-random source for the demo data: reproducible across machines and
 * Node versions because it uses only 32-bit integer arithmetic and Math.log/sqrt/cos.
 */

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
 * mulberry32 (Tommy Ettinger, 2017): a 32-bit state generator with period 2^32, plenty for a few
 * thousand draws. Normals by the Box–Muller transform (Box & Muller 1958), the second value cached.
 * Throws when the seed is not a finite number.
 */
export function createPrng(seed: number): Prng {
  if (!Number.isFinite(seed)) throw new RangeError(`the seed must be a finite number (got ${seed})`);
  let state = Math.trunc(seed) >>> 0;
  let spare: number | null = null;

  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

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
