// The Workload Timeline's shared half (the panel and the webview both use it): the protocol, the
// drawing model, the preset stories and Try-it variants, one simulation, live workload data.
export * from './protocol';
export * from './model';
export * from './stories';
export * from './run';
export * from './live';
