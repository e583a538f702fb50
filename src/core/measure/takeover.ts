// Launching an app whose probe already succeeds because something else answers at its port — only
// when the user chose to, for a starter that may take the port over (a task of theirs that stops
// the copy already running, like the demo app's --replace). This file knows when the process that
// answered before the launch has stopped answering, so that a cold start is timed on the new
// process only (docs/measure.md, "Something else answers").
import { connect, type Socket } from 'node:net';
import type { Endpoint } from '../probe/target';
import type { AppStarter } from './starters';
import type { Attempt } from './stats';

/** What the user is asked before such a launch (the glue shows it and offers to start anyway or cancel). */
export interface TakeOverQuestion {
  message: string;
  detail: string;
}

export const where = (e: Endpoint) => (e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`);

export function takeOverQuestion(starter: AppStarter, e: Endpoint): TakeOverQuestion {
  return {
    message: `The probe already succeeds before ${starter.label} is launched: something else answers at ${where(e)}.`,
    detail:
      `Start it anyway only if it takes that port over (stops the app answering there, as an app started with a "replace" option does). ` +
      `Its cold start is then timed from its own process start, and a success counts only once the process answering now has stopped answering. ` +
      `Otherwise stop that process first${starter.portHint ? `, or ${starter.portHint}` : '.'}`,
  };
}

/**
 * Watches the process that answers at an endpoint before a launch. It has stopped answering once
 * - the TCP connection held open to it since before the launch is closed (a process that stops or
 *   exits closes its connections; the kernel does it for one that is killed), or
 * - an attempt after the launch finds nothing listening there (connection refused).
 * Only attempts that begin after that moment are the new process's. The one ambiguity left: a
 * server that drops an idle connection on its own timer, within the moments of the takeover, looks
 * stopped (node's HTTP server and the usual servers keep a connection that sent nothing).
 */
export interface AnswererWatch {
  /** host:port, for messages. */
  readonly where: string;
  /** performance.now() ms from which the previous answerer no longer answered; undefined while it may. */
  goneAt(): number | undefined;
  /** Notes an attempt that began at `began` (performance.now() ms): refused means nothing listened then. */
  saw(a: Attempt, began: number): void;
  /** Whether an attempt that began at `began` can only have been answered by the new process. */
  isNew(began: number): boolean;
  dispose(): void;
}

export function watchAnswerer(e: Endpoint, connectTimeoutMs = 2000): Promise<AnswererWatch> {
  return new Promise((resolve) => {
    let gone: number | undefined;
    const mark = (t = performance.now()) => {
      if (gone === undefined) gone = t;
    };
    const socket: Socket = connect({ host: e.host, port: e.port });
    const timer = setTimeout(() => socket.destroy(), connectTimeoutMs);
    socket.resume(); // whatever it sends is not read
    socket.setKeepAlive(true, 1000);
    const watch: AnswererWatch = {
      where: where(e),
      goneAt: () => gone,
      saw: (a, began) => {
        if (!a.ok && a.failure === 'refused') mark(began);
      },
      isNew: (began) => gone !== undefined && began > gone,
      dispose: () => {
        clearTimeout(timer);
        socket.removeAllListeners('close');
        socket.destroy();
      },
    };
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(watch);
    });
    socket.on('error', () => {
      /* reported as 'close' */
    });
    socket.once('close', () => {
      clearTimeout(timer);
      // Not even connected: nothing answers there any more.
      mark();
      resolve(watch);
    });
  });
}
