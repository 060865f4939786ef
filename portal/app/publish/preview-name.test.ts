import { describe, expect, it } from 'vitest';
import { previewName } from './preview-name.ts';

describe('previewName', () => {
  it('deploys to the live site when the option is off, whatever the name', () => {
    expect(previewName({ enabled: false, name: 'Bad Name' })).toEqual({ name: null, error: null });
  });

  it("takes a name the CLI's --preview takes", () => {
    expect(previewName({ enabled: true, name: 'pr-12' })).toEqual({ name: 'pr-12', error: null });
  });

  it('refuses the names the CLI refuses, saying the rule', () => {
    for (const bad of ['', 'Bad Name', '-x', 'a'.repeat(41)]) {
      const { name, error } = previewName({ enabled: true, name: bad });
      expect(name).toBeNull();
      expect(error).toMatch(/a-z, 0-9 and hyphens, at most 40 characters/);
    }
  });
});
