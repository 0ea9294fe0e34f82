/**
 * Synthetic survey responses for the demo and for tests: pure, seeded, no I/O.
 *
 * The generative model (all latent variables standard normal unless stated; person i in team t):
 *
 * - Organizational scales k = 1..K share a common "operating model" factor C and have a specific part S_k.
 *   Both are split into a team random intercept and person noise with intra-class correlation ICC_ORG:
 *     C_i    = √icc·c_t    + √(1−icc)·ε_i
 *     S_ik   = √icc·s_tk   + √(1−icc)·ε_ik
 *     z_ik   = √ρ_org·C_i + √(1−ρ_org)·S_ik             (corr(z_k, z_l) = ρ_org, ICC(z_k) = icc)
 * - Individual scales j = 1..J are person-level only, loosely tied to C (training and habits follow the organization a little):
 *     D_i = γ·C_i + √(1−γ²)·ε_i ;  w_ij = √ρ_ind·D_i + √(1−ρ_ind)·ε_ij
 * - Outcome: y_i = Σ_k b_org,k·z_ik + Σ_j b_ind·w_ij + √V_NOISE·ε_i, with equal weights per group scaled so the
 *   organizational block has latent variance V_ORG and the individual block V_IND.
 * - Planted bottleneck (optional) in one workflow: there the organizational weights are multiplied by
 *   BOTTLENECK_ORG_BOOST (the lever's by BOTTLENECK_LEVER_BOOST on top) and the individual ones by BOTTLENECK_IND_DAMP,
 *   so organizational factors explain a larger share there and the lever matters most; after the outcome is drawn
 *   the lever's level is shifted by BOTTLENECK_SHIFT (clearly lower), so it ranks first by importance × distance to
 *   the top.
 * - The organizational share of the explained variance that LMG recovers from scale scores is therefore about two-thirds
 *   in the demo (n = 400 with the bottleneck: mean 0.69 over 40 seeds, 0.694 for DEMO_SEED, sampling range 0.59–0.85);
 *   the base model alone, V_ORG : V_IND = 0.30 : 0.21, gives about 0.56, and the bottleneck workflow about 0.9.
 * - Alignment: a_i = λ·z_i,goal + √(1−λ²)·ε_i, where "goal" is the organizational scale about leadership and goal
 *   clarity (id matching /goal|leader/, else the first organizational scale). Its Likert centre is set low and the
 *   usage scale's high so that about 25–35 % fall in the instrument's "misaligned" segment.
 * - Items: answer = round(μ_s + σ_s·(latent + item noise)), clipped to the Likert range; reverse-keyed items are
 *   stored flipped ((min + max) − answer), so scoring them back recovers the latent direction.
 * - Teams and workflows are assigned independently and balanced (each within one of n / count), role levels with
 *   weights halving down the instrument's list.
 */
import type { ActionLevers, Instrument, Scale } from '../../analysis/scales/instrument.js';
import { createPrng, type Prng } from './prng.js';

export type Lever = keyof ActionLevers;

export interface Bottleneck {
  readonly workflow: string;
  readonly lever: Lever;
}

export interface SyntheticOptions {
  readonly n: number;
  /** Team names; respondents are spread evenly over them. */
  readonly units: readonly string[];
  /** Workflow names; respondents are spread evenly over them. */
  readonly workflows: readonly string[];
  readonly seed: number;
  readonly bottleneck?: Bottleneck;
}

export interface SyntheticResponse {
  readonly unit: string;
  readonly workflow: string;
  readonly roleLevel: string;
  /** Item id → Likert answer as the respondent would have ticked it (reverse-keyed items not yet flipped back). */
  readonly answers: Record<string, number>;
}

/** The model's constants, exported so tests and documentation can name them. */
export const SYNTHETIC_MODEL = {
  ICC_ORG: 0.3,
  RHO_ORG: 0.35,
  RHO_IND: 0.35,
  GAMMA_IND_ON_ORG: 0.3,
  V_ORG: 0.3,
  V_IND: 0.21,
  V_NOISE: 0.4,
  ALIGNMENT_ON_GOALS: 0.6,
  ITEM_NOISE: 0.8,
  /** Latent SD in Likert points on a 5-point scale. */
  SIGMA: 0.75,
  CENTRE_ORG: [3.2, 3.0, 3.3, 2.9, 3.1],
  CENTRE_IND: 3.3,
  CENTRE_USAGE: 3.75,
  CENTRE_ALIGNMENT: 2.85,
  CENTRE_OUTCOME: 3.3,
  BOTTLENECK_SHIFT: -1.2,
  BOTTLENECK_ORG_BOOST: 1.4,
  BOTTLENECK_LEVER_BOOST: 3,
  BOTTLENECK_IND_DAMP: 0.5,
} as const;

const M = SYNTHETIC_MODEL;

/**
 * Draws `n` synthetic responses to `instrument` from the model above, reproducibly for a given seed.
 * Throws when n is not a positive integer, units or workflows are empty, the bottleneck names an unknown
 * workflow or lever scale, or the instrument lacks an organizational or outcome scale.
 */
