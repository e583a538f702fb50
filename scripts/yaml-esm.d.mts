// Types of yaml-esm.mjs (for bench/ and the TypeScript check).
export declare const YAML_ESM_ALIAS: { yaml: string };
