import { isMap, isPair } from 'yaml';
import type { ContainerModel } from '../../../manifest/model';
import { keyName, keySpanOfPair } from '../../../manifest/nav';
import type { Rule } from '../../types';
import { droppedReason, fieldPath, sameQuotes } from '../api/validation';
import { closestKey, hintFor, isObjectSchema, placeOf, walkContainer, type UnknownKey } from './schema';

export const unknownField: Rule = {
  id: 'schema/unknown-field',
  defaultSeverity: 'error',
  title: 'Unknown field in a container, probe, hook, header or port',
  help:
    'A key that does not exist at its place: a misspelling (`livenessprobe`, `initialDelay`), a key at the ' +
    'wrong indentation (`initialDelaySeconds` under `httpGet`), or a handler that is not valid there ' +
    '(`sleep` in a probe, `grpc` in a hook). kubectl rejects unknown fields (strict field validation, its ' +
    'default); tools that do not validate drop them silently, so the setting has no effect. Checked: ' +
    'container fields, probes, hooks, handlers, HTTP headers and ports, and probes or `lifecycle` ' +
    'mis-indented to the pod spec level; fields newer than the ' +
    '`kubernetesVersion` option count as unknown. A field that exists in that version but that the API ' +
    'server drops silently because its feature gate is off by default there (sidecar `restartPolicy` in ' +
    '1.28, hook `sleep` in 1.29, …) is reported as a warning.',
  checkWorkload(w, ctx) {
    // Container fields mis-indented to the pod spec level: no version of PodSpec has them.
    const spec = w.podSpecNode;
    if (!spec || !isMap(spec)) return;
    for (const pair of spec.items) {
      if (!isPair(pair)) continue;
      const key = keyName(pair);
      if (key === undefined || !POD_LEVEL_MISPLACED.includes(key)) continue;
      const span = keySpanOfPair(pair, ctx.document.base);
      if (!span) continue;
      ctx.report({
        message: `"${key}" is not a field of the pod spec: it belongs to a container (under containers[]); check its indentation. As it is, kubectl rejects it (unknown field "${fieldPath(w, [...w.podSpecPath, key])}") and tools that do not validate drop it.`,
        span,
      });
    }
  },
  checkContainer(c, ctx) {
    // Fields the configured version knows but drops, its feature gate being off (lint/api-view.ts).
    for (const d of c.dropped ?? []) {
      if (!d.exists) continue;
      ctx.report({
        message: `"${d.key}" has no effect in Kubernetes ${ctx.options.kubernetesVersion}: ${droppedReason(d, ctx)} and accepts the object without it, silently. Remove it, or set kubernetesVersion to the version you deploy to.`,
        span: ctx.spanAt(d.path, 'key'),
        severity: 'warning',
        versionDependent: true,
      });
    }
    walkContainer(c, ctx, {
      unknownKey(u) {
        const here = placeOf(u.level.path, c);
        const effect = `kubectl rejects it (unknown field "${fieldPath(c.workload, [...u.level.path, u.key])}") and tools that do not validate drop it`;
        if (u.since !== undefined) {
          ctx.report({
            message: `"${u.key}" does not exist yet in Kubernetes ${ctx.options.kubernetesVersion} (it came in 1.${u.since}): ${effect}. Remove it, or set kubernetesVersion to the version you deploy to.`,
            span: u.keySpan,
            versionDependent: true,
          });
          return;
        }
        const why = hintFor(u.level.schema, u.key) ?? misplaced(u, c);
        if (why) {
          ctx.report({ message: `"${u.key}" is not a field of ${here}: ${why}. As it is, ${effect}.`, span: u.keySpan });
          return;
        }
        const suggestion = closestKey(u.key, Object.keys(u.level.schema.fields));
        const taken = suggestion !== undefined && u.map.items.some((p) => keyName(p) === suggestion);
        ctx.report({
          message: `"${u.key}" is not a field of ${here}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: ${effect}, so it has no effect. ${todo(suggestion, taken)}`,
          span: u.keySpan,
          fixes:
            suggestion && !taken
              ? [{ title: `Rename to ${suggestion}`, edits: [ctx.edit.replace(u.keySpan, sameQuotes(ctx.textOf(u.keySpan), suggestion))], preferred: true }]
              : undefined,
        });
      },
    });
  },
};

/** Container-only fields that people put one level too far out; none of them is a PodSpec field. */
const POD_LEVEL_MISPLACED = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];

function todo(suggestion: string | undefined, taken: boolean): string {
  if (!suggestion) return 'Remove it or fix the spelling.';
  return taken ? `"${suggestion}" is set too: merge the two, or remove this one.` : `Rename it to "${suggestion}".`;
}

/** A key that is valid one level down (a missing parent key, the likelier slip) or further up (mis-indented). */
function misplaced(u: UnknownKey, c: ContainerModel): string | undefined {
  const parents = Object.entries(u.level.schema.fields)
    .filter(([, t]) => {
      const inner = typeof t === 'object' && 'list' in t ? t.list : t;
      return isObjectSchema(inner) && Object.hasOwn(inner.fields, u.key);
    })
    .map(([k]) => `${k}:`);
  if (parents.length) return `it belongs under ${parents.join(' or ')}`;
  const owner = [...u.ancestors].reverse().find((a) => Object.hasOwn(a.schema.fields, u.key));
  return owner && `it belongs to ${placeOf(owner.path, c)}; check its indentation`;
}
