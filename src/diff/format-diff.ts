import type { Change, ContractDiff } from './change.js';

/** Whether the diff should fail a build: a breaking change without a new major version. */
export function diffFails(diff: ContractDiff): boolean {
  return diff.breaking && !diff.majorBump;
}

function versions(diff: ContractDiff): string {
  const side = (version: ContractDiff['base']) => `${version.version || '?'} (${version.label})`;
  return `${diff.head.title}: ${side(diff.base)} → ${side(diff.head)}`;
}

const line = (change: Change) => `${change.operation ? `\`${change.operation}\` ` : ''}${change.where === 'operation' ? '' : `${change.where}: `}${change.message} (${change.kind})`;

/**
 * The diff as Markdown: the API's changelog between two versions, breaking changes
 * first. `authkit diff --base v1.0.0 --head v1.1.0 --format markdown` between two tags.
 */
export function toMarkdown(diff: ContractDiff): string {
  const breaking = diff.changes.filter((change) => change.breaking);
  const other = diff.changes.filter((change) => !change.breaking);
  const lines = [`## ${versions(diff)}`, ''];
  if (diff.changes.length === 0) return [...lines, 'No change to the contract.', ''].join('\n');
  if (breaking.length > 0) {
    lines.push(`### ⚠️ Breaking changes (${breaking.length})${diff.majorBump ? ', announced by the new major version' : ''}`, '');
    for (const change of breaking) lines.push(`- ${line(change)}`);
    lines.push('');
  }
  if (other.length > 0) {
    lines.push(`### Other changes (${other.length})`, '');
    for (const change of other) lines.push(`- ${line(change)}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** One annotation per change: errors for breaking ones (warnings after a major bump), notices for the rest. */
export function annotationsOf(diff: ContractDiff): Array<{ level: 'error' | 'warning' | 'notice'; title: string; message: string }> {
  return diff.changes.map((change) => ({
    level: change.breaking ? (diff.majorBump ? 'warning' : 'error') : 'notice',
    title: `${change.breaking ? 'breaking change' : 'change'}: ${change.operation ?? diff.head.title}`,
    message: `${change.where === 'operation' ? '' : `${change.where}: `}${change.message} (${change.kind})`,
  }));
}

export function toJson(diff: ContractDiff): string {
  return JSON.stringify({ ...diff, fails: diffFails(diff) }, null, 2);
}
