/** The page's stylesheet (admitted by its hash in the page's CSP). */
export const PAGE_STYLE = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:13px/1.35 "DejaVu Sans",system-ui,sans-serif;color:#1d2330;background:#fff}
body{display:flex;flex-direction:column}
header{display:flex;gap:10px;align-items:center;padding:6px 10px;border-bottom:1px solid #d5d9e0;background:#f5f7fa;flex-wrap:wrap}
header .grow{flex:1;display:flex;gap:6px;align-items:center;min-width:240px}
#filter{flex:1;font:13px "DejaVu Sans Mono",monospace;padding:3px 6px;border:1px solid #aab;border-radius:3px}
#filter.bad{background:#ffe6e6;border-color:#c33}
#filter-error{margin:0;padding:0 10px;color:#a11;font:12px "DejaVu Sans Mono",monospace;white-space:pre}
#filter-error:empty{display:none}
main{flex:1;display:flex;min-height:0}
#ladder{flex:1;position:relative;overflow:auto;min-width:0}
#ladder .lanes{position:sticky;top:0;height:30px;z-index:2;background:#fff;border-bottom:1px solid #d5d9e0}
#ladder .lanes span{position:absolute;top:6px;text-align:center;font-weight:bold;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#ladder .spacer{width:1px}
.ladder-svg{position:absolute;left:0;font:11px "DejaVu Sans Mono",monospace}
.ladder-svg .lane{stroke:#c4cad4;stroke-dasharray:4 3}
.ladder-svg .shaft{stroke:#3465a4;stroke-width:1.4;fill:none}
.ladder-svg .head{fill:#3465a4}
.ladder-svg .info{fill:#1d2330}
.ladder-svg .no{fill:#667;font-weight:bold}
.ladder-svg .time{fill:#889}
.ladder-svg .hit{fill:transparent;cursor:pointer}
.ladder-svg .arrow:hover .hit{fill:#eef3fb}
.ladder-svg .arrow.sel .hit{fill:#dbe7f8}
.ladder-svg .arrow.sel .shaft{stroke:#c4501b;stroke-width:2.2}
.ladder-svg .arrow.sel .head{fill:#c4501b}
.ladder-svg .bar rect{fill:#8ab34a;opacity:.85}
.ladder-svg .bar text{fill:#2f4a10}
.ladder-svg .cursor{stroke:#c4501b;stroke-width:.6;pointer-events:none}
.ladder-svg .plot{fill:none;stroke-width:1.5}
.ladder-svg .plot.sendQ{stroke:#c4501b}.ladder-svg .plot.recvQ{stroke:#3465a4}
.ladder-svg .plot.rcvWnd{stroke:#4e9a06}.ladder-svg .plot.sndWnd{stroke:#75507b}.ladder-svg .plot.cwnd{stroke:#888a85;stroke-dasharray:3 2}
.ladder-svg .plot-max{fill:#889;font-size:10px}
#changes{font:12px "DejaVu Sans Mono",monospace;white-space:pre}
aside{width:46%;max-width:760px;border-left:1px solid #d5d9e0;display:flex;flex-direction:column;min-height:0;padding:0 8px}
aside h2{font-size:12px;margin:8px 0 2px;color:#556;text-transform:uppercase;letter-spacing:.04em}
#comment{font-style:italic}
.if-timeline{display:none}
body.timeline .if-timeline{display:block}
#status{color:#a11}
#tree{flex:2;overflow:auto;margin:0;font:12px/1.3 "DejaVu Sans Mono",monospace;border:1px solid #e1e4ea;min-height:0}
#tree .l{white-space:pre;cursor:pointer;min-height:1.3em}
#tree .l.sec{font-weight:bold}
#tree .l.on{background:#dbe7f8}
#hex{flex:1;overflow:auto;margin:0 0 8px;font:12px/1.3 "DejaVu Sans Mono",monospace;border:1px solid #e1e4ea;min-height:0;white-space:pre}
#hex .on{background:#f3c46b}
#hex .off{color:#889}
`;
