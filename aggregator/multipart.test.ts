import { describe, expect, it } from 'vitest';
import { AggregatorError } from './errors.ts';
import { identifierProblem, parseQuiltForm, parseQuiltMetadata } from './multipart.ts';

/** A form as `curl -F` sends it: its content type and body bytes. */
async function encodeForm(form: FormData): Promise<{ contentType: string; body: Uint8Array }> {
  const request = new Request('http://x/', { method: 'PUT', body: form });
  return {
    contentType: request.headers.get('content-type')!,
    body: new Uint8Array(await request.arrayBuffer()),
  };
}

async function refusal(run: () => Promise<unknown>): Promise<{ status: number; body: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AggregatorError) return error.answer();
    throw error;
  }
  throw new Error('accepted');
}

describe('parseQuiltForm', () => {
  it('takes every field as a file named by its field, with tags from _metadata', async () => {
    const binary = Uint8Array.from([0, 1, 2, 254, 255]);
    const form = new FormData();
    form.append('logo.png', new Blob([binary]), 'logo.png');
    form.append('_metadata', JSON.stringify([{ identifier: 'logo.png', tags: { type: 'logo', n: 3 } }]));
    form.append('notes', 'plain text field');
    const { contentType, body } = await encodeForm(form);
    const files = await parseQuiltForm(contentType, body);
    expect(files.map((f) => [f.identifier, [...f.contents], f.tags])).toEqual([
      ['logo.png', [...binary], { type: 'logo', n: '3' }],
      ['notes', [...new TextEncoder().encode('plain text field')], {}],
    ]);
  });

  it('refuses a body that is not a multipart form, and forms without files', async () => {
    expect(await refusal(() => parseQuiltForm('application/octet-stream', new Uint8Array(3)))).toMatchObject({
      status: 400,
      body: 'Invalid `boundary` for `multipart/form-data` request',
    });
    const onlyMetadata = new FormData();
    onlyMetadata.append('_metadata', '[]');
    const { contentType, body } = await encodeForm(onlyMetadata);
    const answer = await refusal(() => parseQuiltForm(contentType, body));
    expect(JSON.parse(answer.body).error).toMatchObject({
      code: 400,
      message: 'the request is malformed: no files provided in multipart form',
      details: [{ reason: 'MALFORMED_REQUEST' }],
    });
    const truncated = await refusal(() =>
      parseQuiltForm('multipart/form-data; boundary=abc', new TextEncoder().encode('--abc\r\nbroken')),
    );
    expect(truncated.status).toBe(400);
  });

  it('refuses identifiers Walrus refuses', async () => {
    const form = new FormData();
    form.append('trailing ', new Blob([new Uint8Array(1)]), 'x');
    const { contentType, body } = await encodeForm(form);
    expect(JSON.parse((await refusal(() => parseQuiltForm(contentType, body))).body).error.message).toBe(
      'the request is malformed: failed to parse multipart form: invalid identifier: identifier contains trailing whitespace',
    );
    expect(identifierProblem('')).toBe('identifier is empty');
    expect(identifierProblem('a\u0085b')).toBe('identifier contains control characters');
    expect(identifierProblem('x'.repeat(65_536))).toBe('identifier too long');
    expect(identifierProblem('/docs/índice.html')).toBeNull();
  });
});

describe('parseQuiltMetadata', () => {
  it('turns non-string tag values into their JSON text', () => {
    expect(
      parseQuiltMetadata(
        '[{"identifier":"a","tags":{"s":"x","n":3,"b":true,"o":{"k":[1]}}},{"identifier":"b"}]',
      ),
    ).toEqual([
      ['a', { s: 'x', n: '3', b: 'true', o: '{"k":[1]}' }],
      ['b', {}],
    ]);
  });

  it.each([
    '{',
    '{}',
    '[1]',
    '[{"tags":{}}]',
    '[{"identifier":"a","tags":[]}]',
    '[{"identifier":"a"},{"identifier":"a"}]',
  ])('refuses %s', (text) => {
    expect(() => parseQuiltMetadata(text)).toThrow(
      /the request is malformed: failed to parse multipart form: /,
    );
  });
});
