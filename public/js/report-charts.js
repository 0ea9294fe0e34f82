/*
 * Draws the report's charts with Chart.js (served at /vendor/chart.js/chart.umd.js, global `Chart`).
 * Each <canvas data-chart="ID"> reads its data from <script type="application/json" id="ID">, written by
 * server/routes/staff/report-charts.ts. No inline script anywhere: the Content-Security-Policy forbids it.
 * Two small plugins: whiskers (bootstrap intervals on bars) and point labels (the scatter's factor names).
 */
(function () {
  'use strict';
  if (typeof window.Chart !== 'function') return;
  var Chart = window.Chart;
  var TEXT = '#1b1f24';
  var GRID = '#d0d7de';

  /** Bars' [lower, upper] intervals, drawn as an I-beam across each bar's value axis. */
  var whiskerPlugin = {
    id: 'readinessWhiskers',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var horizontal = chart.options.indexAxis === 'y';
      var valueScale = horizontal ? chart.scales.x : chart.scales.y;
      chart.data.datasets.forEach(function (dataset, i) {
        if (!dataset.whiskers) return;
        var meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        ctx.save();
        ctx.strokeStyle = TEXT;
        ctx.lineWidth = 1.5;
        meta.data.forEach(function (bar, j) {
          var w = dataset.whiskers[j];
          if (!w) return;
          var lo = valueScale.getPixelForValue(w[0]);
          var hi = valueScale.getPixelForValue(w[1]);
          var centre = horizontal ? bar.y : bar.x;
          var cap = 5;
          ctx.beginPath();
          if (horizontal) {
            ctx.moveTo(lo, centre);
            ctx.lineTo(hi, centre);
            ctx.moveTo(lo, centre - cap);
            ctx.lineTo(lo, centre + cap);
            ctx.moveTo(hi, centre - cap);
            ctx.lineTo(hi, centre + cap);
          } else {
            ctx.moveTo(centre, lo);
            ctx.lineTo(centre, hi);
            ctx.moveTo(centre - cap, lo);
            ctx.lineTo(centre + cap, lo);
            ctx.moveTo(centre - cap, hi);
            ctx.lineTo(centre + cap, hi);
          }
          ctx.stroke();
        });
        ctx.restore();
      });
    },
  };

  /** Writes each scatter point's label beside it, so the chart reads without hovering. */
  var pointLabelPlugin = {
    id: 'readinessPointLabels',
    afterDatasetsDraw: function (chart) {
      if (chart.config.type !== 'scatter') return;
      var ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = TEXT;
      ctx.font = '13px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      var placed = [];
      var overlaps = function (box) {
        return placed.some(function (p) {
          return box.x < p.x + p.w && p.x < box.x + box.w && box.y < p.y + p.h && p.y < box.y + box.h;
        });
      };
      chart.data.datasets.forEach(function (dataset, i) {
        chart.getDatasetMeta(i).data.forEach(function (point, j) {
          var label = dataset.data[j] && dataset.data[j].label;
          if (!label) return;
          var width = ctx.measureText(label).width;
          var right = point.x + 8 + width <= chart.chartArea.right;
          var box = { x: right ? point.x + 8 : point.x - 8 - width, y: point.y - 8, w: width, h: 16 };
          // Move a label down (then up) in 16 px steps until it overlaps no label placed before it.
          for (var step = 1; overlaps(box) && step < 12; step++)
            box.y = point.y - 8 + (step % 2 ? 1 : -1) * Math.ceil(step / 2) * 16;
          placed.push(box);
          ctx.textAlign = 'left';
          ctx.fillText(label, box.x, box.y + 8);
        });
      });
      ctx.restore();
    },
  };

  function percentTick(value) {
    return value + '%';
  }

  function barConfig(spec) {
    var valueAxis = {
      stacked: spec.stacked,
      min: spec.valueAxis.min,
      max: spec.valueAxis.max,
      title: { display: true, text: spec.valueAxis.title, color: TEXT },
      ticks: { callback: percentTick, color: TEXT },
      grid: { color: GRID },
    };
    var categoryAxis = { stacked: spec.stacked, ticks: { color: TEXT, autoSkip: false }, grid: { display: false } };
    return {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d) {
          return {
            label: d.label,
            data: d.data,
            backgroundColor: d.colors,
            borderColor: '#ffffff',
            borderWidth: spec.stacked ? 1 : 0,
            whiskers: d.whiskers,
          };
        }),
      },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { display: spec.datasets.length > 1, labels: { color: TEXT } },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ': ' + item.formattedValue + '%';
              },
            },
          },
        },
      },
    };
  }

  function scatterConfig(spec) {
    return {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'Organizational factors',
            data: spec.points,
            backgroundColor: '#0b5cad',
            pointRadius: 6,
            pointHoverRadius: 8,
          },
        ],
      },
      options: {
        scales: {
          x: {
            min: spec.x.min,
            max: spec.x.max,
            title: { display: true, text: spec.x.title, color: TEXT },
            ticks: { color: TEXT },
            grid: { color: GRID },
          },
          y: {
            min: spec.y.min,
            max: spec.y.max,
            title: { display: true, text: spec.y.title, color: TEXT },
            ticks: { callback: percentTick, color: TEXT },
            grid: { color: GRID },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.raw.label + ': mean ' + item.raw.x + ', importance ' + item.raw.y + '%';
              },
            },
          },
        },
      },
    };
  }

  var charts = [];
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    if (!spec) return;
    var config = spec.kind === 'scatter' ? scatterConfig(spec) : barConfig(spec);
    config.options.animation = false;
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    config.plugins = [whiskerPlugin, pointLabelPlugin];
    charts.push(new Chart(canvas, config));
  });

  // Printing (or saving as PDF): charts fit the paper, and their tables print open beside them.
  var closedForPrint = [];
  window.addEventListener('beforeprint', function () {
    closedForPrint = Array.prototype.filter.call(document.querySelectorAll('details.chart__table'), function (d) {
      return !d.open;
    });
    closedForPrint.forEach(function (d) {
      d.open = true;
    });
    charts.forEach(function (c) {
      c.resize();
    });
  });
  window.addEventListener('afterprint', function () {
    closedForPrint.forEach(function (d) {
      d.open = false;
    });
    closedForPrint = [];
    charts.forEach(function (c) {
      c.resize();
    });
  });

  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  });
})();
