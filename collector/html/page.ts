import { escapeHtml } from './escape-html.ts';

/**
 * A self-contained French HTML page (reports, status page): inline CSS only, nothing loaded from elsewhere.
 * `body` is trusted markup built by the caller with escaped values; `title` is escaped here.
 */
export function renderHtmlPage(page: { title: string; style: string; body: string; refreshSeconds?: number }): string {
  const refresh = page.refreshSeconds === undefined ? '' : `<meta http-equiv="refresh" content="${page.refreshSeconds}">\n`;
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh}<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>
</head>
<body>
${page.body}
</body>
</html>
`;
}
