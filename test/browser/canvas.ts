/** Reading back what Chart.js drew: per canvas on the page, its id, size and how many pixels are not fully transparent. */
import type { Page } from 'playwright-core';

export interface CanvasPixels {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly drawn: number;
}

// Evaluated in the page as plain ES5 source, untouched by the test runner's TypeScript transform.
const DRAWN_PIXELS = `Array.from(document.querySelectorAll('canvas')).map(function (c) {
  var data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  var drawn = 0;
  for (var i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
  return { id: c.id, width: c.width, height: c.height, drawn: drawn };
})`;

export async function canvasPixels(page: Page): Promise<CanvasPixels[]> {
  return (await page.evaluate(DRAWN_PIXELS)) as CanvasPixels[];
}
