/// <reference lib="dom" />
/**
 * The ladder: a lane per host, time going down, one arrow per frame from where it was first
 * seen to where it was last seen (slanted when captures at both ends saw it). Two modes:
 * to scale (y is time) and one row per event. Only what is in view is drawn: a render builds
 * SVG for the arrows whose span meets the visible band, found by binary search.
 */
import { esc } from './dom.ts';

export interface LadderArrow {
  readonly no: number;
  readonly t0: number;
  readonly t1: number;
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly time: string;
}

/** A bar on a program lane (a socket call from call to return). */
export interface LadderBar {
  readonly lane: number;
  readonly t0: number;
  readonly t1: number;
  readonly label: string;
  readonly title: string;
  /** the frame that ended the wait (clicking the bar selects it), if the call blocked */
  readonly woke: number | null;
}

/** A step plot drawn in a lane: value across, time down (socket queues and windows). */
export interface LadderPlot {
  readonly lane: number;
  /** the value at the lane's right edge */
  readonly max: number;
  readonly series: readonly { readonly name: string; readonly cls: string; readonly points: readonly { readonly t: number; readonly v: number }[] }[];
}

export type LadderMode = 'scale' | 'rows';

const HEADER = 30;
const GUTTER = 150;
const ROW = 30;
const MIN_LANE = 150;
/** the least distance between two arrows' texts, px */
const MIN_TEXT_GAP = 13;
/** width of one character of the ladder's 11 px monospace font */
const CHAR_W = 6.7;

export class Ladder {
  private arrows: readonly LadderArrow[] = [];
  private bars: readonly LadderBar[] = [];
  private plots: readonly LadderPlot[] = [];
  private lanes: readonly string[] = [];
  private y0: Float64Array = new Float64Array(0);
  private y1: Float64Array = new Float64Array(0);
  private maxSpan = 0;
  private mode: LadderMode = 'rows';
  private zoom = 1;
  private selected: number | null = null;
  private pending = false;
  private readonly svg: SVGSVGElement;
  private readonly spacer: HTMLDivElement;
  private readonly head: HTMLDivElement;

  constructor(private readonly box: HTMLElement, private readonly onPick: (no: number) => void) {
    this.head = document.createElement('div');
    this.head.className = 'lanes';
    this.spacer = document.createElement('div');
    this.spacer.className = 'spacer';
    this.svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg.classList.add('ladder-svg');
    box.append(this.head, this.spacer, this.svg);
    box.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(box);
    // one time cursor across lanes and plots
    this.svg.addEventListener('mousemove', (e) => {
      const c = this.svg.querySelector('.cursor');
      const y = this.box.scrollTop + e.clientY - this.svg.getBoundingClientRect().top;
      c?.setAttribute('y1', String(y));
      c?.setAttribute('y2', String(y));
    });
    this.svg.addEventListener('click', (e) => {
      const g = (e.target as Element).closest('[data-frame]');
      if (g) this.onPick(Number(g.getAttribute('data-frame')));
    });
  }

  set(lanes: readonly string[], arrows: readonly LadderArrow[], bars: readonly LadderBar[], plots: readonly LadderPlot[] = []): void {
    this.lanes = lanes;
    this.arrows = arrows;
    this.bars = bars;
    this.plots = plots;
    this.layout();
  }

  setMode(mode: LadderMode): void {
    this.mode = mode;
    this.layout();
  }

  zoomBy(factor: number): void {
    const anchor = this.box.scrollTop / Math.max(1, this.spacer.offsetHeight);
    this.zoom = Math.min(1e6, Math.max(1 / 64, this.zoom * factor));
    this.layout();
    this.box.scrollTop = anchor * this.spacer.offsetHeight;
  }

  select(no: number | null): void {
    this.selected = no;
    const i = no === null ? -1 : this.arrows.findIndex((a) => a.no === no);
    if (i >= 0) {
      const top = this.box.scrollTop + HEADER;
      const bottom = this.box.scrollTop + this.box.clientHeight - ROW;
      if (this.y0[i]! < top || this.y1[i]! > bottom) this.box.scrollTop = Math.max(0, this.y0[i]! - this.box.clientHeight / 3);
    }
    this.schedule();
  }

