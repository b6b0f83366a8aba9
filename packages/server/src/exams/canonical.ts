import { hash } from 'node:crypto';

/**
 * JSON with keys sorted at every level: the same value always hashes the same. Written as loops
 * (every score log entry goes through it inside the ingestion transaction); keys sort by UTF-16
 * code unit, as `<` compares them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i ? ',' : ''}${canonicalJson(value[i]) ?? ''}`;
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item !== undefined) out += `${out ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `{${out}}`;
}

export function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}
