// Cheap checks on raw text, used before any parsing to decide whether a file is worth linting.

/** True when the text has a top-level `kind:` and `apiVersion:` (YAML) or "kind"/"apiVersion" keys (JSON). */
export function looksLikeKubernetes(text: string): boolean {
  return /^[ \t]*["']?kind["']?[ \t]*:/m.test(text) && /^[ \t]*["']?apiVersion["']?[ \t]*:/m.test(text);
}
