// The scenario editor: when the app becomes healthy, when it stops answering, when and how it
// exits, per container and per start. Plain labelled form controls (keyboard and screen readers
// work as everywhere); every change calls onChange with a fresh scenario.
import { fill, h } from './dom';
import { visibleText } from './escape';
import type { ScenarioContainerInput, ScenarioRunInput } from '../core/lifecycle/scenario';
import type { ScenarioInput } from '../core/timeline/protocol';
import type { ContainerInfo } from './pod-replay';

type NumKey = 'healthyAfter' | 'unhealthyAfter' | 'exitAfter' | 'exitCode';
type BoolKey = 'oomKilled' | 'ignoresSigterm';

const COLUMNS: { key: NumKey | BoolKey; label: string; hint: string; placeholder?: string }[] = [
  { key: 'healthyAfter', label: 'healthy after (s)', hint: 'Probe endpoints answer success from this second after the start', placeholder: '0' },
  { key: 'unhealthyAfter', label: 'unhealthy after (s)', hint: 'and fail from this second on (the app hangs)', placeholder: 'never' },
  { key: 'exitAfter', label: 'exits after (s)', hint: 'The process exits this many seconds after the start', placeholder: 'never' },
  { key: 'exitCode', label: 'exit code', hint: 'Exit code of that exit', placeholder: '0' },
  { key: 'oomKilled', label: 'OOM', hint: 'The exit is an OOM kill (OOMKilled, 137)' },
  { key: 'ignoresSigterm', label: 'ignores SIGTERM', hint: 'A kill waits the whole grace period, then SIGKILL (137)' },
];

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export class ScenarioEditor {
  readonly root: HTMLElement;
  private scenario: ScenarioInput = {};
  private containers: ContainerInfo[] = [];

  constructor(private readonly onChange: (s: ScenarioInput) => void) {
    this.root = h('div', { class: 'editor' });
  }

  get value(): ScenarioInput {
    return clone(this.scenario);
  }

  set(s: ScenarioInput, containers: ContainerInfo[]): void {
    this.scenario = clone(s);
    this.containers = containers;
    this.render();
  }

  private emit(): void {
    this.onChange(clone(this.scenario));
  }

  private numberInput(value: number | undefined, label: string, placeholder: string, set: (v: number | undefined) => void, opts: { min?: number; step?: number } = {}): HTMLInputElement {
    const input = h('input', { type: 'number', inputmode: 'decimal', min: opts.min ?? 0, step: opts.step ?? 1, 'aria-label': label, placeholder, value: value ?? '' });
    input.addEventListener('input', () => {
      const raw = input.value.trim();
      if (raw === '') {
        input.removeAttribute('aria-invalid');
        set(undefined);
        this.emit();
        return;
      }
      const n = Number(raw);
      if (!Number.isFinite(n) || n < (opts.min ?? 0)) {
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      input.removeAttribute('aria-invalid');
      set(n);
      this.emit();
    });
    return input;
  }

  private checkbox(checked: boolean, label: string, set: (v: boolean) => void): HTMLInputElement {
    const input = h('input', { type: 'checkbox', 'aria-label': label, checked });
    input.addEventListener('change', () => {
      set(input.checked);
      this.emit();
    });
    return input;
  }

  private render(): void {
    const s = this.scenario;
    const global = h(
      'div',
      { class: 'editor-global' },
      h('label', {}, 'Simulate ', this.numberInput(s.until, 'Seconds of simulated time', '600', (v) => (v === undefined ? delete s.until : (s.until = v)), { min: 1 }), ' s'),
      h('label', {}, 'Unscheduled for ', this.numberInput(s.scheduleAfter, 'Seconds the pod stays unscheduled', '0', (v) => (v === undefined ? delete s.scheduleAfter : (s.scheduleAfter = v))), ' s'),
    );
    const blocks = this.containers.map((c) => this.containerBlock(c));
    fill(this.root, global, ...blocks);
  }

  private containerBlock(info: ContainerInfo): HTMLElement {
    const all = (this.scenario.containers ??= {});
    const cs: ScenarioContainerInput = (all[info.name] ??= { runs: [{}] });
    if (!Array.isArray(cs.runs) || !cs.runs.length) cs.runs = [{}];
    const name = visibleText(info.name, 80);
    const kind = info.sidecar ? 'sidecar' : info.init ? 'init container' : 'container';
    const pull = h(
      'div',
      { class: 'editor-pull' },
      h('label', {}, 'Image pull ', this.numberInput(cs.pullSeconds, `${name}: image pull seconds`, '0', (v) => (v === undefined ? delete cs.pullSeconds : (cs.pullSeconds = v))), ' s'),
      h('label', {}, this.checkbox(!!cs.pullFails, `${name}: image pull fails`, (v) => (v ? (cs.pullFails = true) : delete cs.pullFails)), ' pull fails (ErrImagePull → ImagePullBackOff)'),
    );
    const head = h('tr', {}, h('th', { scope: 'col' }, 'start'), ...COLUMNS.map((col) => h('th', { scope: 'col', title: col.hint }, col.label)), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'remove')));
    const runs = cs.runs;
    const rows = runs.map((run, i) => {
      const last = i === runs.length - 1;
      const which = last && runs.length > 1 ? `${i + 1}+` : last ? 'every' : String(i + 1);
      const cells = COLUMNS.map((col) => {
        const label = `${name}, start ${which}: ${col.label}`;
        if (col.key === 'oomKilled' || col.key === 'ignoresSigterm') {
          const k = col.key;
          return h('td', {}, this.checkbox(!!run[k], label, (v) => (v ? (run[k] = true) : delete run[k])));
        }
        const k = col.key;
        return h('td', {}, this.numberInput(run[k], label, col.placeholder ?? '', (v) => (v === undefined ? delete run[k] : (run[k] = v)), { min: k === 'exitCode' ? 0 : 0 }));
      });
      const remove = h('button', { type: 'button', class: 'icon-button', 'aria-label': `Remove start ${which} of ${name}`, title: 'Remove this start', disabled: runs.length === 1 }, '✕');
      remove.addEventListener('click', () => {
        runs.splice(i, 1);
        this.render();
        this.emit();
      });
      return h('tr', {}, h('th', { scope: 'row', title: last ? 'The last entry repeats for every further start' : '' }, which), ...cells, h('td', {}, remove));
    });
    const add = h('button', { type: 'button', class: 'secondary' }, '+ add a start');
    add.addEventListener('click', () => {
      const prev: ScenarioRunInput = runs[runs.length - 1] ?? {};
      runs.push(clone(prev));
      this.render();
      this.emit();
    });
    return h(
      'fieldset',
      { class: 'editor-container' },
      h('legend', {}, `${kind} `, h('code', {}, name)),
      pull,
      h('table', { class: 'runs' }, h('caption', { class: 'sr-only' }, `Starts of ${name}`), h('thead', {}, head), h('tbody', {}, ...rows)),
      h('div', { class: 'editor-foot' }, add, h('span', { class: 'hint' }, 'One row per start of the container; the last row repeats for every further restart. Empty = default (healthy at once, never fails, never exits).')),
    );
  }
}
