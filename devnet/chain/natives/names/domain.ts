// SuiNS `domain::new` in TypeScript, shared by the Move natives and the JSON-RPC resolver so both
// accept exactly the same names. Labels are stored TLD first (`pay.name.sui` → [sui, name, pay]),
// which is the BCS `Domain { labels }` that readers such as @mysten/suins serialize as the key.
import { MAX_DOMAIN_LENGTH, MAX_LABEL_LENGTH } from './constants.ts';

export interface DomainValue {
  labels: string[];
}

/** The reversed labels of `name`, or undefined where SuiNS's `domain::new` would abort. */
export function parseDomain(name: string): DomainValue | undefined {
  // Move measures `String` length in bytes; non-ASCII names fail the label check anyway.
  if (new TextEncoder().encode(name).length > MAX_DOMAIN_LENGTH) return undefined;
  const labels = splitByDot(name);
  if (labels.length === 0 || !labels.every(isValidLabel)) return undefined;
  return { labels: labels.reverse() };
}

/** `domain::to_string`: labels back in reading order, joined with dots. */
export function domainToString(domain: DomainValue): string {
  return [...domain.labels].reverse().join('.');
}

function isValidLabel(label: string): boolean {
  if (label.length < 1 || label.length > MAX_LABEL_LENGTH) return false;
  // a-z, 0-9, and '-' anywhere but the ends (SuiNS rejects uppercase rather than folding it).
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(label);
}

/**
 * SuiNS's `split_by_dot`: a trailing dot yields no empty last label (`"a.sui."` → [a, sui]) while
 * leading or doubled dots yield empty labels that then fail validation.
 */
function splitByDot(name: string): string[] {
  const parts: string[] = [];
  let rest = name;
  while (rest.length > 0) {
    const dot = rest.indexOf('.');
    if (dot < 0) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, dot));
    rest = rest.slice(dot + 1);
  }
  return parts;
}
