/**
 * The console's stylesheet and script, served by Gatehouse itself (`/console/assets/…`): no
 * build step, no CDN, no remote font. The script only enhances: every page works without it.
 */
export const CONSOLE_CSS = `
:root { --ink: #172b4d; --muted: #44546f; --line: #dfe1e6; --bg: #f7f8f9; --link: #0c66e4;
  --ok: #216e4e; --bad: #ae2e24; --warn: #7f5f01; --focus: #388bff; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, textarea:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
header.top { display: flex; gap: 1.5rem; align-items: center; padding: .5rem 1.5rem; background: var(--ink); color: #fff; flex-wrap: wrap; }
header.top a { color: #fff; text-decoration: none; padding: .25rem .5rem; border-radius: 3px; }
header.top a[aria-current="page"], header.top a:hover { background: rgba(255,255,255,.18); }
header.top .brand { font-weight: 700; }
header.top nav { display: flex; gap: .25rem; flex: 1; flex-wrap: wrap; }
header.top form { margin: 0; }
header.top .who { font-size: 13px; }
main { max-width: 76rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; } h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
code, .mono { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f1f2f4; padding: 0 .2rem; border-radius: 2px; overflow-wrap: anywhere; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=password], input[type=datetime-local], select, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid #8590a2; border-radius: 3px; min-width: 18rem; max-width: 100%; }
button, .button { font: inherit; padding: .35rem .9rem; border-radius: 3px; border: 1px solid #0c66e4; background: #0c66e4; color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: #0c66e4; }
button.danger { background: var(--bad); border-color: var(--bad); }
header.top button { background: transparent; border-color: #fff; color: #fff; padding: .15rem .6rem; }
.field-error { color: var(--bad); font-weight: 600; margin: .25rem 0; }
.notice { padding: .6rem .9rem; border-radius: 3px; margin: .75rem 0; border-left: 4px solid; }
.notice.ok { background: #dcfff1; border-color: var(--ok); }
.notice.bad { background: #ffeceb; border-color: var(--bad); }
.notice.info { background: #e9f2ff; border-color: var(--link); }
.loss { color: var(--bad); font-weight: 600; }
.gain { color: var(--ok); font-weight: 600; }
.badge { display: inline-block; font-size: 12px; line-height: 1.4; padding: 0 .4rem; border-radius: 3px; border: 1px solid var(--line); background: #f1f2f4; margin-left: .25rem; white-space: nowrap; }
.badge.draft { background: #fff7d6; border-color: #e2b203; }
.badge.published { background: #dcfff1; border-color: #4bce97; }
.badge.block { background: #ffeceb; border-color: #f87168; }
.badge.allow { background: #dcfff1; border-color: #4bce97; }
.muted { color: var(--muted); }
.grid td { min-width: 9rem; }
.grid .cell { display: block; margin-bottom: .35rem; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.25rem; margin: .15rem 0; }
ul.tree { padding-left: 0; }
ul.tree li { margin: .1rem 0; }
ul.tree details > summary { cursor: pointer; }
.decision { font-size: 1.1rem; font-weight: 700; }
.decision.allow { color: var(--ok); } .decision.deny { color: var(--bad); }
.row { display: flex; gap: 1.5rem; flex-wrap: wrap; align-items: flex-end; }
.row > div { min-width: 12rem; }
.inline { display: inline; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.lvl { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -1px; margin-right: .25rem; border: 1px solid rgba(0,0,0,.3); }
`;

/**
 * Progressive enhancement: a tree node loads its children when opened, a "more" link appends the
 * next page in place, a form with data-confirm asks first. Without the script the same links
 * open full pages.
 */
export const CONSOLE_JS = `
(function () {
  'use strict';
  async function fragment(url) {
    var res = await fetch(url + (url.indexOf('?') < 0 ? '?' : '&') + 'fragment=1', { credentials: 'same-origin' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    var box = document.createElement('div');
    box.innerHTML = await res.text();
    return box;
  }
  function moveChildren(from, to) { while (from.firstChild) to.appendChild(from.firstChild); }
  document.addEventListener('toggle', function (event) {
    var node = event.target;
    if (!(node instanceof HTMLDetailsElement) || !node.open || !node.dataset.children || node.dataset.loaded) return;
    node.dataset.loaded = 'yes';
    var target = node.querySelector('[data-slot]');
    if (!target) return;
    target.textContent = 'Loading…';
    fragment(node.dataset.children).then(function (box) { target.textContent = ''; moveChildren(box, target); },
      function (error) { target.textContent = 'Could not load: ' + error.message; node.dataset.loaded = ''; });
  }, true);
  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[data-more]') : null;
    if (!link) return;
    event.preventDefault();
    var list = document.getElementById(link.dataset.more);
    var holder = link.parentElement;
    link.textContent = 'Loading…';
    fragment(link.getAttribute('href')).then(function (box) {
      if (holder) holder.remove();
      var items = box.querySelector('[data-items]');
      if (items && list) moveChildren(items, list);
      var next = box.querySelector('[data-next]');
      if (next && list && list.parentElement) list.parentElement.appendChild(next);
    }, function (error) { link.textContent = 'Could not load: ' + error.message; });
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
`;

/** Atlassian's classification colours as CSS colours (swatches next to the level's name). */
export const LEVEL_COLOURS: Record<string, string> = {
  RED_BOLD: '#ae2e24',
  RED: '#f87168',
  ORANGE: '#fea362',
  YELLOW: '#f5cd47',
  GREEN: '#4bce97',
  TEAL: '#60c6d2',
  BLUE: '#579dff',
  PURPLE: '#9f8fef',
  GREY: '#8590a2',
  GRAY: '#8590a2',
};

/** The stylesheet with one class per level colour (inline styles are refused by the CSP). */
export const CONSOLE_STYLESHEET =
  CONSOLE_CSS +
  Object.entries(LEVEL_COLOURS)
    .map(([name, colour]) => `.lvl.c-${name} { background: ${colour}; }`)
    .join('\n') +
  '\n.lvl.c-NONE { background: #dfe1e6; }\n';
