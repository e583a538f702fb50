// The colour classes ("tones") of the timeline's bands, from what the kubelet reports: a container
// state and its reason, a pod phase, a kubectl STATUS. theme.ts maps each tone to a theme colour.
// Pure: no DOM.

export type Tone =
  | 'running' | 'notready' | 'waiting' | 'backoff' | 'pull' | 'terminated' | 'completed' | 'oom'
  | 'pending' | 'succeeded' | 'failed' | 'unknown' | 'true' | 'false' | 'ok' | 'fail' | 'neutral';

export function stateTone(state: string, reason: string | undefined, exitCode?: number): Tone {
  if (state === 'Running') return 'running';
  if (state === 'Terminated') {
    if (reason === 'OOMKilled') return 'oom';
    if (reason === 'Completed' || (reason === undefined && exitCode === 0)) return 'completed';
    return 'terminated';
  }
  if (state === 'Waiting') {
    if (reason === 'CrashLoopBackOff') return 'backoff';
    if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff' || reason === 'ErrImageNeverPull' || reason === 'InvalidImageName') return 'pull';
    if (!reason || reason === 'ContainerCreating' || reason === 'PodInitializing') return 'waiting';
    return 'failed';
  }
  return 'unknown';
}

export function phaseTone(phase: string): Tone {
  switch (phase) {
    case 'Pending': return 'pending';
    case 'Running': return 'running';
    case 'Succeeded': return 'succeeded';
    case 'Failed': return 'failed';
    default: return 'unknown';
  }
}

/** Tone of a kubectl STATUS value (the READY count decides between Running and not-ready). */
export function kubectlTone(status: string, ready: string): Tone {
  if (status === 'Running') {
    const [a, b] = ready.split('/');
    return a === b ? 'running' : 'notready';
  }
  if (status === 'CrashLoopBackOff' || status === 'Init:CrashLoopBackOff') return 'backoff';
  if (/ImagePull|ErrImage|InvalidImageName/.test(status)) return 'pull';
  if (status === 'Completed' || status === 'Succeeded') return 'completed';
  if (/OOMKilled/.test(status)) return 'oom';
  if (/^(Init:)?(Error|ExitCode|Signal|StartError|ContainerCannotRun|ContainerStatusUnknown)/.test(status) || status === 'Failed') return 'terminated';
  if (status === 'Pending' || status === 'ContainerCreating' || status === 'PodInitializing' || /^Init:\d+\/\d+$/.test(status)) return 'waiting';
  if (status === 'NotReady') return 'notready';
  return 'neutral';
}
