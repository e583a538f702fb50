// Types of scripts/tools.mjs for the TypeScript tests that import it.
export declare const TOOLS_DIR: string;
export declare function ensureTools(): { helm: string; kubectl: string };
