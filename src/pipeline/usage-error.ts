/**
 * A mistake in how a command was called or configured: a flag, a config key, a path.
 * The message alone tells the person what to change; the CLI exits 2 on it.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
