// Test support for gRPC services: a handler called the way the gRPC-web server calls it, and the
// services served over HTTP for an unmodified `SuiGrpcClient`.
import { startRpcServer, type RpcServer } from '../../rpc/server.ts';
import { createGrpcWebHandler } from '../server.ts';
import type { GrpcService } from '../service.ts';

/**
 * Calls a unary method with the request and the answer each passed through the method's protobuf
 * encoding, so the test sees what a client decodes and a field the wire cannot carry fails here.
 */
export async function callOverWire<O extends object>(
  service: GrpcService,
  name: string,
  request: object,
): Promise<O> {
  const method = service.descriptor.methods.find((m) => m.name === name);
  const handler = service.handlers[name];
  if (!method || !handler) throw new Error(`${service.descriptor.typeName} has no handler for ${name}`);
  const input: object = method.I.fromBinary(method.I.toBinary(method.I.create(request)));
  const output = await handler(input as never, { signal: new AbortController().signal });
  return method.O.fromBinary(method.O.toBinary(output)) as O;
}

/** The services on a local port, as the devnet serves them (gRPC-web beside JSON-RPC). */
export function serveGrpc(services: readonly GrpcService[]): Promise<RpcServer> {
  return startRpcServer({ methods: {}, grpc: createGrpcWebHandler(services) });
}
