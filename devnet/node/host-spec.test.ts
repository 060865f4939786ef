import { describe, expect, it } from 'vitest';
import { parseHostCommand, parseHostReply } from './host-protocol.ts';
import { HostSpecError, parseHostSpec } from './host-spec.ts';

const chain = {
  rpcUrl: 'http://127.0.0.1:9000',
  packageId: '0x2a',
  stakingObjectId: '0x3b',
  nodeId: '0x4c',
};
const node = (i: number) => ({
  name: `node-${i}`,
  dir: `/tmp/n${i}/data`,
  blsKey: `/tmp/n${i}/bls.key`,
  port: 21_000 + i,
  adminPort: 22_000 + i,
  chain,
});
const parse = (spec: unknown) => parseHostSpec(JSON.stringify(spec));

describe('parseHostSpec', () => {
  it('reads nodes with their chain, link, start flag and the host TLS files', () => {
    const link = { rttMs: 95, jitterMs: 10, bandwidthBytesPerSec: 6_250_000 };
    const spec = parse({
      nodes: [
        { ...node(0), chain: { ...chain, pollMs: 1000, committeeCheckMs: 10_000 }, geoLink: link },
        { ...node(1), start: false },
      ],
      tls: { certPath: '/tmp/cert.pem', keyPath: '/tmp/key.pem' },
    });
    expect(spec.nodes[0]!.chain).toEqual({ ...chain, pollMs: 1000, committeeCheckMs: 10_000 });
    // setupMs defaults to TCP + TLS handshakes, as on the node's command line.
    expect(spec.nodes[0]!.geoLink).toEqual({ ...link, setupMs: 190 });
    expect(spec.nodes[1]!.start).toBe(false);
    expect(spec.nodes[0]!.start).toBeUndefined();
    expect(spec.tls).toEqual({ certPath: '/tmp/cert.pem', keyPath: '/tmp/key.pem' });
  });

  it('names the field that is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [{ nodes: [] }, /spec.nodes must be a non-empty array/],
      [{ nodes: [{ ...node(0), adminport: 1 }] }, /nodes\[0\] has an unknown field "adminport"/],
      [{ nodes: [{ ...node(0), port: 70_000 }] }, /nodes\[0\].port must be an integer in 0..65535/],
      [{ nodes: [{ ...node(0), chain: { ...chain, rpcUrl: 'ftp://x' } }] }, /nodes\[0\].chain.rpcUrl/],
      [{ nodes: [{ ...node(0), chain: { ...chain, nodeId: 'abc' } }] }, /nodes\[0\].chain.nodeId/],
      [{ nodes: [{ ...node(0), geoLink: { rttMs: 1, jitterMs: 0, bandwidthBytesPerSec: 0 } }] }, /bandwidth/],
      [{ nodes: [node(0), { ...node(1), port: node(0).port }] }, /share the port 21000/],
      [{ nodes: [node(0), { ...node(1), dir: node(0).dir }] }, /share the data folder/],
      [{ nodes: [node(0)], tls: { certPath: '/c' } }, /tls.keyPath/],
    ];
    for (const [spec, message] of cases) expect(() => parse(spec)).toThrow(message);
    expect(() => parseHostSpec('{')).toThrow(HostSpecError);
  });

  it('lets several nodes ask for any free port', () => {
    expect(
      parse({
        nodes: [
          { ...node(0), port: 0 },
          { ...node(1), port: 0 },
        ],
      }).nodes,
    ).toHaveLength(2);
  });
});

describe('host commands', () => {
  it('accepts stop and start of a named node and nothing else', () => {
    expect(parseHostCommand({ id: 1, op: 'stop', name: 'node-3' })).toEqual({
      id: 1,
      op: 'stop',
      name: 'node-3',
    });
    expect(parseHostCommand({ id: 1, op: 'exit', name: 'node-3' })).toBeUndefined();
    expect(parseHostCommand({ op: 'stop', name: 'node-3' })).toBeUndefined();
    expect(parseHostCommand('stop node-3')).toBeUndefined();
    expect(parseHostReply({ id: 2, ok: false, error: 'no node' })).toEqual({
      id: 2,
      ok: false,
      error: 'no node',
    });
    expect(parseHostReply({ id: 2, ok: true })).toBeUndefined();
  });
});
