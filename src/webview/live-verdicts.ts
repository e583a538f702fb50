// Verdicts about a LIVE pod, read off its lanes (the simulation's verdicts come from the core's
// verdicts(result), which knows the spec and the scenario; a watched pod has neither). Same
// Verdict type as the core's, so the panel lists both alike. Pure.
import type { Verdict } from '../core/timeline/protocol';
import { formatDuration } from '../core/util/duration';
import type { TimelineModel } from './lanes';

export function liveVerdicts(model: TimelineModel): Verdict[] {
  const out: Verdict[] = [];
  const ms = model.milestones.filter((m) => m.group === 'live');
  const podLane = model.lanes.find((l) => l.group === 'live' && l.subject === 'pod');
  if (!podLane) return out;
  const ready = ms.find((m) => m.kind === 'ready');
  if (ready) out.push({ kind: 'ready', level: 'ok', t: ready.t, text: `Live: the pod is Ready after ${formatDuration(ready.t)}.` });
  else out.push({ kind: 'never-ready', level: 'warning', text: `Live: the pod has not been Ready in the ${formatDuration(model.end)} watched.` });
  const kills = ms.filter((m) => m.kind === 'kill');
  if (kills.length) {
    const first = kills[0]!;
    out.push({
      kind: 'probe-kills', level: 'warning', t: first.t,
      text: `Live: the kubelet killed a container ${kills.length === 1 ? 'once' : `${kills.length} times`}; first at ${formatDuration(first.t)} (${first.label}).`,
    });
  }
  const loop = ms.find((m) => m.kind === 'crashloop');
  if (loop) out.push({ kind: 'crash-loop', level: 'error', t: loop.t, text: `Live: restart loop, CrashLoopBackOff from ${formatDuration(loop.t)}.` });
  return out;
}