  private layout(): void {
    const n = this.arrows.length;
    this.y0 = new Float64Array(n);
    this.y1 = new Float64Array(n);
    this.maxSpan = 0;
    if (this.mode === 'rows') {
      const h = ROW * Math.min(8, Math.max(0.5, this.zoom));
      for (let i = 0; i < n; i++) {
        const a = this.arrows[i]!;
        this.y0[i] = HEADER + (i + 0.75) * h;
        this.y1[i] = this.y0[i]! + (a.t1 > a.t0 ? h * 0.5 : 0);
      }
    } else {
      const tMin = n ? this.arrows[0]!.t0 : 0;
      let tMax = tMin;
      for (const a of this.arrows) tMax = Math.max(tMax, a.t1);
      const perNs = ((Math.max(n, 1) * ROW) / Math.max(1, tMax - tMin)) * this.zoom;
      for (let i = 0; i < n; i++) {
        this.y0[i] = HEADER + ROW / 2 + (this.arrows[i]!.t0 - tMin) * perNs;
        this.y1[i] = HEADER + ROW / 2 + (this.arrows[i]!.t1 - tMin) * perNs;
      }
      this.perNs = perNs;
      this.tMin = tMin;
    }
    for (let i = 0; i < n; i++) this.maxSpan = Math.max(this.maxSpan, this.y1[i]! - this.y0[i]!);
    this.spacer.style.height = `${(n ? this.y1.reduce((m, y) => Math.max(m, y), 0) : 0) + ROW * 2}px`;
    this.schedule();
  }

  private perNs = 0;
  private tMin = 0;

  /** y of time t (to-scale mode), or of the nearest arrow (row mode). */
  private yOf(t: number): number {
    if (this.mode === 'scale') return HEADER + ROW / 2 + (t - this.tMin) * this.perNs;
    let lo = 0;
    let hi = this.arrows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.arrows[mid]!.t0 < t) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.arrows.length ? this.y0[lo]! - ROW / 2 : (this.y1[this.arrows.length - 1] ?? HEADER) + ROW / 2;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  /** Draw now (the first paint, and tests that measure it). */
  render(): void {
    const w = Math.max(this.box.clientWidth, GUTTER + MIN_LANE * this.lanes.length);
    const h = this.box.clientHeight;
    const top = this.box.scrollTop;
    const laneW = (w - GUTTER) / Math.max(1, this.lanes.length);
    const x = (lane: number): number => GUTTER + (lane + 0.5) * laneW;
    this.head.innerHTML = this.lanes.map((l, i) => `<span>${esc(l)}</span>`).join('');
    this.head.querySelectorAll<HTMLElement>('span').forEach((s, i) => (s.style.left = `${x(i) - laneW / 2}px`, s.style.width = `${laneW}px`));
    this.svg.style.top = `${top}px`;
    this.svg.setAttribute('width', String(w));
    this.svg.setAttribute('height', String(h));
    this.svg.setAttribute('viewBox', `0 ${top} ${w} ${h}`);
    const parts: string[] = [];
    for (let i = 0; i < this.lanes.length; i++) parts.push(`<line class="lane" x1="${x(i)}" x2="${x(i)}" y1="${top}" y2="${top + h}"/>`);
    this.barsSvg(parts, x, top, top + h);
    for (const p of this.plots) parts.push(this.plotSvg(p, x(p.lane) - laneW / 2 + 6, laneW - 12, top, top + h));
    const first = this.firstAt(top - this.maxSpan);
    // to scale, frames close in time share a row: only the first of them gets its text
    let lastText = -Infinity;
    for (let i = first; i < this.arrows.length && this.y0[i]! <= top + h; i++) {
      if (this.y1[i]! < top) continue;
      const withText = this.y0[i]! - lastText >= MIN_TEXT_GAP || this.arrows[i]!.no === this.selected;
      if (withText) lastText = this.y0[i]!;
      parts.push(this.arrowSvg(this.arrows[i]!, this.y0[i]!, this.y1[i]!, x, laneW, withText));
    }
    parts.push(`<line class="cursor" x1="0" x2="${w}" y1="-10" y2="-10"/>`);
    this.svg.innerHTML = parts.join('');
  }

