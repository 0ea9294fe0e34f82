/** The audit log's sentence for a change to a redesign plan (services/redesign-plans.ts writes them). */
export function describePlanEvent(action: 'plan.create' | 'plan.update', d: Readonly<Record<string, unknown>>): string {
  const what = `the redesign plan for "${String(d.workflow)}"`;
  if (action === 'plan.create') return `Started ${what}`;
  switch (d.change) {
    case 'status':
      return `Set the status of ${what} from ${String(d.from).replace('_', ' ')} to ${String(d.to).replace('_', ' ')}`;
    case 'note':
      return `Added a note to ${what}`;
    case 'metric':
      return `Entered ${Number(d.periods)} business metric value(s) of ${what}`;
    default:
      return `Edited ${what}`;
  }
}
