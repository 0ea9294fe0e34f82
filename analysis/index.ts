/**
 * The analysis layer's public surface, grouped by topic. Pure statistics: nothing here imports
 * from server/ or does I/O. Import from a method's own file inside analysis/; import from here
 * everywhere else.
 */

// Instrument and scoring
export type { ActionLevers, Instrument, Item, LikertRange, Scale, ScaleGroup, SegmentRules } from './instrument.js';
export { itemColumnsFromRows, keyedItems, respondentCount, scoreScales, type ItemColumns, type ItemRow } from './scoring.js';
export { cronbachAlpha, type AlphaResult, type ItemAlpha } from './cronbach-alpha.js';

// Moments and linear algebra
export { addBlock, addColumns, addRow, comoment, eachCompleteRow, emptyMoments, mergeMoments, momentsBuilder, momentsOfRows, type Moments } from './moments.js';
export { correlationMatrix, covarianceMatrix } from './covariance.js';
export { choleskySolve, extendCholesky } from './cholesky.js';
export { symmetricEigen, type SymmetricEigen } from './symmetric-eigen.js';
export { fitOls, type OlsFit } from './ols.js';
export { quantileSorted } from './quantile.js';
export { mulberry32 } from './random.js';

// Relative importance
export { MAX_SUBSET_PREDICTORS, subsetR2FromMoments, subsetR2Table } from './subset-r2.js';
export { conditionalGains } from './conditional-gains.js';
export { generalDominance, lmgShares, playerTable } from './lmg.js';
export { completeDominance, type CompleteDominance } from './dominance.js';
export { relativeWeights } from './relative-weights.js';
export {
  groupLmgShares,
  groupPlayers,
  importanceFromMoments,
  modelColumnIndices,
  relativeImportance,
  foldedMoments,
  crossValidated,
  type Columns,
  type ImportanceModel,
  type ImportanceOptions,
  type ImportanceResult,
  type Named,
} from './relative-importance.js';
export { CONDITION_LIMIT, ROWS_PER_PREDICTOR, conditionNumber, importanceWarnings } from './importance-warnings.js';
export { estimateImportance, type EstimateOptions, type EstimatedImportanceResult } from './importance-estimate.js';
export { sampledShapley, type SampledShapley } from './shapley-sampling.js';

// Uncertainty
export { DEFAULT_FOLDS, crossValidatedR2, foldAssigner, foldMomentsBuilder } from './cross-validation.js';
export { bootstrapImportance, type BootstrapOptions, type BootstrapResult, type Interval as BootstrapInterval } from './bootstrap-importance.js';
export { completeModelRows, decompositionDraws, decompositionOf, percentileInterval, type DecompositionDraws } from './decomposition-bootstrap.js';

// Multilevel lens
export { icc, iccFromSummaries, summarizeByUnit, type IccResult, type UnitLabels, type UnitSummaries } from './icc.js';
export { reml, remlCriterion, remlFromSummaries, remlScore, type RemlResult } from './reml.js';
export { rwgByScale, rwgByUnit, rwgJ, uniformNullVariance, type UnitAgreement } from './rwg.js';

// Anonymity
export { cell, cellUnless, mapCell, suppressedCell, type Cell } from './suppressed.js';
export { suppressGroups, type GroupCount } from './suppression.js';

// Data quality
export { qualityFlag, SECONDS_PER_ITEM, STRAIGHTLINE_MIN_ITEMS, type QualityFlag, type ResponseEffort } from './quality-flags.js';

// Segments and the action layer
export { segmentFlags, segmentShares, type SegmentFlags, type SegmentReport, type SegmentShares } from './segments.js';
export { importancePerformance, recommendWorkflow, type FactorPriority, type Lever, type Recommendation, type WorkflowFigures } from './priorities.js';

// The report
export type {
  Decomposition,
  FactorImportance,
  FullReport,
  GroupShare,
  Interval,
  MultilevelFigures,
  Report,
  ReportMeta,
  ScaleSummary,
  SuppressedReport,
  UnitRow,
  WorkflowRow,
} from './report.js';
export { buildReport, type ReportInput, type ReportResponse } from './build-report.js';
export { ALPHA_FLOOR, meanSd, summarizeScales } from './report-scales.js';
export { SPLIT_GROUPS, decomposeOutcome, headline, instrumentModel, type DecompositionOptions } from './report-decomposition.js';
export { ICC2_FLOOR, multilevelFor, multilevelOfRows } from './report-multilevel.js';
export { suppressUnits, unitCounts, unitNodes, unitsPart, type UnitInfo } from './report-units.js';
export { MIN_N_PER_PREDICTOR, workflowsPart } from './report-workflows.js';

// Waves
export { compareWaves, type WaveChange, type WaveComparison, type WaveOptions } from './waves.js';
