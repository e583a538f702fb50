import type { Fix, Rule } from '../../types';
import { apiError, asObject, containerLabel, fieldPath, gateOnFor, sameQuotes, supportedValues, validatesHandlers } from './validation';

/** The Signal enum of core/v1 (supportedStopSignalsLinux), sorted as the API server lists it. */
const LINUX = [
  'SIGABRT', 'SIGALRM', 'SIGBUS', 'SIGCHLD', 'SIGCLD', 'SIGCONT', 'SIGFPE', 'SIGHUP', 'SIGILL', 'SIGINT', 'SIGIO',
  'SIGIOT', 'SIGKILL', 'SIGPIPE', 'SIGPOLL', 'SIGPROF', 'SIGPWR', 'SIGQUIT', 'SIGSEGV', 'SIGSTKFLT', 'SIGSTOP',
  'SIGSYS', 'SIGTERM', 'SIGTRAP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGUSR1', 'SIGUSR2', 'SIGVTALRM',
  'SIGWINCH', 'SIGXCPU', 'SIGXFSZ', 'SIGRTMIN', 'SIGRTMAX',
  ...Array.from({ length: 15 }, (_, i) => `SIGRTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `SIGRTMAX-${i + 1}`),
].sort();
const WINDOWS = ['SIGKILL', 'SIGTERM'];

export const lifecycleStopSignal: Rule = {
  id: 'api/lifecycle-stop-signal',
  defaultSeverity: 'error',
  title: 'lifecycle.stopSignal without spec.os, or not supported on that OS',
  help:
    '`lifecycle.stopSignal` (gate ContainerStopSignals, from Kubernetes 1.33) needs the pod to declare ' +
    '`spec.os.name`: without it the API server rejects the field ("may not be set for containers with ' +
    'empty `spec.os.name`"). On Windows only `SIGKILL` and `SIGTERM` are supported, on Linux the signal ' +
    'names of the Signal enum (`SIGTERM`, `SIGQUIT`, `SIGRTMIN+1`, …) (validateStopSignal).',
  checkContainer(c, ctx) {
    // The field came with gate ContainerStopSignals (1.33; before it, schema/unknown-field reports it).
    // The gate is alpha and off by default in every release so far; feature-gates.ts assumes it on where
    // it exists, since without it the field does nothing at all (§15).
    if (!validatesHandlers(c) || !gateOnFor(ctx, 'ContainerStopSignals')) return;
    const signal = asObject(c.spec.lifecycle)?.stopSignal;
    if (typeof signal !== 'string') return;
    const path = [...c.path, 'lifecycle', 'stopSignal'];
    const span = ctx.spanAt(path);
    const field = fieldPath(c.workload, path);
    const os = asObject(c.workload.podSpec.os);
    if (!os) {
      const fixes: Fix[] = [];
      const edit = LINUX.includes(signal) ? ctx.edit.insertIntoMap(c.workload.podSpecPath, ['os:', '  name: linux']) : undefined;
      if (edit) fixes.push({ title: 'Declare the pod as Linux (spec.os.name: linux)', edits: [edit] });
      ctx.report({
        message: `${containerLabel(c)} sets lifecycle.stopSignal, but the pod does not declare spec.os.name: the API server rejects it ("${apiError(field, 'Forbidden', undefined, 'may not be set for containers with empty `spec.os.name`')}"). Set spec.os.name to linux or windows.`,
        span,
        fixes,
      });
      return;
    }
    const allowed = os.name === 'windows' ? WINDOWS : os.name === 'linux' ? LINUX : undefined;
    if (!allowed || allowed.includes(signal)) return;
    const upper = signal.trim().toUpperCase();
    const fixed = [upper, `SIG${upper}`].find((s) => allowed.includes(s));
    ctx.report({
      message: `${containerLabel(c)} uses stop signal "${signal}", which ${os.name} does not support: the API server rejects it ("${apiError(field, 'Unsupported value', signal, supportedValues(allowed))}"). ${fixed ? `Use ${fixed}.` : `Use ${os.name === 'windows' ? 'SIGTERM or SIGKILL' : 'a signal name such as SIGTERM'}.`}`,
      span,
      fixes: fixed ? [{ title: `Use ${fixed}`, edits: [ctx.edit.replace(span, sameQuotes(ctx.textOf(span), fixed))], preferred: true }] : undefined,
    });
  },
};
