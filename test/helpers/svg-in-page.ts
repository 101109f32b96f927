// Checks an inline SVG picture in a page opened in headless Chromium: drawn (a bounding box with an area),
// accessible (role img and a title) and well-formed XML once serialised (Chromium's own DOMParser).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export async function expectVisibleSvg(page: Page, selector: string): Promise<{ width: number; height: number }> {
  const svg = page.locator(selector).first();
  const box = await svg.boundingBox();
  expect(box, `${selector} is not drawn`).not.toBeNull();
  expect(box!.width).toBeGreaterThan(100);
  expect(box!.height).toBeGreaterThan(20);
  expect(await svg.getAttribute('role')).toBe('img');
  expect((await svg.locator('title').first().textContent())?.length ?? 0).toBeGreaterThan(0);
  const parseError = await svg.evaluate((el) => {
    // the browser's globals, typed here (the project compiles without the DOM library)
    interface Doc { getElementsByTagName(name: string): { length: number }; documentElement: { textContent: string | null } }
    const g = globalThis as unknown as {
      DOMParser: new () => { parseFromString(text: string, type: string): Doc };
      XMLSerializer: new () => { serializeToString(node: unknown): string };
    };
    const { DOMParser, XMLSerializer } = g;
    const doc = new DOMParser().parseFromString(new XMLSerializer().serializeToString(el), 'image/svg+xml');
    return doc.getElementsByTagName('parsererror').length > 0 ? (doc.documentElement.textContent ?? 'parse error') : null;
  });
  expect(parseError).toBeNull();
  return { width: box!.width, height: box!.height };
}
