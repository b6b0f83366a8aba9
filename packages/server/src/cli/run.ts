/**
 * Errors an operator can act on (bad settings, a service down, a folder in use, a refused or
 * unreadable result sheet): one line, no stack trace.
 */
const OPERATOR_ERRORS = new Set([
  'DatabaseUnreachableError',
  'DataDirLockedError',
  'RedisUnreachableError',
  'ConfigError',
  'IngestionError',
  'ResultSheetError',
  'WitnessFetchError',
]);

export function isOperatorError(err: unknown): err is Error {
  return err instanceof Error && OPERATOR_ERRORS.has(err.name);
}

/** Runs a CLI entry: exit 0 on success, one clear line and exit 1 on a known failure. */
export function runCli(main: (args: string[]) => Promise<void>): void {
  main(process.argv.slice(2)).then(
    () => process.exit(process.exitCode ?? 0),
    (err: unknown) => {
      console.error(isOperatorError(err) ? `pantau: ${err.message}` : err);
      process.exit(1);
    },
  );
}
