// The recovery code's confirm step: the learner retypes its last group, which shows
// they have it written down without making them type all of it.

export function lastGroup(code: string): string {
  const groups = code.split('-');
  return groups[groups.length - 1] ?? '';
}

/** Compares as the core reads codes: case, spaces and the confusable letters do not matter. */
export function sameGroup(typed: string, group: string): boolean {
  const normal = (s: string) =>
    s
      .toUpperCase()
      .replace(/[\s-]/g, '')
      .replace(/O/g, '0')
      .replace(/[IL]/g, '1');
  return group.length > 0 && normal(typed) === normal(group);
}
