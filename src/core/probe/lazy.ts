// The network runners with heavy dependencies (our HTTP client, gRPC), loaded once, on first use.
let http: Promise<typeof import('./http')> | undefined;
let grpc: Promise<typeof import('./grpc')> | undefined;

export const loadHttp = () => (http ??= import('./http'));
export const loadGrpc = () => (grpc ??= import('./grpc'));
