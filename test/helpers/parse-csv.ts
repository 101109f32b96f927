// A strict RFC 4180 reader for tests: `;` separator, quoted cells, CRLF, optional BOM.

/** Parses a whole CSV document into rows of cells (the BOM, if any, is dropped). */
export function parseCsv(text: string, separator = ';'): string[][] {
  const src = text.startsWith('\ufeff') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < src.length) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i += 1; continue; }
      cell += ch; i += 1; continue;
    }
    if (ch === '"' && cell === '') { quoted = true; i += 1; continue; }
    if (ch === '"') throw new Error(`parseCsv: stray quote at offset ${i}`);
    if (ch === separator) { row.push(cell); cell = ''; i += 1; continue; }
    if (ch === '\r' && src[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    if (ch === '\n' || ch === '\r') throw new Error(`parseCsv: bare line break at offset ${i}`);
    cell += ch; i += 1;
  }
  if (quoted) throw new Error('parseCsv: unterminated quote');
  if (cell !== '' || row.length > 0) throw new Error('parseCsv: last line has no CRLF');
  return rows;
}

/** A French decimal cell (`12,5`, empty) as a number or null. */
export function frNumber(cell: string | undefined): number | null {
  if (cell === undefined || cell === '') return null;
  if (!/^-?\d+(,\d+)?$/.test(cell)) throw new Error(`frNumber: not a French decimal: '${cell}'`);
  return Number(cell.replace(',', '.'));
}
