/** What a refused service call threw, as clients see it: its code and field; 'accepted' when it went through. */
export async function refusal(run: Promise<unknown>): Promise<{ code?: string; field?: string } | 'accepted'> {
  const err = await run.then(
    () => null,
    (e: unknown) => e as { extensions?: { code?: string; field?: string } },
  );
  return err ? { code: err.extensions?.code, field: err.extensions?.field } : 'accepted';
}
