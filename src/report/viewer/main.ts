/// <reference lib="dom" />
/**
 * The report page's script (bundled by report/bundle.ts): unpack the captures, dissect them
 * with show's code, draw the ladder, and keep the filter and the selected frame in the URL
 * hash so a lecturer can link a view.
 */
import { CATALOGS, type Catalog } from '../i18n/index.ts';
import { DATA_ELEMENT_ID, type ReportHeader } from '../data.ts';
import { byId } from './dom.ts';
import { showDetails } from './details.ts';
import { formatHash, parseHash, type ViewState } from './hash.ts';
import { Ladder, type LadderMode } from './ladder.ts';
import { firstSecond, lanesOf, loadCapture, selectFrames, spans, type CaptureModel } from './model.ts';
import { unpackReport } from './unpack.ts';
import { hostAddresses, programBars, programLanes } from './programs.ts';
import { orderLanes } from './lanes.ts';
import { fieldLabel, socketChanges, socketPlots, type SocketChange } from './sockets.ts';

interface Page {
  readonly header: ReportHeader;
  readonly t: Catalog;
  readonly models: readonly CaptureModel[];
  readonly ladder: Ladder;
  readonly changes: readonly SocketChange[];
  state: ViewState;
  shown: number[];
}

async function boot(): Promise<void> {
  const dataEl = byId(DATA_ELEMENT_ID);
  if (typeof DecompressionStream === 'undefined') {
    byId('status').textContent = CATALOGS.en.noDecompression;
    return;
  }
  const { header, files } = await unpackReport(dataEl.textContent ?? '');
  const t = CATALOGS[header.lang];
  translate(t);
  document.body.classList.toggle('timeline', header.timeline !== null);
  const epoch = header.epochSec ?? Math.min(...files.map((f) => firstSecond(f) ?? Infinity).filter(Number.isFinite), 0);
  const models = header.captures.map((c, i) => loadCapture(c.name, files[i]!, Number.isFinite(epoch) ? epoch : 0));
  const page: Page = { header, t, models, ladder: new Ladder(byId('ladder'), (no) => pick(page, no)), changes: socketChanges(header.timeline), state: parseHash(location.hash), shown: [] };
  const select = byId<HTMLSelectElement>('capture');
  select.innerHTML = models.map((m, i) => `<option value="${i}">${m.name.replace(/[&<>"]/g, '')}</option>`).join('');
  select.onchange = (): void => update(page, { ...page.state, capture: Number(select.value), frame: null });
  wireControls(page);
  apply(page);
  page.ladder.render();
  document.body.dataset.ready = 'true';
}

function translate(t: Catalog): void {
  document.documentElement.lang = t.lang;
  document.querySelectorAll<HTMLElement>('[data-t]').forEach((e) => {
    const v = t[e.dataset.t as keyof Catalog];
    if (typeof v === 'string') e.textContent = v;
  });
  byId<HTMLInputElement>('filter').placeholder = t.filterPlaceholder;
}