export function generateResponses(instrument: Instrument, options: SyntheticOptions): SyntheticResponse[] {
  const { n, units, workflows, seed, bottleneck } = options;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer (got ${n})`);
  if (units.length === 0) throw new RangeError('give at least one unit (team) name');
  if (workflows.length === 0) throw new RangeError('give at least one workflow name');
  const byGroup = (g: Scale['group']) => instrument.scales.filter((s) => s.group === g);
  const org = byGroup('organizational');
  const ind = byGroup('individual');
  if (org.length === 0) throw new RangeError(`instrument "${instrument.id}" has no organizational scale`);
  if (byGroup('outcome').length === 0) throw new RangeError(`instrument "${instrument.id}" has no outcome scale`);
  let leverIndex = -1;
  if (bottleneck) {
    if (!workflows.includes(bottleneck.workflow)) {
      throw new RangeError(`bottleneck workflow "${bottleneck.workflow}" is not one of: ${workflows.join(', ')}`);
    }
    const leverScale = instrument.levers[bottleneck.lever];
    leverIndex = org.findIndex((s) => s.id === leverScale);
    if (leverIndex < 0)
      throw new RangeError(
        `lever "${bottleneck.lever}" names scale "${leverScale}", which is not an organizational scale`,
      );
  }
  const goalIndex = Math.max(
    0,
    org.findIndex((s) => /goal|leader/i.test(s.id)),
  );

  const rng = createPrng(seed);
  const K = org.length;
  const J = ind.length;
  const bOrg = Math.sqrt(M.V_ORG / (K + K * (K - 1) * M.RHO_ORG));
  const bInd = J === 0 ? 0 : Math.sqrt(M.V_IND / (J + J * (J - 1) * M.RHO_IND));
  const sIcc = Math.sqrt(M.ICC_ORG);
  const sWithin = Math.sqrt(1 - M.ICC_ORG);

  const teamCommon = units.map(() => rng.normal());
  const teamSpecific = units.map(() => Array.from({ length: K }, () => rng.normal()));
  const unitOf = rng.shuffle(Array.from({ length: n }, (_, i) => i % units.length));
  const workflowOf = rng.shuffle(Array.from({ length: n }, (_, i) => i % workflows.length));
  const pickRole = rolePicker(instrument.roleLevels, rng);

  const out: SyntheticResponse[] = [];
  for (let i = 0; i < n; i++) {
    const t = unitOf[i];
    const workflow = workflows[workflowOf[i]];
    const inBottleneck = bottleneck !== undefined && workflow === bottleneck.workflow;

    const C = sIcc * teamCommon[t] + sWithin * rng.normal();
    const z = new Array<number>(K);
    for (let k = 0; k < K; k++) {
      const S = sIcc * teamSpecific[t][k] + sWithin * rng.normal();
      z[k] = Math.sqrt(M.RHO_ORG) * C + Math.sqrt(1 - M.RHO_ORG) * S;
    }
    const D = M.GAMMA_IND_ON_ORG * C + Math.sqrt(1 - M.GAMMA_IND_ON_ORG ** 2) * rng.normal();
    const w = Array.from({ length: J }, () => Math.sqrt(M.RHO_IND) * D + Math.sqrt(1 - M.RHO_IND) * rng.normal());

    let y = Math.sqrt(M.V_NOISE) * rng.normal();
    for (let k = 0; k < K; k++) {
      let b = bOrg;
      if (inBottleneck) b *= M.BOTTLENECK_ORG_BOOST * (k === leverIndex ? M.BOTTLENECK_LEVER_BOOST : 1);
      y += b * z[k];
    }
    for (let j = 0; j < J; j++) y += bInd * (inBottleneck ? M.BOTTLENECK_IND_DAMP : 1) * w[j];
    const a = M.ALIGNMENT_ON_GOALS * z[goalIndex] + Math.sqrt(1 - M.ALIGNMENT_ON_GOALS ** 2) * rng.normal();
    // The bottleneck lowers the lever's level in its workflow after the outcome is drawn: a constant shift within the
    // workflow changes the lever's mean, not the variance it explains, and adds no between-workflow covariance
    // with the outcome that would inflate the organizational share of the whole sample.
    if (inBottleneck) z[leverIndex] += M.BOTTLENECK_SHIFT;

    const answers: Record<string, number> = {};
    let orgSeen = 0;
    let indSeen = 0;
    for (const scale of instrument.scales) {
      let latent: number;
      let centre: number;
      if (scale.group === 'organizational') {
        latent = z[orgSeen];
        centre = M.CENTRE_ORG[orgSeen % M.CENTRE_ORG.length];
        orgSeen++;
      } else if (scale.group === 'individual') {
        latent = w[indSeen++];
        centre = scale.id === instrument.segments.misaligned.usageScale ? M.CENTRE_USAGE : M.CENTRE_IND;
      } else if (scale.group === 'outcome') {
        latent = y;
        centre = M.CENTRE_OUTCOME;
      } else {
        latent = a;
        centre = M.CENTRE_ALIGNMENT;
      }
      for (const item of scale.items) answers[item.id] = drawItem(instrument, centre, latent, item.reverse, rng);
    }
    out.push({ unit: units[t], workflow, roleLevel: pickRole(), answers });
  }
  return out;
}

/** One Likert answer: the 5-point centre and spread mapped onto the instrument's range, rounded and clipped. */
function drawItem(instrument: Instrument, centre5: number, latent: number, reverse: boolean, rng: Prng): number {
  const { min, max } = instrument.likert;
  const stretch = (max - min) / 4;
  const raw = min + (centre5 - 1) * stretch + M.SIGMA * stretch * (latent + M.ITEM_NOISE * rng.normal());
  const v = Math.min(max, Math.max(min, Math.round(raw)));
  return reverse ? min + max - v : v;
}

/** Role levels with weights 1, 1/2, 1/4, …: the instrument lists them from the most common (individual contributor) up. */
function rolePicker(levels: readonly string[], rng: Prng): () => string {
  if (levels.length === 0) return () => '';
  const weights = levels.map((_, i) => 0.5 ** i);
  const total = weights.reduce((s, x) => s + x, 0);
  return () => {
    let u = rng.uniform() * total;
    for (let i = 0; i < levels.length; i++) {
      u -= weights[i];
      if (u < 0) return levels[i];
    }
    return levels[levels.length - 1];
  };
}
