/**
 * A failed case's `reason` is read in a terminal, a CI log and the HTML report, next to
 * hundreds of others. Left alone it can run to 20,000 characters: Prism lists a `oneOf`
 * violation once per branch, and one check's message can quote that list whole. So the
 * reason is cut down to a few lines that say what failed and how much more there is;
 * the full text stays available elsewhere (the caller keeps it as `detail`).
 */

/** Items a `; `-separated list keeps before `; and N more`: enough to see the pattern. */
const MAX_ITEMS = 3;
/** One line per failed check, each short enough to read without scrolling sideways. */
const MAX_LINE = 200;
/** Failed checks shown before `and N more checks failed`. */
const MAX_LINES = 4;

/** Both Prism (`Request/Response not valid: a; b; c`, `sl-violations`) and our own checks join violations with this. */
const ITEM_SEPARATOR = '; ';
/** Our own tails, recognised so that shortening an already short reason changes nothing. */
const MORE_ITEMS = /^and (\d+) more(\)*)$/;
const CLOSEST_BRANCH = /^closest is #\d+/;
const MORE_CHECKS = /^and (\d+) more checks? failed$/;

const moreChecks = (count: number) => `and ${count} more ${count === 1 ? 'check' : 'checks'} failed`;

/**
 * `full` is one line per failed check (`name: message`). Each line keeps the first 3
 * items of its `; `-separated list, then `; and N more`, and is at most 200 characters;
 * at most 4 lines are kept, then `and N more checks failed`. The result is never longer
 * than `limit`, and shortening its own output again changes nothing.
 */
export function shortenReason(full: string, limit = 600): string {
  if (limit <= 0) return '';
  let lines = full.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  let hidden = 0;
  const previous = MORE_CHECKS.exec(lines.at(-1) ?? '');
  if (previous) {
    hidden += Number(previous[1]);
    lines = lines.slice(0, -1);
  }
  const shown = lines.slice(0, MAX_LINES).map(shortenLine);
  hidden += lines.length - shown.length;

  const tail = () => (hidden > 0 ? `\n${moreChecks(hidden)}` : '');
  // Fewer whole lines read better than every line cut short: drop from the end first.
  while (shown.length > 1 && shown.join('\n').length + tail().length > limit) {
    shown.pop();
    hidden++;
  }
  const result = shown.join('\n') + tail();
  if (result.length <= limit) return result;
  // One line that still does not fit a small limit: cut it, keeping the count if it fits.
  if (tail().length < limit && shown.length === 1) return cutAtWord(shown[0]!, limit - tail().length) + tail();
  return cutAtWord(result, limit);
}

/** One check's line: its list shortened to a few items, the whole within MAX_LINE. */
function shortenLine(line: string): string {
  // Prism repeats one violation branch by branch: the same words twice say nothing new.
  // The first item carries the line's `name: …` prefix, so it is compared by its end.
  let items = splitItems(line).filter((item, index, all) => index === 0 || (all.indexOf(item) === index && !all[0]!.endsWith(`: ${item}`)));
  let more = 0;
  const previous = MORE_ITEMS.exec(items.at(-1) ?? '');
  if (previous && items.length > 1) {
    more += Number(previous[1]);
    items = items.slice(0, -1);
  }
  more += Math.max(0, items.length - MAX_ITEMS);
  items = items.slice(0, MAX_ITEMS);
  if (more === 0 && items.length === 1 && items[0] === line && line.length <= MAX_LINE) return line;

  // The list often sits inside parentheses (`expected 200, got 422 (Response not valid: a; b; c)`):
  // what is cut off includes the closing one, which is put back after the count.
  const trailingClosers = /\)*$/.exec(line)![0].length;
  const closers = (head: string) => ')'.repeat(Math.min(trailingClosers, Math.max(0, count(head, '(') - count(head, ')'))));
  const build = (head: string, hiddenItems: number) => `${head}${hiddenItems > 0 ? `${ITEM_SEPARATOR}and ${hiddenItems} more` : ''}${closers(head)}`;

  // As many whole items as fit; a line with its first item whole is clearer than three cut ones.
  for (let keep = items.length; keep >= 1; keep--) {
    const candidate = build(items.slice(0, keep).join(ITEM_SEPARATOR), more + items.length - keep);
    if (candidate.length <= MAX_LINE) return candidate;
  }
  const hiddenItems = more + items.length - 1;
  const suffix = hiddenItems > 0 ? `${ITEM_SEPARATOR}and ${hiddenItems} more` : '';
  return build(cutAtWord(items[0]!, MAX_LINE - suffix.length - trailingClosers), hiddenItems);
}

/**
 * The line's list items. schema-validator's sentence for a failed oneOf/anyOf,
 * `/pet matches none of 3 oneOf branches; closest is #2 (Cat): …`, holds the separator
 * itself: its `closest is` half is put back with the half it belongs to.
 */
function splitItems(line: string): string[] {
  const items: string[] = [];
  for (const item of line.split(ITEM_SEPARATOR)) {
    if (items.length > 0 && CLOSEST_BRANCH.test(item)) items[items.length - 1] += ITEM_SEPARATOR + item;
    else items.push(item);
  }
  return items;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/**
 * `text` in at most `max` characters: cut at the last space or line break (if that keeps at least half),
 * with `…` to show the cut. Never splits a surrogate pair.
 */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let head = text.slice(0, max - 1);
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'));
  if (space >= head.length / 2) head = head.slice(0, space);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  // A cut after `;`, `,`, `:` or `(` reads as if something were about to follow the `…`.
  return `${head.replace(/[\s;,:(]+$/, '')}…`;
}
