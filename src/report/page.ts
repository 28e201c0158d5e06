/**
 * The report as one HTML file: a strict Content-Security-Policy (`default-src 'none'`, the
 * script and the style admitted by their SHA-256), the packed data in a non-executable
 * `<script type="application/octet-stream">`, and the viewer script inline. No request can
 * leave the page, so it opens from file:// offline and shows the same thing anywhere.
 */
import { createHash } from 'node:crypto';
import { DATA_ELEMENT_ID } from './data.ts';
import { PAGE_STYLE } from './style.ts';

export interface PageParts {
  readonly lang: string;
  readonly title: string;
  readonly packed: string;
  readonly script: string;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Controls carry `data-t` keys; the viewer fills them from the report's language catalog. */
const BODY = `<header>
<label><span data-t="capture"></span> <select id="capture"></select></label>
<label class="grow"><span data-t="filter"></span> <input id="filter" spellcheck="false" autocomplete="off"></label>
<select id="mode"><option value="rows" data-t="modeRows"></option><option value="scale" data-t="modeScale"></option></select>
<button id="zoom-out" data-t="zoomOut"></button><button id="zoom-in" data-t="zoomIn"></button>
<span id="count"></span>
</header>
<pre id="filter-error"></pre>
<main><div id="ladder"></div>
<aside><div id="status"></div><div id="comment-box" hidden><h2 data-t="comment"></h2><div id="comment"></div></div><div class="if-timeline"><h2 data-t="changed"></h2><div id="changes"></div></div><h2 data-t="details"></h2><pre id="tree"></pre><h2 data-t="bytes"></h2><pre id="hex"></pre></aside></main>`;

export function reportPage(p: PageParts): string {
  const csp = `default-src 'none'; script-src ${sha256(p.script)}; style-src ${sha256(PAGE_STYLE)}`;
  return `<!doctype html>
<html lang="${escapeHtml(p.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${BODY}
<script type="application/octet-stream" id="${DATA_ELEMENT_ID}">${p.packed}</script>
<script>${p.script}</script>
</body>
</html>
`;
}
