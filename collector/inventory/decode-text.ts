/**
 * Decodes an inventory file as French exports come: UTF-8 with or without BOM, or Windows-1252 (Excel's
 * « CSV (séparateur : point-virgule) »). Valid UTF-8 is taken as UTF-8, anything else as Windows-1252, so an
 * « é » is never mangled either way.
 */
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'windows-1252';

export interface DecodedText {
  /** The text, a leading BOM removed. */
  readonly text: string;
  readonly encoding: TextEncodingName;
  readonly bom: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: 'utf-8', bom };
  } catch {
    return { text: iconv.decode(Buffer.from(body), 'win1252'), encoding: 'windows-1252', bom: false };
  }
}
