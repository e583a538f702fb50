import { visit, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ManifestDocument } from '../../../manifest/model';
import { keyName } from '../../../manifest/nav';
import type { Rule, RuleContext } from '../../types';

export const duplicateKey: Rule = {
  id: 'schema/duplicate-key',
  defaultSeverity: 'error',
  title: 'The same key twice in one mapping',
  help:
    'Two entries with the same key in one mapping (two `livenessProbe:` in a container). kubectl and Helm ' +
    'keep the last one and silently ignore the first (kubernetes/kubernetes#99286, #125885); kustomize and ' +
    'strict YAML tools reject the file ("mapping key … already defined"). The quick fix removes the ' +
    'ignored earlier entry, which keeps what kubectl applies today. Not reported inside Helm/Go templates, ' +
    'where `{{ if }}`/`{{ else }}` branches legitimately repeat keys.',
  checkDocument(d, ctx) {
    if (d.templated || !d.yaml) return;
    // In a document the parser could not read, "duplicates" are artefacts of the broken structure.
    if (d.problems.some((p) => p.severity === 'error' && p.code !== 'DUPLICATE_KEY')) return;
    // The parser reports each repeated key at its start.
    const starts = new Set(d.problems.filter((p) => p.code === 'DUPLICATE_KEY').map((p) => p.span.start - d.base));
    if (starts.size === 0) return;
    visit(d.yaml, {
      Map(_, map) {
        map.items.forEach((pair, i) => {
          const start = (pair.key as Node | null)?.range?.[0];
          const key = keyName(pair);
          if (start === undefined || key === undefined || !starts.has(start)) return;
          const earlier = map.items.slice(0, i).reverse().find((p) => keyName(p) === key);
          if (earlier) reportDuplicate(d, ctx, map, pair, earlier, key);
        });
      },
    });
  },
};

function reportDuplicate(d: ManifestDocument, ctx: RuleContext, map: YAMLMap, pair: Pair, earlier: Pair, key: string): void {
  const range = (pair.key as Node).range!;
  const firstLine = ctx.file.positionAt(d.base + (earlier.key as Node).range![0]).line + 1;
  const edit = ctx.edit.deletePair(map, earlier);
  ctx.report({
    message: `"${key}" appears twice in this mapping (first on line ${firstLine}): kubectl and Helm keep only this last one and silently ignore the first, kustomize rejects the file. Merge them or remove one.`,
    span: { start: d.base + range[0], end: d.base + range[1] },
    fixes: edit ? [{ title: `Remove the ignored "${key}" on line ${firstLine}`, edits: [edit] }] : undefined,
  });
}
