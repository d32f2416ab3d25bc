// The names of a schemas.ts module's exports: `z` and a PascalCase identifier made from
// a component's name or an operation's id. Names the spec allows but TypeScript does not
// (`Foo.Bar`, `foo-bar`, `2fa`) are sanitized; two that come out alike are told apart by
// a number, in the order they are claimed, so the module is the same on every run.

/** `Foo.Bar` → `FooBar`, `list-users` → `ListUsers`, `user` → `User`, `2fa` → `_2fa`. */
export function pascalIdentifier(name: string): string {
  const words = name.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
  const joined = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  if (!joined) return '_';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** Export names, each given out once: a later claim of a taken name gets the first free `2`, `3`, … after it. */
export class ExportNames {
  private readonly taken = new Set<string>(['z', 'operations']);

  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}${n}`;
    this.taken.add(name);
    return name;
  }
}
