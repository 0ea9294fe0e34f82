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

  /**
   * Writes each scatter point's label beside it, so the chart reads without hovering. Each label tries
   * places around its point (right, left, above, below, then further up and down) and takes the first
   * that stays inside the canvas and overlaps no label placed before it nor any point; the boxes are
   * kept on the chart (chart.$readinessLabels) for the browser tests.
   */
  var pointLabelPlugin = {
    id: 'readinessPointLabels',
    afterDatasetsDraw: function (chart) {
      if (chart.config.type !== 'scatter') return;
      var ctx = chart.ctx;
      var size = chart.width < 480 ? 11 : 13;
      var h = size + 3;
      ctx.save();
      ctx.fillStyle = TEXT;
      ctx.font = size + 'px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      var points = [];
      chart.data.datasets.forEach(function (dataset, i) {
        chart.getDatasetMeta(i).data.forEach(function (point) {
          points.push({ x: point.x - 7, y: point.y - 7, w: 14, h: 14 });
        });
      });
      var placed = [];
      var hits = function (box, other) {
        return (
          box.x < other.x + other.w && other.x < box.x + box.w && box.y < other.y + other.h && other.y < box.y + box.h
        );
      };
      var clash = function (box) {
        if (box.x < 0 || box.x + box.w > chart.width || box.y < 0 || box.y + box.h > chart.height) return 1000;
        var n = 0;
        placed.forEach(function (p) {
          if (hits(box, p)) n += 10;
        });
        points.forEach(function (p) {
          if (hits(box, p)) n += 1;
        });
        return n;
      };
      chart.data.datasets.forEach(function (dataset, i) {
        chart.getDatasetMeta(i).data.forEach(function (point, j) {
          var label = dataset.data[j] && dataset.data[j].label;
          if (!label) return;
          var w = Math.ceil(ctx.measureText(label).width);
          var candidates = [
            { x: point.x + 9, y: point.y - h / 2 },
            { x: point.x - 9 - w, y: point.y - h / 2 },
            { x: point.x - w / 2, y: point.y - 9 - h },
            { x: point.x - w / 2, y: point.y + 9 },
          ];
          for (var step = 1; step <= 6; step++)
            [-1, 1].forEach(function (dir) {
              var dy = dir * (9 + h * step);
              candidates.push({ x: point.x + 9, y: point.y - h / 2 + dy });
              candidates.push({ x: point.x - 9 - w, y: point.y - h / 2 + dy });
              candidates.push({ x: point.x - w / 2, y: point.y - h / 2 + dy });
            });
          var best = null;
          var bestScore = Infinity;
          for (var c = 0; c < candidates.length && bestScore > 0; c++) {
            var box = {
              // keep the label inside the canvas horizontally, whatever side it is on
              x: Math.max(0, Math.min(chart.width - w, candidates[c].x)),
              y: candidates[c].y,
              w: w,
              h: h,
              text: label,
            };
            var score = clash(box);
            if (score < bestScore) {
              best = box;
              bestScore = score;
            }
          }
          placed.push(best);
          ctx.fillText(label, best.x, best.y + h / 2);
        });
      });
      chart.$readinessLabels = placed;
      ctx.restore();
    },
  };

  /**
   * A category tick label broken into lines of at most `max` characters (at word boundaries) on narrow
   * charts, so long unit and factor names wrap instead of being cut off at the canvas edge.
   */
  function wrapTick(max) {
    return function (value) {
      var label = String(this.getLabelForValue(value));
      if (this.chart.width >= 560 || label.length <= max) return label;
      var lines = [];
      label.split(' ').forEach(function (word) {
        var last = lines[lines.length - 1];
        if (last !== undefined && (last + ' ' + word).length <= max) lines[lines.length - 1] = last + ' ' + word;
        else lines.push(word);
      });
      return lines;
    };
  }

  function percentTick(value) {
    return value + '%';
  }

  function barConfig(spec) {
    // Percentages unless the spec names another unit ('' for plain numbers such as priorities).
    var unit = typeof spec.valueAxis.unit === 'string' ? spec.valueAxis.unit : '%';
    var valueAxis = {
      stacked: spec.stacked,
      min: spec.valueAxis.min,
      max: spec.valueAxis.max,
      title: { display: true, text: spec.valueAxis.title, color: TEXT },
      ticks: {
        callback: function (value) {
          return value + unit;
        },
        color: TEXT,
      },
      grid: { color: GRID },
    };
    var categoryAxis = {
      stacked: spec.stacked,
      ticks: { color: TEXT, autoSkip: false, callback: wrapTick(spec.horizontal ? 14 : 12) },
      grid: { display: false },
    };
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
          legend: { display: spec.legend === true || spec.datasets.length > 1, labels: { color: TEXT } },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ': ' + item.formattedValue + unit;
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
    // Room at the edges for the last tick label and the scatter's point labels.
    config.options.layout = { padding: { top: 8, right: 16, bottom: 4, left: 4 } };
    config.plugins = [whiskerPlugin, pointLabelPlugin];
    var chart = new Chart(canvas, config);
    // Horizontal bars: each row is tall enough for a label wrapped over two lines, however many rows there are.
    if (spec.kind === 'bar' && spec.horizontal) {
      var box = canvas.parentNode;
      var want = spec.labels.length * (box.clientWidth < 560 ? 34 : 26);
      if (chart.scales.y.height < want) {
        box.style.height = Math.ceil(box.clientHeight + want - chart.scales.y.height) + 'px';
        chart.resize();
      }
    }
    charts.push(chart);
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