function wireControls(page: Page): void {
  const input = byId<HTMLInputElement>('filter');
  input.value = page.state.filter;
  input.addEventListener('input', () => update(page, { ...page.state, filter: input.value }));
  byId('mode').addEventListener('change', (e) => page.ladder.setMode((e.target as HTMLSelectElement).value as LadderMode));
  byId('zoom-in').onclick = (): void => page.ladder.zoomBy(2);
  byId('zoom-out').onclick = (): void => page.ladder.zoomBy(0.5);
  window.addEventListener('hashchange', () => {
    const s = parseHash(location.hash);
    if (formatHash(s) === formatHash(page.state)) return;
    input.value = s.filter;
    update(page, s);
  });
  document.addEventListener('keydown', (e) => {
    if (e.target === input || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
    e.preventDefault();
    const i = page.state.frame === null ? -1 : page.shown.indexOf(page.state.frame);
    const next = page.shown[e.key === 'ArrowDown' ? i + 1 : Math.max(0, i - 1)];
    if (next !== undefined) pick(page, next);
  });
}

function pick(page: Page, no: number): void {
  update(page, { ...page.state, frame: no });
}

function update(page: Page, s: ViewState): void {
  page.state = s;
  const h = formatHash(s);
  if (location.hash !== h) history.replaceState(null, '', h === '' ? location.pathname + location.search : h);
  apply(page);
}

/** Redraw for the current state: filter, ladder, then the selected frame's panes. */
function apply(page: Page): void {
  const { state, models, t } = page;
  const model = models[state.capture] ?? models[0]!;
  byId<HTMLSelectElement>('capture').value = String(models.indexOf(model));
  const sel = selectFrames(model, state.filter);
  byId('filter-error').textContent = sel.ok ? '' : sel.message;
  byId('filter').classList.toggle('bad', !sel.ok);
  if (!sel.ok) return;
  page.shown = sel.frames;
  const span = spans(model, models.filter((m) => m !== model));
  drawLadder(page, model, sel.frames, span);
  byId('count').textContent = t.shown(sel.frames.length, model.frames.length, t.lang);
  byId('status').textContent = model.error ?? '';
  const frame = state.frame !== null && sel.frames.includes(state.frame) ? state.frame : null;
  page.ladder.select(frame);
  showFrame(page, model, sel.frames, frame, frame === null ? null : span[frame - 1]!);
}

function drawLadder(page: Page, model: CaptureModel, shown: readonly number[], span: readonly { t0: number; t1: number }[]): void {
  const timeline = page.header.timeline;
  const lanes = lanesOf(model.frames);
  const programs = programLanes(timeline, lanes);
  const sockets = socketPlots(page.changes, lanes.length + programs.extra.length, page.t);
  const arrived = model.frames.map((f, i) => ({ no: f.d.no, key: f.key, src: f.src, dst: f.dst, arrived: span[i]!.t1 }));
  const names = [...lanes, ...[...programs.extra, ...sockets.lanes].map((e) => e.name)];
  const { order, position } = orderLanes(lanes, [...programs.extra, ...sockets.lanes], hostAddresses(timeline, arrived));
  const arrows = shown.map((no) => {
    const f = model.frames[no - 1]!;
    const [from, to] = [position[lanes.indexOf(f.src)]!, position[lanes.indexOf(f.dst)]!];
    return { no, t0: span[no - 1]!.t0, t1: span[no - 1]!.t1, from, to, label: f.d.row.info, time: f.d.row.time };
  });
  const bars = programBars(timeline, programs, arrived).map((b) => ({ ...b, lane: position[b.lane]! }));
  const plots = sockets.plots.map((p) => ({ ...p, lane: position[p.lane]! }));
  page.ladder.set(order.map((i) => names[i]!), arrows, bars, plots);
}

/** Details, hex, teaching comment and socket changes of `frame`; the hint when none is selected. */
function showFrame(page: Page, model: CaptureModel, shown: readonly number[], frame: number | null, sp: { t0: number; t1: number } | null): void {
  const { t } = page;
  const [tree, hex, comment, changes] = ['tree', 'hex', 'comment', 'changes'].map((id) => byId(id));
  if (frame === null || sp === null) {
    tree!.textContent = t.noFrame;
    hex!.textContent = comment!.textContent = changes!.textContent = '';
    byId('comment-box').hidden = true;
    return;
  }
  const at = shown.indexOf(frame);
  const prev = at > 0 ? model.frames[shown[at - 1]! - 1]!.d : undefined;
  const d = model.frames[frame - 1]!.d;
  showDetails(tree!, hex!, d, prev);
  comment!.textContent = d.record.comments?.join('\n') ?? '';
  byId('comment-box').hidden = comment!.textContent === '';
  changes!.textContent = page.changes
    .filter((c) => c.at === sp.t0 || c.at === sp.t1)
    .map((c) => `${c.socket}  ${fieldLabel(c.field, t)}  ${c.from ?? '–'} → ${c.to}`)
    .join('\n');
}

boot().catch((e: unknown) => {
  byId('status').textContent = String(e instanceof Error ? e.message : e);
});
