/**
 * Reading back how Chart.js laid out each chart on the page: its layout padding, where its scales sit,
 * its category tick labels (as drawn, lines joined) and the scatter's point-label boxes that
 * public/js/report-charts.js keeps on the chart. Evaluated as plain ES5 source, like canvas.ts.
 */
import type { Page } from 'playwright-core';

export interface ChartLayout {
  readonly id: string;
  readonly width: number;
  readonly padding: Record<string, number>;
  readonly scales: { left: number; right: number }[];
  /** The scatter's label boxes (null when the chart keeps none) and its number of points (0 for bars). */
  readonly labels: { x: number; y: number; w: number; h: number; text: string }[] | null;
  readonly points: number;
  /** A bar chart's category axis: the data's names, the tick labels drawn, their most lines, and the room per category. */
  readonly category: { horizontal: boolean; names: string[]; ticks: string[]; lines: number; band: number } | null;
}

const CHART_LAYOUTS = `Array.from(document.querySelectorAll('canvas[data-chart]')).map(function (c) {
  var chart = window.Chart.getChart(c);
  var category = null;
  if (chart.config.type === 'bar') {
    var cat = chart.options.indexAxis === 'y' ? chart.scales.y : chart.scales.x;
    var lines = cat.ticks.map(function (t) { return [].concat(t.label).length; });
    category = {
      horizontal: cat.axis === 'y',
      names: chart.data.labels,
      ticks: cat.ticks.map(function (t) { return [].concat(t.label).join(' '); }),
      lines: Math.max.apply(null, lines),
      band: (cat.axis === 'y' ? cat.height : cat.width) / chart.data.labels.length,
    };
  }
  return {
    id: c.id,
    width: chart.width,
    padding: chart.options.layout.padding,
    scales: Object.keys(chart.scales).map(function (k) { return { left: chart.scales[k].left, right: chart.scales[k].right }; }),
    labels: chart.$readinessLabels || null,
    points: chart.config.type === 'scatter' ? chart.data.datasets[0].data.length : 0,
    category: category,
  };
})`;

export async function chartLayouts(page: Page): Promise<ChartLayout[]> {
  return (await page.evaluate(CHART_LAYOUTS)) as ChartLayout[];
}
