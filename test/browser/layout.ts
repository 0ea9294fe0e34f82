/**
 * Reading back the page's layout in Chromium: what sticks out of the viewport horizontally, and how a
 * scrolling table region behaves. Evaluated in the page as plain ES5 source (like canvas.ts), untouched
 * by the test runner's TypeScript transform.
 */
import type { Page } from 'playwright-core';

export interface PageOverflow {
  /** document.documentElement.scrollWidth − clientWidth: > 0 when the whole page scrolls sideways. */
  readonly excess: number;
  /** Elements whose right edge passes the viewport and that no scrolling ancestor clips, as tag.class. */
  readonly offenders: string[];
}

const PAGE_OVERFLOW = `(function () {
  var root = document.documentElement;
  var width = root.clientWidth;
  var clipped = function (el) {
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  var offenders = Array.from(document.body.querySelectorAll('*')).filter(function (el) {
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !clipped(el);
  }).map(function (el) {
    return el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + (el.id ? '#' + el.id : '');
  });
  return { excess: root.scrollWidth - width, offenders: offenders.slice(0, 10) };
})()`;

export async function pageOverflow(page: Page): Promise<PageOverflow> {
  return (await page.evaluate(PAGE_OVERFLOW)) as PageOverflow;
}

export interface TableRegion {
  /** The scrolling ancestor of the table with role="region", tabindex="0" and an accessible name. */
  readonly region: { role: string | null; tabindex: string | null; label: string } | null;
  readonly regionScrollWidth: number;
  readonly regionClientWidth: number;
  readonly tableWidth: number;
  /** Right edge of the region minus right edge of its panel (≤ 0 when the region stays inside). */
  readonly regionPastPanel: number;
  readonly firstColumnPosition: string;
  /** After scrolling the region to its far end: where the first column's cells and the last column sit. */
  readonly afterScroll: { firstLeftOffset: number; lastRightOffset: number; scrollLeft: number };
}

/** Measures the scrolling region around the table matching `tableSelector`, scrolling it to its end. */
export async function tableRegion(page: Page, tableSelector: string): Promise<TableRegion> {
  return (await page.evaluate(`(function () {
    var table = document.querySelector(${JSON.stringify(tableSelector)});
    var region = table.parentElement;
    var label = '';
    if (region.getAttribute('aria-labelledby')) {
      var by = document.getElementById(region.getAttribute('aria-labelledby'));
      label = by ? by.textContent.trim() : '';
    } else label = (region.getAttribute('aria-label') || '').trim();
    var panel = region.closest('.panel');
    var firstCell = table.querySelector('tbody tr th');
    var out = {
      region: { role: region.getAttribute('role'), tabindex: region.getAttribute('tabindex'), label: label },
      regionScrollWidth: region.scrollWidth,
      regionClientWidth: region.clientWidth,
      tableWidth: table.getBoundingClientRect().width,
      regionPastPanel: region.getBoundingClientRect().right - panel.getBoundingClientRect().right,
      firstColumnPosition: getComputedStyle(firstCell).position,
    };
    region.scrollLeft = region.scrollWidth;
    var box = region.getBoundingClientRect();
    var heads = table.querySelectorAll('thead th');
    out.afterScroll = {
      firstLeftOffset: firstCell.getBoundingClientRect().left - box.left,
      lastRightOffset: heads[heads.length - 1].getBoundingClientRect().right - box.right,
      scrollLeft: region.scrollLeft,
    };
    region.scrollLeft = 0;
    return out;
  })()`)) as TableRegion;
}
