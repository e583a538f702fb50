// The Pod Timeline's "current vs recommended" box, shown after ⏱ Measure: what was measured, the
// pod simulated with the manifest's probes and with the recommended ones side by side with their
// verdicts, the changes with their numbers, and the buttons Apply and "Play the recommended
// timings" (a what-if). Data: core/timeline/compare.ts. DOM only through dom.ts, text escaped.
import type { MeasureComparison, Verdict } from '../core/timeline/protocol';
import { fill, h } from './dom';
import { visibleText } from './escape';

export interface CompareHandlers {
  apply(): void;
  /** Simulates the recommended spec on the timeline below (a what-if). */
  play(label: string, podSpec: MeasureComparison['recommended']['podSpec']): void;
}

const ICON: Record<Verdict['level'], string> = { ok: '✓', info: 'ℹ', warning: '⚠', error: '✕' };
const MAX_VERDICTS = 4;

export class CompareView {
  readonly root = h('section', { class: 'compare', 'aria-labelledby': 'h-compare', hidden: true });

  constructor(private readonly on: CompareHandlers) {}

  set(c: MeasureComparison | undefined): void {
    this.root.hidden = !c;
    if (!c) {
      fill(this.root);
      return;
    }
    const text = (s: string, max = 600) => visibleText(s, max);
    const list = (cls: string, items: string[]) => (items.length ? h('ul', { class: cls }, ...items.map((s) => h('li', {}, text(s)))) : undefined);
    const verdicts = (vs: Verdict[]) =>
      h('ul', { class: 'cmp-verdicts' }, ...vs.slice(0, MAX_VERDICTS).map((v) => h('li', { class: `v v-${v.level}` }, h('span', { class: 'v-icon', 'aria-hidden': 'true' }, ICON[v.level]), h('span', { class: 'sr-only' }, `${v.level}: `), h('span', { class: 'v-text' }, text(v.text)))));
    const side = (title: string, s: MeasureComparison['current'], extra?: HTMLElement) =>
      h('div', { class: `cmp-side cmp-${s.level}` }, h('h3', {}, title), h('p', { class: 'cmp-summary' }, h('span', { class: 'v-icon', 'aria-hidden': 'true' }, s.level === 'ok' ? '✓' : '✕'), ' ', text(s.summary)), extra, verdicts(s.verdicts));

    const apply = h('button', { type: 'button', class: 'cmp-apply', disabled: !c.apply.possible, title: c.apply.possible ? 'Write the recommended values into the manifest (one undo step; comments kept)' : text(c.apply.why) }, 'Apply to the manifest');
    apply.addEventListener('click', () => this.on.apply());
    const play = h('button', { type: 'button', class: 'secondary', title: 'Simulate the pod below with the recommended timings; the manifest is not changed' }, 'Play the recommended timings');
    play.addEventListener('click', () => this.on.play(`the recommended timings of the ${c.probe} (measured)`, c.recommended.podSpec));

    fill(
      this.root,
      h('h2', { id: 'h-compare' }, text(`Measured: the ${c.probe}`, 200)),
      list('cmp-measured', c.measured),
      h('div', { class: 'cmp-cols' }, side('Current', c.current), side('Recommended', c.recommended, list('cmp-changes', c.changes))),
      list('cmp-cannot', c.cannot),
      h('p', { class: 'hint' }, text(`Both simulated under what was measured: ${c.scenario}.`)),
      h('div', { class: 'cmp-actions' }, apply, play, c.apply.possible ? undefined : h('span', { class: 'hint' }, text(c.apply.why))),
    );
  }
}
