/** A selector kept in the address (`?tahun=2024`, `?periode=2025`), so a chosen view can be shared, bookmarked and reloaded. */
import { hashParam, useHash, withHashParam } from '../router.ts';

export function useHashChoice(name: string): string | null {
  return hashParam(useHash(), name);
}

export function HashSelect({
  label,
  name,
  options,
  value,
  testId,
  hideLabel = false,
}: {
  label: string;
  name: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  value: string;
  testId?: string;
  hideLabel?: boolean;
}) {
  return (
    <label className="select">
      <span className={hideLabel ? 'visually-hidden' : undefined}>{label}</span>
      <select
        value={value}
        data-testid={testId}
        onChange={(e) => {
          window.location.hash = withHashParam(window.location.hash, name, e.target.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
