// A strict little XML parser for the SVG the collector draws (elements, quoted attributes, text, the five
// predefined entities and numeric references; no comments, CDATA, doctype or processing instructions, which the
// renderers never write). Throws on anything not well-formed, so a test can check the markup is valid XML.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: number): string {
  return text.replace(/&([^;]*);|&/g, (whole, name: string | undefined) => {
    if (name === undefined) throw new Error(`bare & at ${where}`);
    if (name in ENTITIES) return ENTITIES[name]!;
    const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    if (num === null) throw new Error(`unknown entity ${whole} at ${where}`);
    return String.fromCodePoint(parseInt(num[1] ?? num[2]!, num[1] === undefined ? 10 : 16));
  });
}

/** Parses one root element (surrounding whitespace allowed). */
export function parseXml(xml: string): XmlElement {
  const NAME = '[A-Za-z_][-A-Za-z0-9_.:]*';
  const open = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"<]*")*)\\s*(/?)>`);
  const close = new RegExp(`^</(${NAME})\\s*>`);
  const attr = new RegExp(`(${NAME})\\s*=\\s*"([^"<]*)"`, 'g');
  const stack: { name: string; attrs: Record<string, string>; children: (XmlElement | string)[] }[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  while (i < xml.length) {
    const rest = xml.slice(i);
    if (rest.startsWith('</')) {
      const m = close.exec(rest);
      const top = stack.pop();
      if (m === null || top === undefined || top.name !== m[1]) throw new Error(`unexpected closing tag at ${i}: ${rest.slice(0, 40)}`);
      const el: XmlElement = top;
      if (stack.length === 0) root = el;
      else stack[stack.length - 1]!.children.push(el);
      i += m[0].length;
    } else if (rest.startsWith('<')) {
      const m = open.exec(rest);
      if (m === null) throw new Error(`malformed tag at ${i}: ${rest.slice(0, 60)}`);
      if (root !== null) throw new Error(`content after the root element at ${i}`);
      const attrs: Record<string, string> = {};
      for (const a of (m[2] ?? '').matchAll(attr)) {
        if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]} at ${i}`);
        attrs[a[1]!] = decode(a[2]!, i);
      }
      const el = { name: m[1]!, attrs, children: [] as (XmlElement | string)[] };
      if (m[3] === '/') {
        if (stack.length === 0) root = el;
        else stack[stack.length - 1]!.children.push(el);
      } else {
        stack.push(el);
      }
      i += m[0].length;
    } else {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next < 0 ? xml.length : next);
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
      } else {
        stack[stack.length - 1]!.children.push(decode(text, i));
      }
      i += text.length;
    }
  }
  if (stack.length > 0 || root === null) throw new Error('unclosed element or no root');
  return root;
}

/** Every element of the tree named `name` (depth first). */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = el.name === name ? [el] : [];
  for (const c of el.children) if (typeof c !== 'string') out.push(...findAll(c, name));
  return out;
}

/** The text content of an element. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
