import { describe, expect, it } from 'vitest';
import { parse, UsageError } from './command.ts';

const OPTIONS = {
  json: { type: 'boolean' },
  site: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
} as const;

describe('parse', () => {
  it('takes an ID that starts with - as an argument, not an unknown flag', () => {
    // URL-safe base64 blob IDs start with '-' one time in 64.
    const id = '-2ZTDUa5XqrZooF6l-W34MZxHs_qPOy_59jOG9Bc7ybI';
    const parsed = parse([id, '--json', '--site', id], OPTIONS, 'usage');
    expect(parsed.positionals).toEqual([id]);
    expect(parsed.values.json).toBe(true);
    expect(parsed.values.site).toBe(id);
  });

  it('still refuses unknown flags and reads short ones', () => {
    expect(() => parse(['-x'], OPTIONS, 'usage')).toThrow(UsageError);
    expect(() => parse(['--nope'], OPTIONS, 'usage')).toThrow(UsageError);
    expect(parse(['-y', 'a'], OPTIONS, 'usage').values.yes).toBe(true);
  });
});
