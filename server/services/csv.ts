/**
 * CSV writing (RFC 4180) for staff downloads. Cells that a spreadsheet would read as a formula
 * (starting with = + - @ or a tab/CR) are prefixed with an apostrophe (OWASP "CSV injection").
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header + rows, CRLF line ends, trailing CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
