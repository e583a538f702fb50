import type { Rule } from '../types';

/** YAML the parser could not read. Duplicate keys have their own rule (schema/duplicate-key). */
export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  title: 'The file is not valid YAML',
  help:
    'The YAML parser could not read this part of the file, so neither `kubectl apply` nor this linter can ' +
    'understand it. Everything that could be read is still checked. Inside Helm/Go templates (`{{ … }}`) ' +
    'syntax errors are not reported, because the text is only YAML after rendering.',
  checkDocument(d, ctx) {
    if (d.templated) return;
    // The first error of a document is the one to fix; the parser's later errors are mostly its echo.
    const errors = d.problems.filter((p) => p.severity === 'error' && p.code !== 'DUPLICATE_KEY').sort((a, b) => a.span.start - b.span.start);
    const p = errors[0];
    if (!p) return;
    // Give an empty position one character (or the one before it at the end of the file) so it shows.
    const len = ctx.file.text.length;
    const span =
      p.span.end > p.span.start ? p.span : p.span.start < len ? { start: p.span.start, end: p.span.start + 1 } : { start: Math.max(0, len - 1), end: len };
    const more = errors.length - 1;
    const tail = more ? ` (${more} more error${more === 1 ? '' : 's'} in this document, most likely caused by this one)` : '';
    ctx.report({ message: `YAML syntax error: ${p.message.replace(/\s+at line \d+, column \d+.*$/s, '')}${tail}`, span });
  },
};
