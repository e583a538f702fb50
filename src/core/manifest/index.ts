export * from './model';
export { parseManifest, clearParseCache, POD_SPEC_PATHS, type ParseOptions } from './parse';
export { nodeAt, pairAt, findPair, spanAt, nodeSpan, pairSpan, keySpanOfPair, keyName } from './nav';
export { isTemplated, TEMPLATE_MASK_CHAR, splitDocuments, maskTemplates } from './split';
