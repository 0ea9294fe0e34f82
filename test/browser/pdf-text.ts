/**
 * Reads the text of a PDF that Chromium printed, for tests: inflates every Flate stream, reads each
 * ToUnicode CMap (bfchar and bfrange) and decodes the hex strings shown by Tj and TJ in every content
 * stream with each CMap in turn (Chromium's fonts are subsets with their own glyph ids, so the text
 * of a font is readable with its own CMap only). Returns one string per content stream and CMap;
 * search them with `some`. Not a PDF parser: enough for Chromium's output, nothing more.
 */
import { inflateSync } from 'node:zlib';

type CMap = Map<number, string>;

function streamsOf(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  const start = /stream\r?\n/g;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const from = m.index + m[0].length;
    const to = text.indexOf('endstream', from);
    if (to < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(from, to)).toString('latin1'));
    } catch {
      // not a Flate stream (an image, a font program): skipped
    }
  }
  return out;
}

const hexChars = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));

function cmapOf(stream: string): CMap {
  const map: CMap = new Map();
  for (const block of stream.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code, uni] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(parseInt(code, 16), hexChars(uni));
  for (const block of stream.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, uni] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const first = parseInt(uni, 16);
      for (let c = parseInt(lo, 16); c <= parseInt(hi, 16); c++)
        map.set(c, String.fromCodePoint(first + c - parseInt(lo, 16)));
    }
  return map;
}

/** The text of each content stream as decoded by each CMap of the PDF (see the file comment). */
export function pdfTexts(pdf: Buffer): string[] {
  const streams = streamsOf(pdf);
  const cmaps = streams.filter((s) => s.includes('begincmap')).map(cmapOf);
  const contents = streams.filter((s) => /\bBT\b/.test(s) && /T[jJ]/.test(s));
  const out: string[] = [];
  for (const content of contents)
    for (const cmap of cmaps) {
      let text = '';
      for (const [, hex] of content.matchAll(/<([0-9A-Fa-f]+)>/g))
        for (const code of hex.match(/.{4}/g) ?? []) text += cmap.get(parseInt(code, 16)) ?? '\uFFFD';
      out.push(text);
    }
  return out;
}
