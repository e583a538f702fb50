import type { ContainerModel, PathSegment, Span } from '../../../manifest/model';
import type { Fix, Rule, RuleContext } from '../../types';
import { apiError, asObject, containerLabel, fieldPath, gateOnFor, itemSpan, sameQuotes, supportedValues, type ErrorType } from './validation';

const POLICIES = ['Always', 'Never', 'OnFailure'];

interface Problem {
  what: string;
  todo: string;
  error: string;
  span: Span;
  fixes?: Fix[];
}

export const containerRestartPolicy: Rule = {
  id: 'api/container-restart-policy',
  defaultSeverity: 'error',
  title: 'Container restartPolicy or restartPolicyRules the API server rejects',
  help:
    'From Kubernetes 1.28 to 1.33 a container-level `restartPolicy` is accepted only on init containers and only as ' +
    '`Always` (a native sidecar; 1.28 drops it, gate SidecarContainers off); on regular containers it is forbidden. ' +
    'In 1.34 (gate ContainerRestartRules alpha, off) the API server silently drops every `restartPolicy` but a ' +
    'sidecar\'s `Always`, and all `restartPolicyRules`. From 1.35 (gate ' +
    'ContainerRestartRules) `Always`, `OnFailure` and `Never` are allowed on every container, ' +
    '`restartPolicyRules` need a `restartPolicy`, each rule needs `action: Restart` and `exitCodes` with ' +
    'operator `In` or `NotIn`, and a sidecar (`Always`) may not have rules. The result depends on the ' +
    '`kubernetesVersion` option, which every finding names.',
  checkContainer(c, ctx) {
    if (c.kind === 'ephemeralContainer') return;
    // A restartPolicy that is not a string cannot be decoded at all: schema/wrong-type reports it.
    const policy = c.spec.restartPolicy as unknown;
    if (policy !== undefined && policy !== null && typeof policy !== 'string') return;
    // ContainerRestartRules (alpha 1.34, on from 1.35). Where a gate is off, the fields the API server
    // drops are not in the view (api-view.ts): an init container's restartPolicy while SidecarContainers
    // is off (1.28), every restartPolicy but a sidecar's Always and all rules in 1.34.
    const gate = gateOnFor(ctx, 'ContainerRestartRules');
    for (const p of gate ? withRules(c, ctx) : withoutRules(c, ctx)) {
      ctx.report({
        message: `${containerLabel(c)}: ${p.what} in Kubernetes ${ctx.options.kubernetesVersion}, and the API server rejects it ("${p.error}"). ${p.todo}`,
        span: p.span,
        fixes: p.fixes,
        versionDependent: true,
      });
    }
  },
};

function errorAt(c: ContainerModel, path: readonly PathSegment[], type: ErrorType, value: string | undefined, detail: string): string {
  return apiError(fieldPath(c.workload, path), type, value, detail);
}

/** 1.29–1.33: validateInitContainerRestartPolicy allows only Always; regular containers may not set it (1.28–1.33). */
function withoutRules(c: ContainerModel, ctx: RuleContext): Problem[] {
  const policy = c.spec.restartPolicy as unknown;
  if (policy === undefined || policy === null) return [];
  const path = [...c.path, 'restartPolicy'];
  if (c.kind === 'initContainer') return policy === 'Always' ? [] : [unsupported(c, ctx, policy, ['Always'])];
  const edit = ctx.edit.deleteEntry(path);
  return [{
    what: 'restartPolicy is not allowed on a regular container',
    todo: "Remove it; the pod's restartPolicy applies.",
    error: errorAt(c, path, 'Forbidden', undefined, 'may not be set for non-init containers'),
    span: ctx.spanAt(path, 'key'),
    fixes: edit ? [{ title: 'Remove restartPolicy', edits: [edit], preferred: true }] : undefined,
  }];
}

/** 1.35+: validateContainerRestartPolicy for every container, sidecars may not have rules. */
function withRules(c: ContainerModel, ctx: RuleContext): Problem[] {
  const policy = c.spec.restartPolicy as unknown;
  const rules = c.spec.restartPolicyRules as unknown;
  const rulesPath = [...c.path, 'restartPolicyRules'];
  const hasRules = Array.isArray(rules) && rules.length > 0;
  if (policy === undefined || policy === null) {
    if (!hasRules) return [];
    return [{
      what: 'restartPolicyRules need a restartPolicy',
      todo: 'Add restartPolicy: Never or OnFailure.',
      error: errorAt(c, [...c.path, 'restartPolicy'], 'Required value', undefined, 'must specify restartPolicy when restart rules are used'),
      span: ctx.spanAt(rulesPath, 'key'),
    }];
  }
  if (typeof policy !== 'string' || !POLICIES.includes(policy)) return [unsupported(c, ctx, policy, POLICIES)];
  if (!hasRules) return [];
  if (c.kind === 'initContainer' && policy === 'Always') {
    return [{
      what: 'a sidecar (restartPolicy: Always) may not have restartPolicyRules',
      todo: 'Remove the rules; a sidecar is always restarted.',
      error: errorAt(c, rulesPath, 'Forbidden', undefined, 'restartPolicyRules are not allowed for init containers with restart policy Always'),
      span: ctx.spanAt(rulesPath, 'key'),
    }];
  }
  return rules.flatMap((rule, i) => ruleProblems(c, ctx, asObject(rule), [...rulesPath, i]));
}

function unsupported(c: ContainerModel, ctx: RuleContext, policy: unknown, allowed: string[]): Problem {
  const path = [...c.path, 'restartPolicy'];
  const value = String(policy);
  const span = ctx.spanAt(path);
  const fixed = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
  return {
    what: `restartPolicy "${value}" is not supported`,
    todo: `Use ${allowed.join(', ')}.`,
    error: errorAt(c, path, 'Unsupported value', value, supportedValues(allowed)),
    span,
    fixes: fixed ? [{ title: `Change it to ${fixed}`, edits: [ctx.edit.replace(span, sameQuotes(ctx.textOf(span), fixed))], preferred: true }] : undefined,
  };
}

function ruleProblems(c: ContainerModel, ctx: RuleContext, rule: Record<string, unknown> | undefined, path: PathSegment[]): Problem[] {
  if (!rule) return [];
  const out: Problem[] = [];
  if (rule.action !== 'Restart') {
    const actionPath = [...path, 'action'];
    const value = typeof rule.action === 'string' ? rule.action : '';
    out.push({
      what: `restart rule action "${value}" is not supported`,
      todo: 'Use action: Restart.',
      error: errorAt(c, actionPath, 'Unsupported value', value, supportedValues(['Restart'])),
      span: rule.action === undefined ? itemSpan(ctx, path) : ctx.spanAt(actionPath),
    });
  }
  const exitCodes = asObject(rule.exitCodes);
  const opPath = [...path, 'exitCodes', 'operator'];
  if (!exitCodes) {
    out.push({
      what: 'a restart rule needs exitCodes',
      todo: 'Add exitCodes with operator In or NotIn and the exit code values.',
      error: errorAt(c, [...path, 'exitCodes'], 'Required value', undefined, 'must be specified'),
      span: itemSpan(ctx, path),
    });
  } else if (exitCodes.operator !== 'In' && exitCodes.operator !== 'NotIn') {
    const value = typeof exitCodes.operator === 'string' ? exitCodes.operator : '';
    out.push({
      what: `exitCodes operator "${value}" is not supported`,
      todo: 'Use In or NotIn.',
      error: errorAt(c, opPath, 'Unsupported value', value, supportedValues(['In', 'NotIn'])),
      span: ctx.spanAt(opPath),
    });
  }
  return out;
}
