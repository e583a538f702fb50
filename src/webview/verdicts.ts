// Verdicts read off the timeline itself, used when the host sends none (an older simulator, or
// live data). The simulator's own verdicts(result) are preferred: they know the spec. Pure.
import type { Verdict } from './protocol';
import type { TimelineModel } from './model';
import { formatDuration } from './scale';

export function verdictsFromModel(model: TimelineModel, group: 'sim' | 'live' = 'sim'): Verdict[] {
  const out: Verdict[] = [];
  const ms = model.milestones.filter((m) => m.group === group);
  const ready = ms.find((m) => m.kind === 'ready');
  const podLane = model.lanes.find((l) => l.group === group && l.subject === 'pod');
  const end = model.end;
  if (ready) out.push({ id: 'ready', level: 'ok', text: `The pod is Ready after ${formatDuration(ready.t)}.`, t: ready.t });
  else if (podLane) out.push({ id: 'ready', level: 'warning', text: `The pod never becomes Ready within ${formatDuration(end)}.` });
  const kills = ms.filter((m) => m.kind === 'kill');
  if (kills.length) {
    out.push({ id: 'killed', level: 'warning', text: `The kubelet kills a container ${kills.length === 1 ? 'once' : `${kills.length} times`}; the first kill is at ${formatDuration(kills[0]!.t)} (${kills[0]!.label.replace(/^killed \((.*)\)$/, '$1 probe')}).`, t: kills[0]!.t });
  }
  const loop = ms.find((m) => m.kind === 'crashloop');
  if (loop) out.push({ id: 'crashloop', level: 'error', text: `Restart loop: CrashLoopBackOff from ${formatDuration(loop.t)}.`, t: loop.t });
  else if (podLane) {
    let restarts = 0;
    for (const lane of model.lanes) {
      if (lane.group !== group) continue;
      const st = lane.rows.find((r) => r.kind === 'state');
      restarts += st?.markers.filter((m) => m.kind === 'restart').length ?? 0;
    }
    if (!restarts) out.push({ id: 'crashloop', level: 'ok', text: 'No restarts.' });
  }
  return out;
}
