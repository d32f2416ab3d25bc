import type { StatePlan } from './plan-types.js';

/**
 * What a person starting the mock should know of its memory, in a few lines: which
 * operations open, rotate and close sessions, who can sign in, and the collections.
 */
export function describePlan(plan: StatePlan, options: { stateless: boolean }): string[] {
  if (options.stateless) return ['none (--stateless): Prism\'s rules alone; any credential is let in'];
  const operations = Object.values(plan.operations);
  const lines: string[] = [];
  if (plan.sessions) {
    const verbs: Record<string, string> = { create: 'opens', rotate: 'rotates', destroy: 'closes', register: 'registers', 'current-user': 'is the user', list: 'lists', revoke: 'revokes' };
    const roles = operations.filter((operation) => operation.role).map((operation) => `${operation.operationId} ${verbs[operation.role!]}`);
    lines.push(`sessions: ${roles.join(', ')}`);
    const protectedCount = operations.filter((operation) => operation.requirements && operation.role !== 'create' && operation.role !== 'register').length;
    const accounts = plan.sessions.seedAccounts.map((account) => account.identifier);
    lines.push(`${protectedCount} operation${protectedCount === 1 ? '' : 's'} need a live session; ${accounts.length > 0 ? `sign in as ${accounts.join(', ')} (the spec's example)` : 'register an account first'}`);
  }
  for (const collection of plan.collections) lines.push(`collection ${collection.path}${collection.itemPath ? ` and ${collection.itemPath}` : ''}: ${collection.seed.length} documented entit${collection.seed.length === 1 ? 'y' : 'ies'} to start`);
  if (lines.length === 0) lines.push('none: the spec marks no session (x-authkit-session) and no collection; Prism\'s rules');
  return lines;
}
