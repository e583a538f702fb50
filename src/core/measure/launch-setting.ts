// One workload's entry of kubeProbes.measure.launch, read (docs/measure.md, "In the editor"). Its own
// file so that the editor reads it without loading the process layer.
/** One workload's entry of kubeProbes.measure.launch: a command line, or a VS Code task by name. */
export type LaunchSetting = { command: string } | { task: string };

/**
 * Reads one entry of the launch setting: "node app.js" or { "command": "node app.js" } or
 * { "task": "Start demo app" }. A message when it is neither.
 */
export function parseLaunchSetting(v: unknown): LaunchSetting | { error: string } {
  if (typeof v === 'string') return v.trim() ? { command: v } : { error: 'the launch command is empty' };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (typeof o.task === 'string' && o.task.trim() && keys.length === 1) return { task: o.task.trim() };
    if (typeof o.command === 'string' && o.command.trim() && keys.length === 1) return { command: o.command };
  }
  return { error: `expected a command line ("node app.js") or {"task": "<label of a task in tasks.json>"}, got ${JSON.stringify(v)?.slice(0, 80)}` };
}
