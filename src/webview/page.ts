// The Pod Timeline page's skeleton: header, verdicts, the app (presets, scenario editor, what-if),
// the timeline with its legend and zoom, the readout at the cursor and the state machines. Builds
// the elements once and hands them to main.ts, which fills them. DOM only, through dom.ts.
import { byId, fill, h } from './dom';

export interface PageHandlers {
  openSource(): void;
  toggleLive(): void;
  leaveWhatIf(): void;
  zoom(factor: number): void;
  fit(): void;
  pickContainer(name: string): void;
}

/** The elements main.ts fills in. */
export interface PageElements {
  title: HTMLElement;
  sub: HTMLElement;
  open: HTMLElement;
  liveState: HTMLElement;
  liveBtn: HTMLButtonElement;
  verdicts: HTMLElement;
  presets: HTMLElement;
  simState: HTMLElement;
  whatIf: HTMLElement;
  whatIfText: HTMLElement;
  count: HTMLElement;
  readoutTitle: HTMLElement;
  groupPick: HTMLElement;
  kubectl: HTMLElement;
  yaml: HTMLElement;
  events: HTMLElement;
  smPick: HTMLSelectElement;
  machines: HTMLElement;
}

const LEGEND = [
  ['running', 'Running'],
  ['waiting', 'Waiting / Pending'],
  ['backoff', 'CrashLoopBackOff (back-off wait)'],
  ['terminated', 'Terminated / exit'],
  ['completed', 'Completed'],
  ['true', 'started · ready · condition True'],
  ['tick-ok', 'probe success'],
  ['tick-fail', 'probe failure'],
  ['ready-line', 'pod Ready'],
  ['crashloop-line', 'CrashLoopBackOff reached'],
] as const;

/** Builds the page into #app around the timeline widget and the scenario editor. */
export function buildPage(parts: { timeline: HTMLElement; editor: HTMLElement; compare: HTMLElement }, on: PageHandlers): PageElements {
  const button = (attrs: Record<string, string>, label: string, onClick: () => void) => {
    const b = h('button', { type: 'button', ...attrs }, label);
    b.addEventListener('click', onClick);
    return b;
  };
  const e: PageElements = {
    title: h('h1', { id: 'title' }, 'Pod Timeline'),
    sub: h('p', { class: 'subtitle' }, 'Waiting for the extension…'),
    open: button({ class: 'secondary', title: 'Open the manifest at this workload' }, 'Open manifest', on.openSource),
    liveState: h('span', { class: 'live-state', role: 'status' }),
    liveBtn: button({ class: 'secondary', hidden: '' }, 'Go live', on.toggleLive),
    verdicts: h('ul', { class: 'verdicts' }),
    presets: h('div', { class: 'presets', role: 'group', 'aria-label': 'App behaviour presets' }),
    simState: h('span', { class: 'sim-state', role: 'status', 'aria-live': 'polite' }),
    whatIf: h('div', { class: 'what-if', role: 'status', hidden: true }),
    whatIfText: h('span', {}),
    count: h('span', { class: 'count' }),
    readoutTitle: h('h2', { id: 'h-readout' }, 'The pod at the cursor'),
    groupPick: h('div', { class: 'group-pick', role: 'radiogroup', 'aria-label': 'Show the status of', hidden: true }),
    kubectl: h('pre', { class: 'kubectl', 'aria-label': 'kubectl get pod' }),
    yaml: h('pre', { class: 'yaml', 'aria-label': 'Pod status as YAML', tabindex: 0 }),
    events: h('tbody', {}),
    smPick: h('select', { 'aria-label': 'Container shown in the state machine' }),
    machines: h('div', { class: 'machines' }),
  };
  const header = h('header', { class: 'bar' }, h('div', { class: 'titles' }, e.title, e.sub), h('div', { class: 'actions' }, e.liveState, e.liveBtn, e.open));
  const verdicts = h('section', { class: 'verdict-box', 'aria-labelledby': 'h-verdicts' }, h('h2', { id: 'h-verdicts', class: 'sr-only' }, 'What happens to this pod'), e.verdicts);

  const editorBox = h('details', { class: 'editor-box' }, h('summary', {}, 'Edit the scenario (start-up time, when it turns unhealthy, exit codes, OOM)'), parts.editor);
  fill(e.whatIf, h('strong', {}, 'What if: '), e.whatIfText, h('span', { class: 'hint' }, ' — the manifest is unchanged.'), button({ class: 'secondary' }, "Back to the manifest's probes", on.leaveWhatIf));
  const scenario = h('section', { class: 'scenario', 'aria-labelledby': 'h-scenario' }, h('div', { class: 'scenario-head' }, h('h2', { id: 'h-scenario' }, 'The app'), e.presets), e.simState, editorBox, e.whatIf);

  const legend = h('ul', { class: 'legend', 'aria-label': 'Legend' }, ...LEGEND.map(([k, label]) => h('li', {}, h('span', { class: `sw sw-${k}`, 'aria-hidden': 'true' }), label)));
  const zoom = h(
    'div',
    { class: 'zoom' },
    e.count,
    button({ class: 'icon-button', 'aria-label': 'Zoom out', title: 'Zoom out (−)' }, '−', () => on.zoom(0.5)),
    button({ class: 'icon-button', 'aria-label': 'Zoom in', title: 'Zoom in (+)' }, '+', () => on.zoom(2)),
    button({ class: 'secondary', title: 'Show everything (0)' }, 'Fit', on.fit),
  );
  const keys = h('p', { id: 'tl-keys', class: 'hint' }, 'Click or drag to move the cursor. Keys: ← → 1 s, Shift 10 s · PgUp/PgDn or Ctrl+← → previous/next change · Home/End · + − zoom · 0 fit.');
  const timeline = h('section', { class: 'timeline', 'aria-labelledby': 'h-timeline' }, h('h2', { id: 'h-timeline' }, 'Timeline'), h('div', { class: 'tl-toolbar' }, legend, zoom), h('div', { class: 'tl-host' }, parts.timeline), keys);

  const eventsTable = h(
    'table',
    { class: 'events' },
    h('caption', {}, 'Changes around the cursor'),
    h('thead', {}, h('tr', {}, ...['t', 'of', 'field', 'change', 'reason / message'].map((c) => h('th', { scope: 'col' }, c)))),
    e.events,
  );
  const readout = h(
    'section',
    { class: 'readout', 'aria-labelledby': 'h-readout' },
    h('div', { class: 'readout-head' }, e.readoutTitle, e.groupPick),
    h('div', { class: 'cols' }, h('div', { class: 'col' }, h('h3', {}, '$ kubectl get pod'), e.kubectl, eventsTable), h('div', { class: 'col' }, h('h3', {}, '$ kubectl get pod -o yaml'), e.yaml)),
  );

  e.smPick.addEventListener('change', () => on.pickContainer(e.smPick.value));
  const machines = h(
    'section',
    { class: 'machines-box', 'aria-labelledby': 'h-machines' },
    h('div', { class: 'machines-head' }, h('h2', { id: 'h-machines' }, 'State machines'), h('label', {}, 'container ', e.smPick), h('span', { class: 'hint' }, 'Thick arrows: transitions this run took (×count). Ringed: the state at the cursor.')),
    e.machines,
  );
  fill(byId('app'), header, parts.compare, verdicts, scenario, timeline, readout, machines);
  return e;
}
