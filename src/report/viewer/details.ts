/// <reference lib="dom" />
/**
 * The details pane: `show -V`'s tree for the frame (renderDetails itself, with the previous
 * displayed frame as tshark's -Y would have it), the teaching comment when there is one, and
 * the frame's bytes; clicking a line of the tree lights up the bytes it stands for.
 */
import { renderDetails } from '../../show/details/index.ts';
import type { Dissected } from '../../show/dissect.ts';
import { esc } from './dom.ts';
import { lineRange } from './field-ranges.ts';

export function showDetails(tree: HTMLElement, hexBox: HTMLElement, d: Dissected, prevShown: Dissected | undefined): void {
  const lines = renderDetails(d, prevShown).replace(/\n$/, '').split('\n');
  tree.innerHTML = lines.map((l, i) => `<div class="l${/^\S/.test(l) && !/^[0-9a-f]{4}  /.test(l) ? ' sec' : ''}" data-i="${i}">${esc(l)}</div>`).join('');
  hexBox.innerHTML = hexHtml(d.record.data);
  tree.onclick = (e): void => {
    const div = (e.target as Element).closest('[data-i]');
    if (!div) return;
    tree.querySelectorAll('.on').forEach((x) => x.classList.remove('on'));
    div.classList.add('on');
    const r = lineRange(d, lines, Number(div.getAttribute('data-i')));
    hexBox.querySelectorAll('.on').forEach((x) => x.classList.remove('on'));
    for (let o = r.start; o < r.end; o++) hexBox.querySelector(`[data-o="${o}"]`)?.classList.add('on');
    hexBox.querySelector('.on')?.scrollIntoView({ block: 'nearest' });
  };
}

function hexHtml(b: Uint8Array): string {
  const rows: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const hex: string[] = [];
    const txt: string[] = [];
    for (let i = o; i < Math.min(o + 16, b.length); i++) {
      const x = b[i]!;
      hex.push(`<span data-o="${i}">${x.toString(16).padStart(2, '0')}</span>`);
      txt.push(esc(x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.'));
    }
    rows.push(`<div><span class="off">${o.toString(16).padStart(4, '0')}</span> ${hex.join(' ')}${'   '.repeat(16 - hex.length)}  <span class="asc">${txt.join('')}</span></div>`);
  }
  return rows.join('');
}
