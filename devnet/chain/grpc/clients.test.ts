// The client method lists name real `sui.rpc.v2` methods, as gRPC paths.
import { describe, expect, it } from 'vitest';
import { GrpcTypes } from '@mysten/sui/grpc';
import { CLIENT_METHODS } from './clients.ts';

const KNOWN_PATHS = new Set(
  [
    GrpcTypes.LedgerService,
    GrpcTypes.StateService,
    GrpcTypes.MovePackageService,
    GrpcTypes.NameService,
    GrpcTypes.TransactionExecutionService,
    GrpcTypes.SignatureVerificationService,
    GrpcTypes.SubscriptionService,
  ].flatMap((service) => service.methods.map((method) => `${service.typeName}/${method.name}`)),
);

describe('CLIENT_METHODS', () => {
  it('lists only methods the SDK generated, each once per client', () => {
    for (const [client, methods] of Object.entries(CLIENT_METHODS)) {
      expect(
        methods.filter((m) => !KNOWN_PATHS.has(m)),
        client,
      ).toEqual([]);
      expect(new Set(methods).size, client).toBe(methods.length);
    }
  });
});