  /** One step line per series over the visible band (and the point just before it). */
  private plotSvg(p: LadderPlot, left: number, width: number, top: number, bottom: number): string {
    const out: string[] = [`<text class="plot-max" x="${left + width}" y="${top + 12}" text-anchor="end">${p.max}</text>`];
    for (const s of p.series) {
      let d = '';
      let lastX = left;
      for (const pt of s.points) {
        const y = this.yOf(pt.t);
        const px = left + (width * pt.v) / Math.max(1, p.max);
        if (y < top) {
          lastX = px;
          continue;
        }
        d += d === '' ? `M${lastX} ${top}V${y}H${px}` : `V${y}H${px}`;
        lastX = px;
        if (y > bottom) break;
      }
      d += d === '' ? `M${lastX} ${top}V${bottom}` : `V${bottom}`;
      const peak = s.points.reduce((m, pt) => Math.max(m, pt.v), 0);
      out.push(`<path class="plot ${s.cls}" d="${d}" data-peak="${peak}"><title>${esc(s.name)}</title></path>`);
    }
    return out.join('');
  }

  /** Call bars in the visible band, into `parts`. */
  private barsSvg(parts: string[], x: (lane: number) => number, top: number, bottom: number): void {
    const lastBarText = new Map<number, number>();
    for (const b of this.bars) {
      const y0 = this.yOf(b.t0);
      const y1 = Math.max(this.yOf(b.t1), y0 + 3);
      if (y1 < top || y0 > bottom) continue;
      // calls that return in the same instant share a row: one text, every call in the tooltip
      const withText = y0 - (lastBarText.get(b.lane) ?? -Infinity) >= MIN_TEXT_GAP;
      if (withText) lastBarText.set(b.lane, y0);
      const text = withText ? `<text x="${x(b.lane) + 9}" y="${y0 + 11}">${esc(b.label)}</text>` : '';
      const link = b.woke === null ? '' : ` data-frame="${b.woke}"`;
      parts.push(`<g class="bar"${link}><title>${esc(b.title)}</title><rect x="${x(b.lane) - 5}" y="${y0}" width="10" height="${y1 - y0}"/>${text}</g>`);
    }
  }

  private firstAt(y: number): number {
    let lo = 0;
    let hi = this.arrows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.y0[mid]! < y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private arrowSvg(a: LadderArrow, y0: number, y1: number, x: (lane: number) => number, laneW: number, withText: boolean): string {
    const x0 = x(a.from);
    const x1 = x(a.to);
    const sel = a.no === this.selected ? ' sel' : '';
    const gut = withText ? `<text class="no" x="6" y="${y0 + 4}">${a.no}</text><text class="time" x="48" y="${y0 + 4}">${esc(a.time)}</text>` : '';
    const labelX = Math.min(x0, x1) + (x0 === x1 ? 26 : 8);
    const room = Math.floor((Math.max(Math.abs(x1 - x0), laneW) - 12) / CHAR_W);
    const text = a.label.length > room ? `${a.label.slice(0, Math.max(1, room - 1))}…` : a.label;
    const label = withText ? `<text class="info" x="${labelX}" y="${y0 - 5}"><title>${esc(a.label)}</title>${esc(text)}</text>` : `<title>${a.no}: ${esc(a.label)}</title>`;
    const hit = `<rect class="hit" x="0" y="${y0 - ROW / 2}" width="${Math.max(x0, x1) + laneW / 2}" height="${y1 - y0 + ROW / 2 + 4}"/>`;
    let shape: string;
    if (x0 === x1) {
      shape = `<path class="shaft" d="M${x0} ${y0} h18 v${Math.max(8, y1 - y0)} h-18"/>`;
    } else {
      const dir = x1 > x0 ? -1 : 1;
      shape = `<line class="shaft" x1="${x0}" y1="${y0}" x2="${x1}" y2="${y1}"/><path class="head" d="M${x1} ${y1} l${dir * 9} -4 v8 z"/>`;
    }
    return `<g class="arrow${sel}" data-frame="${a.no}">${hit}${gut}${label}${shape}</g>`;
  }
}
