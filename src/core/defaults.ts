// Defaults that more than one part of the product needs, in one place: the core, the CLI, the
// extension, the webview bundle and scripts/contributes.mjs (the settings schema) read them from here.

/** Kubernetes minor version assumed when `kubeProbes.lint.kubernetesVersion` / the config does not say. */
export const DEFAULT_KUBERNETES_VERSION = '1.35';

/** This tool's version as the CLI (`--version`, SARIF `tool.driver.version`) reports it; KUBE_PROBES_VERSION overrides. */
export const PACKAGE_VERSION = '0.1.0';

export function toolVersion(env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env): string {
  return env.KUBE_PROBES_VERSION ?? PACKAGE_VERSION;
}

/** Most events and probe attempts a live timeline keeps (the oldest are dropped beyond it). */
export const LIVE_LIMIT = 50_000;
