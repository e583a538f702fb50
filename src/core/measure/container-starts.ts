// Cold starts of a local container (docs/measure.md, "A local container"): `docker restart` /
// `podman restart` (spawned, no shell, with a timeout), each start timed from the container's own
// start as its engine records it (`inspect` State.StartedAt) to the first successful probe. The
// container keeps running after the last start.
import { ClusterError } from '../cluster/errors';
import { engineTime, inspectContainer, restartContainer, type ContainerTool } from '../cluster/docker';
import { MeasureError } from './errors';
import type { AppStarter, StartedApp } from './starters';

function measureErrorOf(e: unknown): unknown {
  return e instanceof ClusterError ? new MeasureError(e.hint && !e.message.includes(e.hint) ? `${e.message} ${e.hint}` : e.message) : e;
}

/** Restarts `container` through `tool` for each cold start. */
export function containerStarter(tool: ContainerTool, container: string, o: { stopSeconds?: number } = {}): AppStarter {
  return {
    label: `container ${container} (${tool.kind})`,
    kind: 'restart',
    leaveRunning: true,
    async start(_n, signal): Promise<StartedApp> {
      let startedAt: string | undefined;
      try {
        await restartContainer(tool, container, { stopSeconds: o.stopSeconds, signal });
        startedAt = (await inspectContainer(tool, container, { signal })).startedAt;
      } catch (e) {
        throw measureErrorOf(e);
      }
      const at = engineTime(startedAt);
      if (at === undefined) throw new MeasureError(`${tool.kind} did not say when container ${container} started (State.StartedAt ${JSON.stringify(startedAt ?? null)})`);
      // The engine's wall clock → this process's monotonic clock (the probe attempts are timed on it).
      const t0 = performance.now() - (Date.now() - at);
      return {
        t0,
        exited: () => undefined,
        check: async (sig) => {
          try {
            const s = await inspectContainer(tool, container, { signal: sig });
            if (!s.running) return `stopped (${s.status}${s.exitCode !== undefined ? `, exit code ${s.exitCode}` : ''})`;
            if (s.startedAt !== startedAt) return `was restarted again (at ${s.startedAt}, by its restart policy?)`;
          } catch (e) {
            return `could not be inspected: ${(e as Error).message}`;
          }
          return undefined;
        },
        stop: async () => {},
      };
    },
  };
}
