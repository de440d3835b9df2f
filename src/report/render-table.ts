/** A left-aligned text table; cells must not contain ANSI codes that change width (colour is fine). */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // Colour codes take no width: the escape character is what this pattern is for.
  // eslint-disable-next-line no-control-regex
  const visible = (text: string): number => text.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = header.map((title, i) => Math.max(visible(title), ...rows.map((row) => visible(row[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visible(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
