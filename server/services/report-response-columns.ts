/**
 * The report builder's response columns (analysis/report/report-responses.ts `ResponseColumns`) from
 * the columns read from the database (data/report-rows.ts): unit ids become indices into the
 * organization's units, in the order of `units`. No object per response.
 */
import type { ResponseColumns } from '../../analysis/report/report-responses.js';
import type { ReportData } from '../data/report-rows.js';
import type { Unit } from '../data/units.js';

/** Throws, naming the response, when one names a unit that is not among `units`. */
export function responseColumns(data: ReportData, units: readonly Unit[]): ResponseColumns {
  const indexOf = new Map(units.map((u, i) => [u.id, i]));
  const unit = new Int32Array(data.n);
  for (let r = 0; r < data.n; r++) {
    const id = data.unitIds[r];
    if (id < 0) unit[r] = -1;
    else {
      const i = indexOf.get(id);
      if (i === undefined)
        throw new RangeError(`response ${r} names unit ${id}, which is not among the organization's units`);
      unit[r] = i;
    }
  }
  return {
    unit,
    workflow: data.workflowCodes,
    workflows: data.workflows,
    comments: data.comments,
    groups: data.groups,
  };
}
