/** Whether any `$ref` in a spec's text leads out of the file (anything but `#…`): its content alone does not say what it means. */
export function hasExternalRefs(text: string): boolean {
  return /["']?\$ref["']?\s*:\s*["']?(?!#)[^\s"',}]/.test(text);
}
